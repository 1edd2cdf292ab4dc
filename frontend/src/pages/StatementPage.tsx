import { useEffect, useState } from 'react';
import { ApiRequestError, request } from '../api/client';
import type { ApiError } from '../api/client';
import { errorMessage } from '../api/errors';
import { StatementQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { Page } from '../components/Page';
import { Prose } from '../components/Prose';
import { useI18n } from '../i18n';

/**
 * The accessibility statement (toegankelijkheidsverklaring) or the privacy
 * statement: the municipality's own text, or Plein's default, in the
 * reader's language.
 */
export function StatementPage({ kind }: { kind: 'accessibility' | 'privacy' }) {
  const { t, locale } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    setHtml(null);
    setError(null);
    request(StatementQuery, {
      kind: kind === 'accessibility' ? 'ACCESSIBILITY' : 'PRIVACY',
      locale: locale === 'en' ? 'EN' : 'NL',
    }).then(
      (data) => {
        if (live) setHtml(data.statement.html);
      },
      (e: unknown) => {
        if (live) setError((e instanceof ApiRequestError && e.errors[0]) || { message: String(e), code: 'INTERNAL' });
      },
    );
    return () => {
      live = false;
    };
  }, [kind, locale]);
  return (
    <Page title={t(kind === 'accessibility' ? 'statement.accessibility.title' : 'statement.privacy.title')}>
      {error && <Alert kind="error">{errorMessage(error, t)}</Alert>}
      {html === null && !error && <p className="utrecht-paragraph">{t('statement.loading')}</p>}
      {html !== null && <Prose html={html} />}
    </Page>
  );
}
