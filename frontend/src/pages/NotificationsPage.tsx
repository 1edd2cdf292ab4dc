import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { MarkNotificationsReadMutation, MyNotificationsQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { Button, Page } from '../components/Page';
import { ideaStatusKey } from '../content/labels';
import type { IdeaStatus, MyNotificationsQuery as Result, NotificationKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useSession } from '../session';
import { notifyUnreadChanged } from './unread';

type Item = Result['myNotifications']['nodes'][number];

const KIND_KEYS: Record<NotificationKind, MessageKey> = {
  COMMENT: 'notifications.kind.COMMENT',
  REPLY: 'notifications.kind.REPLY',
  OFFICIAL_REPLY: 'notifications.kind.OFFICIAL_REPLY',
  IDEA_STATUS: 'notifications.kind.IDEA_STATUS',
  IDEA_PUBLISHED: 'notifications.kind.IDEA_PUBLISHED',
  PLAN_OPENED: 'notifications.kind.PLAN_OPENED',
  PLAN_CLOSING: 'notifications.kind.PLAN_CLOSING',
  PLAN_RESPONDED: 'notifications.kind.PLAN_RESPONDED',
  THRESHOLD_REACHED: 'notifications.kind.THRESHOLD_REACHED',
  GROUP_INVITATION: 'notifications.kind.GROUP_INVITATION',
  JOIN_REQUEST: 'notifications.kind.JOIN_REQUEST',
  JOIN_ANSWERED: 'notifications.kind.JOIN_ANSWERED',
  TASK_ASSIGNED: 'notifications.kind.TASK_ASSIGNED',
  MEETING_SCHEDULED: 'notifications.kind.MEETING_SCHEDULED',
  DECISION_OPENED: 'notifications.kind.DECISION_OPENED',
  DECISION_CLOSING: 'notifications.kind.DECISION_CLOSING',
  BUDGET_PHASE: 'notifications.kind.BUDGET_PHASE',
};

const BUDGET_PHASES = new Set(['submitting', 'assessment', 'voting', 'result', 'realisation']);

/**
 * The text for kinds whose `detail` changes what happened: a join request
 * approved or declined, a meeting scheduled, changed or cancelled.
 */
function kindKey(item: Item): MessageKey {
  const detail = (item.detail ?? '').trim().toLowerCase();
  if (item.kind === 'JOIN_ANSWERED') {
    if (detail === 'approved') return 'notifications.kind.JOIN_ANSWERED.approved';
    if (detail === 'declined') return 'notifications.kind.JOIN_ANSWERED.declined';
  }
  if (item.kind === 'BUDGET_PHASE') {
    const phase = detail.split(' ')[0] ?? '';
    if (BUDGET_PHASES.has(phase)) return `notifications.kind.BUDGET_PHASE.${phase}` as MessageKey;
  }
  if (item.kind === 'MEETING_SCHEDULED') {
    const what = detail.split(' ')[0];
    if (what === 'changed') return 'notifications.kind.MEETING_SCHEDULED.changed';
    if (what === 'cancelled') return 'notifications.kind.MEETING_SCHEDULED.cancelled';
  }
  return KIND_KEYS[item.kind];
}

/** A moment in `detail` (after a leading word, for meetings), or the date of a task. */
function detailWhen(item: Item, dateTime: (iso: string) => string, date: (iso: string) => string): string {
  const detail = (item.detail ?? '').trim();
  if (!detail) return '';
  if (item.kind === 'TASK_ASSIGNED') {
    return /^\d{4}-\d{2}-\d{2}$/.test(detail) ? date(`${detail}T12:00:00Z`) : detail;
  }
  const moment =
    item.kind === 'MEETING_SCHEDULED' || item.kind === 'BUDGET_PHASE' ? detail.split(' ').slice(1).join(' ') : detail;
  return moment && !Number.isNaN(Date.parse(moment)) ? dateTime(moment) : moment;
}

function subjectPath(item: Item): string | null {
  switch (item.subjectKind) {
    case 'IDEA':
      return `/ideeen/${item.subjectId}`;
    case 'PLAN':
      return `/plannen/${item.subjectId}`;
    case 'GROUP':
      return `/werkgroepen/${item.subjectId}`;
    case 'BUDGET_PROJECT':
      return `/begroting/projecten/${item.subjectId}`;
    case 'BUDGET_ROUND':
      return `/begroting/${item.subjectId}`;
    default:
      return null;
  }
}

const IDEA_STATUSES = new Set<string>([
  'DRAFT',
  'PUBLISHED',
  'UNDER_REVIEW',
  'ACCEPTED',
  'IN_PROGRESS',
  'REALISED',
  'DECLINED',
  'WITHDRAWN',
]);

const GROUP_KINDS_WITH_TIME = new Set<NotificationKind>([
  'TASK_ASSIGNED',
  'MEETING_SCHEDULED',
  'DECISION_OPENED',
  'DECISION_CLOSING',
  'BUDGET_PHASE',
]);

function Entry({ item, onRead, busy }: { item: Item; onRead: (id: string) => void; busy: boolean }) {
  const { t, dateTime, date } = useI18n();
  const unread = !item.readAt;
  const status = (item.detail ?? '').toUpperCase();
  const when = detailWhen(item, dateTime, date);
  const what = t(kindKey(item), {
    actor: item.actorName ?? t('notifications.someone'),
    status: IDEA_STATUSES.has(status) ? t(ideaStatusKey(status as IdeaStatus)) : '',
    threshold: item.detail ?? '',
  });
  const path = subjectPath(item);
  const headingId = `notification-${item.id}`;
  return (
    <li className={`plein-notification${unread ? ' plein-notification--unread' : ''}`}>
      <p className="utrecht-paragraph" id={headingId}>
        {unread && <span className="plein-visually-hidden">{t('notifications.unread')}: </span>}
        <strong>{what}</strong>{' '}
        {path ? (
          <Link className="utrecht-link utrecht-link--html-a" to={path}>
            {item.subjectTitle}
          </Link>
        ) : (
          item.subjectTitle
        )}
      </p>
      {item.text && <p className="utrecht-paragraph">“{item.text}”</p>}
      {when && GROUP_KINDS_WITH_TIME.has(item.kind) && (
        <p className="utrecht-paragraph">{t(`notifications.when.${item.kind}` as MessageKey, { when })}</p>
      )}
      <p className="utrecht-paragraph plein-hint">{dateTime(item.createdAt)}</p>
      {unread && (
        <Button kind="subtle" disabled={busy} describedBy={headingId} onClick={() => onRead(item.id)}>
          {t('notifications.markRead')}
        </Button>
      )}
    </li>
  );
}

export function NotificationsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [items, setItems] = useState<Item[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  const fail = useCallback(
    (err: unknown) =>
      setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL')),
    [t],
  );

  const load = useCallback(async () => {
    try {
      const data = await request(MyNotificationsQuery, {});
      setItems(data.myNotifications.nodes);
      setUnread(data.unreadNotificationCount);
      setNext(data.myNotifications.pageInfo.hasNextPage ? (data.myNotifications.pageInfo.endCursor ?? null) : null);
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  useEffect(() => {
    if (me) void load();
  }, [me, load]);

  const more = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const data = await request(MyNotificationsQuery, { after: next });
      setItems((old) => [...(old ?? []), ...data.myNotifications.nodes]);
      setNext(data.myNotifications.pageInfo.hasNextPage ? (data.myNotifications.pageInfo.endCursor ?? null) : null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const markRead = async (input: { ids: string[] } | { all: true }) => {
    setBusy(true);
    try {
      const data = await request(MarkNotificationsReadMutation, { input });
      const now = new Date().toISOString();
      setItems((old) =>
        (old ?? []).map((n) => ('all' in input || input.ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)),
      );
      setUnread(data.markNotificationsRead.unreadCount);
      setMessage(t('notifications.marked'));
      notifyUnreadChanged();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (me === null) {
    return (
      <Page title={t('notifications.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('notifications.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }

  return (
    <Page title={t('notifications.title')}>
      <p className="utrecht-paragraph" id="unread-count">
        {t('notifications.unreadCount', { count: unread })}
      </p>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to="/profiel#meldingen">
          {t('notifications.preferences')}
        </Link>
      </p>
      {unread > 0 && (
        <Button kind="secondary" disabled={busy} describedBy="unread-count" onClick={() => void markRead({ all: true })}>
          {t('notifications.markAllRead')}
        </Button>
      )}
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
      {problem && <Alert kind="error">{problem}</Alert>}
      {items === null ? (
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="utrecht-paragraph">{t('notifications.empty')}</p>
      ) : (
        <ul className="plein-notifications">
          {items.map((item) => (
            <Entry key={item.id} item={item} busy={busy} onRead={(id) => void markRead({ ids: [id] })} />
          ))}
        </ul>
      )}
      {next && (
        <Button kind="secondary" disabled={busy} onClick={() => void more()}>
          {t('notifications.more')}
        </Button>
      )}
    </Page>
  );
}
