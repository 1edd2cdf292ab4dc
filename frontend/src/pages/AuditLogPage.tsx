import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../api/client';
import { AuditLogQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { Button, Page } from '../components/Page';
import type { AuditLogQuery as AuditLogResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useSession } from '../session';

type Entry = AuditLogResult['auditLog']['nodes'][number];

const ACTION_KEYS: Record<string, MessageKey> = {
  hide: 'audit.action.hide',
  unhide: 'audit.action.unhide',
  block: 'audit.action.block',
  unblock: 'audit.action.unblock',
  dismiss_report: 'audit.action.dismiss_report',
  set_role: 'audit.action.set_role',
  'user.set_role': 'audit.action.set_role',
  'user.delete': 'audit.action.user.delete',
  'area.create': 'audit.action.area.create',
  'area.rename': 'audit.action.area.rename',
  'area.move': 'audit.action.area.move',
};

const FIELD_KEYS: Record<string, MessageKey> = {
  reason: 'audit.reason',
  from: 'audit.field.from',
  to: 'audit.field.to',
  name: 'audit.field.name',
};

const KIND_KEYS: Record<string, MessageKey> = {
  idea: 'moderation.kind.IDEA',
  plan: 'moderation.kind.PLAN',
  comment: 'moderation.kind.COMMENT',
  group: 'moderation.kind.GROUP',
  user: 'moderation.kind.USER',
  report: 'audit.kind.report',
  area: 'audit.kind.area',
};

/** The entry's details (JSON text) as "key: value" lines; the text itself if it is no JSON object. */
function details(detail: string): { key: string; value: string }[] {
  try {
    const parsed: unknown = JSON.parse(detail);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .filter(([, value]) => value !== null && value !== '')
        .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
    }
  } catch {
    // Not JSON: show it as it is.
  }
  return detail ? [{ key: '', value: detail }] : [];
}

function EntryItem({ entry }: { entry: Entry }) {
  const { t, dateTime } = useI18n();
  const actionKey = ACTION_KEYS[entry.action];
  const action = actionKey ? t(actionKey) : entry.action;
  const kindKey = KIND_KEYS[entry.subjectKind.toLowerCase()];
  const kind = kindKey ? t(kindKey) : entry.subjectKind;
  const headingId = `audit-${entry.id}`;
  return (
    <li className="plein-card plein-audit-entry">
      <article aria-labelledby={headingId}>
        <h2 id={headingId} className="utrecht-heading-3">
          {action}
        </h2>
        <dl className="plein-facts">
          <dt>{t('audit.when')}</dt>
          <dd>{dateTime(entry.createdAt)}</dd>
          <dt>{t('audit.actor')}</dt>
          <dd>{entry.actor?.displayName ?? t('thread.unknown')}</dd>
          <dt>{t('audit.subject')}</dt>
          <dd className="plein-break">
            {kind} <span className="plein-kind">({entry.subjectId})</span>
          </dd>
          {details(entry.detail).map(({ key, value }) => {
            const fieldKey = FIELD_KEYS[key];
            return (
              <div key={key || 'detail'} className="plein-facts__row">
                <dt>{fieldKey ? t(fieldKey) : key || t('audit.detail')}</dt>
                <dd className="plein-break">{value}</dd>
              </div>
            );
          })}
        </dl>
      </article>
    </li>
  );
}

/** Every privileged action, newest first. Admins only. */
export function AuditLogPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async (after: string | null) => {
    try {
      const data = await request(AuditLogQuery, { after });
      const log = data.auditLog;
      setEntries((old) => (after ? [...(old ?? []), ...log.nodes] : log.nodes));
      setTotal(log.totalCount);
      setNext(log.pageInfo.hasNextPage ? (log.pageInfo.endCursor ?? null) : null);
    } catch {
      setEntries((old) => old ?? []);
      setFailed(true);
    }
  }, []);

  useEffect(() => {
    if (me?.role === 'ADMIN') void load(null);
  }, [me, load]);

  if (me === undefined) {
    return (
      <Page title={t('audit.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (me?.role !== 'ADMIN') {
    return (
      <Page title={t('audit.title')}>
        <Alert kind="warning">
          <p className="utrecht-paragraph">
            {me ? t('audit.forbidden') : t('audit.signInFirst')}{' '}
            {!me && (
              <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
                {t('nav.signIn')}
              </Link>
            )}
          </p>
        </Alert>
      </Page>
    );
  }
  return (
    <Page title={t('audit.title')}>
      <p className="utrecht-paragraph">{t('audit.intro', { count: total })}</p>
      {failed && <Alert kind="error">{t('error.INTERNAL')}</Alert>}
      {entries === null && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {entries && entries.length === 0 && !failed && <p className="utrecht-paragraph">{t('audit.empty')}</p>}
      {entries && entries.length > 0 && (
        <ol className="plein-reports">
          {entries.map((entry) => (
            <EntryItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {next && (
        <Button kind="secondary" onClick={() => void load(next)}>
          {t('feed.more')}
        </Button>
      )}
    </Page>
  );
}
