import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import {
  GroupDetailQuery,
  HandOverGroupMutation,
  JoinGroupMutation,
  LeaveGroupMutation,
  RemoveGroupMemberMutation,
  SetGroupLinkMutation,
  SetGroupMemberRoleMutation,
} from '../api/operations';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FollowButton } from '../components/FollowButton';
import { ReportButton } from '../components/ReportButton';
import { Button, Page } from '../components/Page';
import { Thread } from '../components/Thread';
import { GroupCoordination } from '../components/groups/GroupCoordination';
import { GroupDecisions } from '../components/groups/GroupDecisions';
import { GroupMeetings } from '../components/groups/GroupMeetings';
import { GroupTasks } from '../components/groups/GroupTasks';
import { useAction, useProblemText } from '../components/groups/useAction';
import { useFormErrors } from '../components/useFormErrors';
import { groupRoleKey, ideaStatusKey, joinPolicyKey, planStatusKey, visibilityKey } from '../content/labels';
import type { GroupDetailQuery as Result } from '../gql/graphql';
import { Name, isolate, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { NotFoundPage } from './NotFoundPage';
import { Prose } from '../components/Prose';

type Group = NonNullable<Result['group']>;

function RequestForm({ group, onDone }: { group: Group; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await request(JoinGroupMutation, { input: { groupId: group.id, message: message.trim() || null } });
      clear();
      await onDone();
    } catch (err) {
      show(formErrors(err, t, { message: 'joinMessage' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextAreaField
        id="joinMessage"
        label={t('group.request.message.label')}
        description={t('group.request.message.description')}
        error={errors.fields.joinMessage}
        value={message}
        onChange={setMessage}
        rows={3}
        maxLength={500}
      />
      <Button type="submit" disabled={busy}>
        {t('group.request.submit')}
      </Button>
    </form>
  );
}

function Membership({ group, onChanged }: { group: Group; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { problem, busy, act } = useAction();

  let body;
  if (!me) {
    body = (
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
          {t('group.join.signIn')}
        </Link>
      </p>
    );
  } else if (group.viewerRole) {
    body = (
      <>
        <p className="utrecht-paragraph">{t('group.join.youAre', { role: t(groupRoleKey(group.viewerRole)) })}</p>
        <Button
          kind="secondary"
          disabled={busy}
          onClick={() => {
            if (!window.confirm(t('group.leave.confirm'))) return;
            void act(
              () => request(LeaveGroupMutation, { groupId: group.id }),
              async () => {
                announce(t('group.leave.done', { name: group.name }), '/werkgroepen');
                navigate('/werkgroepen');
              },
            );
          }}
        >
          {t('group.leave')}
        </Button>
      </>
    );
  } else if (group.viewerRequested) {
    body = <Alert kind="info">{t('group.request.sent')}</Alert>;
  } else if (group.joinPolicy === 'OPEN') {
    body = (
      <Button disabled={busy} onClick={() => void act(() => request(JoinGroupMutation, { input: { groupId: group.id } }), onChanged)}>
        {t('group.join')}
      </Button>
    );
  } else if (group.joinPolicy === 'REQUEST') {
    body = <RequestForm group={group} onDone={onChanged} />;
  } else {
    body = <p className="utrecht-paragraph">{t('group.join.inviteOnly')}</p>;
  }

  return (
    <section aria-labelledby="membership-heading" className="plein-section">
      <h2 id="membership-heading" className="utrecht-heading-2">
        {t('group.membership.heading')}
      </h2>
      {body}
      {problem && <Alert kind="error">{problem}</Alert>}
    </section>
  );
}

/** An idea or plan by its address (`/ideeen/…`, `/plannen/…`) or by its id with the kind chosen. */
function parseSubject(text: string, kind: 'IDEA' | 'PLAN'): { kind: 'IDEA' | 'PLAN'; id: string } | null {
  const value = text.trim();
  if (!value) return null;
  const match = /\/(ideeen|plannen)\/([^/?#\s]+)/.exec(value);
  if (match?.[2]) return { kind: match[1] === 'ideeen' ? 'IDEA' : 'PLAN', id: match[2] };
  if (/[/\s]/.test(value)) return null;
  return { kind, id: value };
}

function LinkForm({ group, onDone }: { group: Group; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'IDEA' | 'PLAN'>('IDEA');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const subject = parseSubject(text, kind);
    if (!subject) {
      show({ fields: { link: t('group.link.invalid') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SetGroupLinkMutation, {
        input: { groupId: group.id, subjectKind: subject.kind, subjectId: subject.id, linked: true },
      });
      clear();
      setText('');
      await onDone();
    } catch (err) {
      show(formErrors(err, t, { subjectId: 'link', subjectKind: 'linkKind' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="link-form-heading">
      <h3 id="link-form-heading" className="utrecht-heading-3">
        {t('group.link.heading')}
      </h3>
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextField
        id="link"
        label={t('group.link.label')}
        description={t('group.link.description')}
        error={errors.fields.link}
        value={text}
        onChange={setText}
      />
      <SelectField
        id="linkKind"
        label={t('group.link.kind.label')}
        description={t('group.link.kind.description')}
        error={errors.fields.linkKind}
        value={kind}
        onChange={(value) => setKind(value === 'PLAN' ? 'PLAN' : 'IDEA')}
        options={[
          { value: 'IDEA', label: t('group.link.kind.IDEA') },
          { value: 'PLAN', label: t('group.link.kind.PLAN') },
        ]}
      />
      <Button type="submit" kind="secondary" disabled={busy}>
        {t('group.link.submit')}
      </Button>
    </form>
  );
}

function LinkedWork({ group, coordinator, onChanged }: { group: Group; coordinator: boolean; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const { problem, busy, act } = useAction();
  const unlink = (subjectKind: 'IDEA' | 'PLAN', subjectId: string) =>
    void act(
      () => request(SetGroupLinkMutation, { input: { groupId: group.id, subjectKind, subjectId, linked: false } }),
      onChanged,
    );
  const empty = group.ideas.length === 0 && group.plans.length === 0;
  if (empty && !coordinator) return null;
  return (
    <section aria-labelledby="work-heading" className="plein-section">
      <h2 id="work-heading" className="utrecht-heading-2">
        {t('group.work.heading')}
      </h2>
      {empty && <p className="utrecht-paragraph">{t('group.work.empty')}</p>}
      {!empty && (
        <ul className="plein-link-list plein-rows">
          {group.ideas.map((idea) => (
            <li key={idea.id}>
              <span id={`work-${idea.id}`}>
                {t('group.link.kind.IDEA')}:{' '}
                <Link className="utrecht-link utrecht-link--html-a" to={`/ideeen/${idea.id}`}>
                  {idea.title}
                </Link>{' '}
                <span className="plein-kind">({t(ideaStatusKey(idea.status))})</span>
              </span>{' '}
              {coordinator && (
                <Button kind="subtle" describedBy={`work-${idea.id}`} disabled={busy} onClick={() => unlink('IDEA', idea.id)}>
                  {t('group.link.remove')}
                </Button>
              )}
            </li>
          ))}
          {group.plans.map((plan) => (
            <li key={plan.id}>
              <span id={`work-${plan.id}`}>
                {t('group.link.kind.PLAN')}:{' '}
                <Link className="utrecht-link utrecht-link--html-a" to={`/plannen/${plan.id}`}>
                  {plan.title}
                </Link>{' '}
                <span className="plein-kind">({t(planStatusKey(plan.status))})</span>
              </span>{' '}
              {coordinator && (
                <Button kind="subtle" describedBy={`work-${plan.id}`} disabled={busy} onClick={() => unlink('PLAN', plan.id)}>
                  {t('group.link.remove')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
      {coordinator && <LinkForm group={group} onDone={onChanged} />}
    </section>
  );
}

function Members({ group, coordinator, onChanged }: { group: Group; coordinator: boolean; onChanged: () => Promise<void> }) {
  const { t, date } = useI18n();
  const { me } = useSession();
  const { problem, busy, act } = useAction();
  const members = group.members.nodes;
  return (
    <section aria-labelledby="members-heading" className="plein-section">
      <h2 id="members-heading" className="utrecht-heading-2">
        {t('group.members.heading', { count: group.members.totalCount })}
      </h2>
      <ul className="plein-link-list plein-rows plein-members">
        {members.map((member) => {
          const user = member.user;
          const id = `member-${user?.id ?? member.joinedAt}`;
          const self = !!me && user?.id === me.id;
          return (
            <li key={id}>
              <span id={id}>
                <strong><Name>{user?.displayName ?? t('thread.unknown')}</Name></strong>{' '}
                <span className={`utrecht-status-badge utrecht-status-badge--${member.role === 'COORDINATOR' ? 'info' : 'neutral'}`}>
                  {t(groupRoleKey(member.role))}
                </span>{' '}
                <span className="plein-kind">{t('group.members.since', { date: date(member.joinedAt) })}</span>
              </span>
              {coordinator && user && !self && (
                <span className="plein-actions">
                  {member.role === 'MEMBER' ? (
                    <>
                      <Button
                        kind="subtle"
                        describedBy={id}
                        disabled={busy}
                        onClick={() =>
                          void act(
                            () => request(SetGroupMemberRoleMutation, { input: { groupId: group.id, userId: user.id, role: 'COORDINATOR' } }),
                            onChanged,
                          )
                        }
                      >
                        {t('group.members.makeCoordinator')}
                      </Button>
                      <Button
                        kind="subtle"
                        describedBy={id}
                        disabled={busy}
                        onClick={() => {
                          if (!window.confirm(t('group.members.handOver.confirm', { name: isolate(user.displayName) }))) return;
                          void act(() => request(HandOverGroupMutation, { input: { groupId: group.id, userId: user.id } }), onChanged);
                        }}
                      >
                        {t('group.members.handOver')}
                      </Button>
                    </>
                  ) : (
                    <Button
                      kind="subtle"
                      describedBy={id}
                      disabled={busy}
                      onClick={() =>
                        void act(
                          () => request(SetGroupMemberRoleMutation, { input: { groupId: group.id, userId: user.id, role: 'MEMBER' } }),
                          onChanged,
                        )
                      }
                    >
                      {t('group.members.makeMember')}
                    </Button>
                  )}
                  <Button
                    kind="subtle"
                    describedBy={id}
                    disabled={busy}
                    onClick={() => {
                      if (!window.confirm(t('group.members.remove.confirm', { name: isolate(user.displayName) }))) return;
                      void act(() => request(RemoveGroupMemberMutation, { input: { groupId: group.id, userId: user.id } }), onChanged);
                    }}
                  >
                    {t('group.members.remove')}
                  </Button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {group.members.totalCount > members.length && (
        <p className="utrecht-paragraph plein-hint">{t('group.members.more', { count: group.members.totalCount - members.length })}</p>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
    </section>
  );
}

/** A working group: purpose, membership, linked ideas and plans, members, tasks, meetings, decisions and discussion. */
export function GroupPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const describe = useProblemText();
  const { id = '' } = useParams<{ id: string }>();
  const [group, setGroup] = useState<Group | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(GroupDetailQuery, { id });
      setGroup(data.group);
    } catch (err) {
      // An id that cannot be a group's is as good as a group that is not there.
      if (err instanceof ApiRequestError && (err.code === 'BAD_USER_INPUT' || err.code === 'NOT_FOUND')) setGroup(null);
      else setProblem(describe(err));
    }
  }, [id, describe]);

  useEffect(() => {
    // Signed in or not changes what the group shows.
    if (me === undefined) return;
    void load();
  }, [load, me]);

  if (group === null) return <NotFoundPage />;
  if (group === undefined) {
    return (
      <Page title={t('group.title')}>
        {problem ? <Alert kind="error">{problem}</Alert> : <p className="utrecht-paragraph">{t('common.loading')}</p>}
      </Page>
    );
  }

  const member = !!group.viewerRole;
  const coordinator = group.viewerRole === 'COORDINATOR';
  const members = group.members.nodes.flatMap((m) => (m.user ? [{ id: m.user.id, name: m.user.displayName }] : []));
  // The members who gave the viewer a mandate to answer meetings and proposals for them.
  const rsvpFor = group.viewerRsvpsFor;
  const voteFor = group.viewerVotesFor;

  return (
    <Page title={group.name}>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to="/werkgroepen">
          {t('group.back')}
        </Link>
      </p>
      {coordinator && (
        <p className="utrecht-paragraph">
          <Link
            className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
            to={`/werkgroepen/${group.id}/bewerken`}
          >
            {t('group.edit')}
          </Link>
        </p>
      )}
      {me && <FollowButton kind="GROUP" id={group.id} following={group.viewerFollows} />}
      {me && !coordinator && <ReportButton kind="GROUP" id={group.id} />}
      <dl className="plein-facts">
        {group.area && (
          <>
            <dt>{t('idea.area')}</dt>
            <dd>
              <Link className="utrecht-link utrecht-link--html-a" to={`/gebied/${group.area.slug}`}>
                {group.area.name}
              </Link>
            </dd>
          </>
        )}
        <dt>{t('group.visibility')}</dt>
        <dd>{t(visibilityKey(group.visibility))}</dd>
        <dt>{t('group.joinPolicy')}</dt>
        <dd>{t(joinPolicyKey(group.joinPolicy))}</dd>
        <dt>{t('group.memberCount')}</dt>
        <dd>{group.memberCount}</dd>
      </dl>
      <nav aria-label={t('group.sections.label')} className="plein-sections">
        <ul>
          <li>
            <a className="utrecht-link utrecht-link--html-a" href="#purpose-heading">{t('group.sections.overview')}</a>
          </li>
          <li>
            <a className="utrecht-link utrecht-link--html-a" href="#tasks-heading">{t('task.heading')}</a>
          </li>
          <li>
            <a className="utrecht-link utrecht-link--html-a" href="#meetings-heading">{t('group.sections.meetings')}</a>
          </li>
          {(member || voteFor.length > 0) && (
            <li>
              <a className="utrecht-link utrecht-link--html-a" href="#decisions-heading">{t('group.sections.decisions')}</a>
            </li>
          )}
          <li>
            <a className="utrecht-link utrecht-link--html-a" href="#members-heading">{t('group.sections.members')}</a>
          </li>
        </ul>
      </nav>
      <h2 className="utrecht-heading-2" id="purpose-heading">
        {t('group.purpose')}
      </h2>
      <Prose html={group.purposeHtml} />
      {group.calendarPath && (
        <p className="utrecht-paragraph">
          <a className="utrecht-link utrecht-link--html-a" href={group.calendarPath}>
            {t('group.calendar')}
          </a>{' '}
          <span className="plein-hint">{t('group.calendar.hint')}</span>
        </p>
      )}

      <Membership group={group} onChanged={load} />
      <LinkedWork group={group} coordinator={coordinator} onChanged={load} />
      <Members group={group} coordinator={coordinator} onChanged={load} />
      {coordinator && <GroupCoordination groupId={group.id} onMembersChanged={load} />}
      <GroupTasks key={`tasks-${group.viewerRole ?? ''}`} groupId={group.id} members={members} member={member} />
      <GroupMeetings
        key={`meetings-${group.viewerRole ?? ''}`}
        groupId={group.id}
        member={member}
        coordinator={coordinator}
        grantors={rsvpFor}
      />
      {(member || voteFor.length > 0) && (
        <GroupDecisions groupId={group.id} member={member} coordinator={coordinator} grantors={voteFor} />
      )}
      <Thread
        subjectKind="GROUP"
        subjectId={group.id}
        canPost={member}
        closedMessage={me ? t('group.thread.membersOnly') : t('group.thread.signIn')}
        heading={(count) => t('group.thread.heading', { count })}
      />
    </Page>
  );
}
