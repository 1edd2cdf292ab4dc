import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { RequestPasswordResetMutation, RequestSignInLinkMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';

/**
 * Asks for a mail with a link: a sign-in link (`/inloggen/link`) or a
 * password reset (`/wachtwoord-vergeten`). The links themselves go to pages
 * the server renders, so the web app never handles their tokens. The answer
 * is the same whether or not the address has an account.
 */
export function MailRequestPage({ kind }: { kind: 'signInLink' | 'passwordReset' }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) {
      show({ fields: { email: t('signIn.email.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      const input = { email: email.trim() };
      if (kind === 'signInLink') await request(RequestSignInLinkMutation, { input });
      else await request(RequestPasswordResetMutation, { input });
      clear();
      setSent(email.trim());
    } catch (err) {
      show(formErrors(err, t, { email: 'email' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={kind === 'signInLink' ? t('mailLink.signIn.title') : t('mailLink.reset.title')}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">
        {kind === 'signInLink' ? t('mailLink.signIn.intro') : t('mailLink.reset.intro')}
      </p>
      <div role="status" aria-live="polite">
        {sent && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">
              {kind === 'signInLink' ? t('mailLink.signIn.sent', { email: sent }) : t('mailLink.reset.sent', { email: sent })}
            </p>
          </div>
        )}
      </div>
      <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
        {errors.form.length > 0 && (
          <Alert kind="error">
            {errors.form.map((message) => (
              <p key={message} className="utrecht-paragraph">
                {message}
              </p>
            ))}
          </Alert>
        )}
        <TextField
          id="email"
          type="email"
          label={t('signIn.email.label')}
          error={errors.fields.email}
          value={email}
          onChange={setEmail}
          autoComplete="email"
          required
        />
        <Button type="submit" disabled={busy}>
          {kind === 'signInLink' ? t('mailLink.signIn.submit') : t('mailLink.reset.submit')}
        </Button>
      </form>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
          {t('mailLink.back')}
        </Link>
      </p>
    </Page>
  );
}
