import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { DismissReportMutation, ModerationQueueQuery, SetBlockedMutation, SetHiddenMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { TextAreaField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import type { ReportFieldsFragment, ReportSubjectKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

type Report = ReportFieldsFragment;

export function mayModerate(role: string | undefined): boolean {
  return role === 'MODERATOR' || role === 'ADMIN';
}

const KIND_KEYS: Record<ReportSubjectKind, MessageKey> = {
  IDEA: 'moderation.kind.IDEA',
  PLAN: 'moderation.kind.PLAN',
  COMMENT: 'moderation.kind.COMMENT',
  GROUP: 'moderation.kind.GROUP',
  USER: 'moderation.kind.USER',
  BUDGET_PROJECT: 'moderation.kind.BUDGET_PROJECT',
};

const RESOLUTION_KEYS: Record<string, MessageKey> = {
  hidden: 'moderation.resolution.hidden',
  dismissed: 'moderation.resolution.dismissed',
  blocked: 'moderation.resolution.blocked',
};

/** The page of what was reported, where there is one (comments and people have none). */
function subjectPath(report: Report): string | null {
  switch (report.subjectKind) {
    case 'IDEA':
      return `/ideeen/${report.subjectId}`;
    case 'PLAN':
      return `/plannen/${report.subjectId}`;
    case 'GROUP':
      return `/werkgroepen/${report.subjectId}`;
    case 'BUDGET_PROJECT':
      return `/begroting/projecten/${report.subjectId}`;
    default:
      return null;
  }
}

type Action = 'hide' | 'unhide' | 'dismiss' | 'block' | 'unblock';

function ReportItem({ report, onDone }: { report: Report; onDone: (message: string) => Promise<void> }) {
  const { t, dateTime } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const headingId = `report-${report.id}`;
  const reasonId = `report-${report.id}-reason`;
  const path = subjectPath(report);
  const excerpt = report.excerpt ?? t('moderation.gone');
  const open = !report.resolvedAt;
  const isUser = report.subjectKind === 'USER';
  const resolutionKey = report.resolution ? RESOLUTION_KEYS[report.resolution] : undefined;

  const run = async (action: Action) => {
    const text = reason.trim();
    // Hiding and blocking need a reason for the log; dismissing may go without.
    if ((action !== 'dismiss' || text) && (text.length < 3 || text.length > 1000)) {
      show({ fields: { reason: t('moderation.reason.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      if (action === 'hide' || action === 'unhide') {
        await request(SetHiddenMutation, {
          input: { subjectKind: report.subjectKind, subjectId: report.subjectId, hidden: action === 'hide', reason: text },
        });
      } else if (action === 'block' || action === 'unblock') {
        await request(SetBlockedMutation, { input: { userId: report.subjectId, blocked: action === 'block', reason: text } });
      } else {
        await request(DismissReportMutation, { input: { reportId: report.id, reason: text || null } });
      }
      clear();
      setReason('');
      await onDone(t(`moderation.done.${action}`, { excerpt }));
    } catch (err) {
      show(formErrors(err, t, { reason: 'reason' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="plein-card plein-report-item">
      <article aria-labelledby={headingId}>
        <h3 id={headingId} className="utrecht-heading-3">
          {t(KIND_KEYS[report.subjectKind])}:{' '}
          {path ? (
            <Link className="utrecht-link utrecht-link--html-a" to={path}>
              {excerpt}
            </Link>
          ) : (
            <span className="plein-break">{excerpt}</span>
          )}
        </h3>
        <dl className="plein-facts">
          <dt>{t('moderation.reason')}</dt>
          <dd className="plein-break">{report.reason}</dd>
          <dt>{t('moderation.reporter')}</dt>
          <dd>{report.reporter?.displayName ?? t('thread.unknown')}</dd>
          <dt>{t('moderation.reportedAt')}</dt>
          <dd>{dateTime(report.createdAt)}</dd>
          <dt>{t('moderation.state')}</dt>
          <dd>
            {report.actedOn ? t(isUser ? 'moderation.state.blocked' : 'moderation.state.hidden') : t('moderation.state.visible')}
          </dd>
          {report.resolvedAt && (
            <>
              <dt>{t('moderation.resolution')}</dt>
              <dd>
                {resolutionKey ? t(resolutionKey) : (report.resolution ?? '')}{' '}
                ({dateTime(report.resolvedAt)})
              </dd>
            </>
          )}
        </dl>
        <form ref={formRef} noValidate className="plein-form plein-report-item__form" onSubmit={(event) => event.preventDefault()} aria-labelledby={headingId}>
          {errors.form.length > 0 && (
            <Alert kind="error">
              {errors.form.map((message) => (
                <p key={message} className="utrecht-paragraph">
                  {message}
                </p>
              ))}
            </Alert>
          )}
          <TextAreaField
            id={reasonId}
            label={t('moderation.actionReason.label')}
            description={t('moderation.actionReason.description')}
            error={errors.fields.reason}
            value={reason}
            onChange={setReason}
            rows={2}
            maxLength={1000}
          />
          <div className="plein-actions">
            {!isUser &&
              (report.actedOn ? (
                <Button kind="secondary" disabled={busy} describedBy={headingId} onClick={() => void run('unhide')}>
                  {t('moderation.unhide')}
                </Button>
              ) : (
                <Button disabled={busy} describedBy={headingId} onClick={() => void run('hide')}>
                  {t('moderation.hide')}
                </Button>
              ))}
            {isUser &&
              (report.actedOn ? (
                <Button kind="secondary" disabled={busy} describedBy={headingId} onClick={() => void run('unblock')}>
                  {t('moderation.unblock')}
                </Button>
              ) : (
                <Button disabled={busy} describedBy={headingId} onClick={() => void run('block')}>
                  {t('moderation.block')}
                </Button>
              ))}
            {open && (
              <Button kind="secondary" disabled={busy} describedBy={headingId} onClick={() => void run('dismiss')}>
                {t('moderation.dismiss')}
              </Button>
            )}
          </div>
        </form>
      </article>
    </li>
  );
}

/** The moderators' queue: open reports oldest first, or every report. */
export function ModerationPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const location = useLocation();
  const [openOnly, setOpenOnly] = useState(true);
  const [reports, setReports] = useState<Report[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const allowed = mayModerate(me?.role);

  const load = useCallback(async () => {
    try {
      const data = await request(ModerationQueueQuery, { openOnly, after: null });
      const queue = data.moderationQueue;
      setReports(queue.nodes);
      setTotal(queue.totalCount);
      setNext(queue.pageInfo.hasNextPage ? (queue.pageInfo.endCursor ?? null) : null);
      setFailed(false);
    } catch {
      setReports([]);
      setFailed(true);
    }
  }, [openOnly]);

  useEffect(() => {
    if (allowed) void load();
  }, [allowed, load]);

  const more = async () => {
    if (!next) return;
    const data = await request(ModerationQueueQuery, { openOnly, after: next });
    const queue = data.moderationQueue;
    setReports((old) => [...(old ?? []), ...queue.nodes]);
    setNext(queue.pageInfo.hasNextPage ? (queue.pageInfo.endCursor ?? null) : null);
  };

  const done = async (message: string) => {
    await load();
    announce(message, location.pathname);
    document.getElementById('reports-heading')?.focus();
  };

  if (me === undefined) {
    return (
      <Page title={t('moderation.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (!allowed) {
    return (
      <Page title={t('moderation.title')}>
        <Alert kind="warning">
          <p className="utrecht-paragraph">
            {me ? t('moderation.forbidden') : t('moderation.signInFirst')}{' '}
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
    <Page title={t('moderation.title')}>
      <p className="utrecht-paragraph">{t('moderation.intro')}</p>
      <div className="utrecht-form-field utrecht-form-field--checkbox">
        <input
          id="show-closed"
          type="checkbox"
          className="utrecht-checkbox utrecht-checkbox--html-input"
          checked={!openOnly}
          onChange={(event) => {
            setReports(null);
            setOpenOnly(!event.target.checked);
          }}
        />{' '}
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor="show-closed">
          {t('moderation.showClosed')}
        </label>
      </div>
      <section aria-labelledby="reports-heading" className="plein-section">
        <h2 id="reports-heading" className="utrecht-heading-2" tabIndex={-1}>
          {openOnly ? t('moderation.open.heading', { count: total }) : t('moderation.all.heading', { count: total })}
        </h2>
        {failed && <Alert kind="error">{t('error.INTERNAL')}</Alert>}
        {reports === null && <p className="utrecht-paragraph">{t('common.loading')}</p>}
        {reports && reports.length === 0 && !failed && (
          <p className="utrecht-paragraph">{openOnly ? t('moderation.empty') : t('moderation.emptyAll')}</p>
        )}
        {reports && reports.length > 0 && (
          <ol className="plein-reports">
            {reports.map((report) => (
              <ReportItem key={report.id} report={report} onDone={done} />
            ))}
          </ol>
        )}
        {next && (
          <Button kind="secondary" onClick={() => void more()}>
            {t('feed.more')}
          </Button>
        )}
      </section>
    </Page>
  );
}
