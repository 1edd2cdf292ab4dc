import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiRequestError, request } from '../../api/client';
import { formErrors } from '../../api/errors';
import {
  AnswerJoinRequestMutation,
  GroupCoordinationQuery,
  InviteToGroupMutation,
  RevokeGroupInvitationMutation,
} from '../../api/operations';
import type { GroupCoordinationQuery as Result } from '../../gql/graphql';
import { Name, useI18n } from '../../i18n';
import { Alert } from '../Alert';
import { TextField } from '../Field';
import { Button } from '../Page';
import { useFormErrors } from '../useFormErrors';
import { useAction, useProblemText } from './useAction';

type Coordination = NonNullable<Result['group']>;

function InviteForm({ groupId, onDone }: { groupId: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    if (!email.trim()) {
      show({ fields: { inviteEmail: t('invite.email.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(InviteToGroupMutation, { input: { groupId, email: email.trim() } });
      clear();
      setDone(t('invite.done', { email: email.trim() }));
      setEmail('');
      await onDone();
    } catch (err) {
      const shown = formErrors(err, t, { email: 'inviteEmail' });
      // The shared CONFLICT text for `email` is about accounts; here it means an open invitation.
      if (err instanceof ApiRequestError && err.errors.some((e) => e.code === 'CONFLICT' && e.field === 'email')) {
        shown.fields.inviteEmail = t('invite.email.conflict');
      }
      show(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="invite-heading">
      <h3 id="invite-heading" className="utrecht-heading-3">
        {t('invite.heading')}
      </h3>
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextField
        id="inviteEmail"
        type="email"
        label={t('invite.email.label')}
        description={t('invite.email.description')}
        error={errors.fields.inviteEmail}
        value={email}
        onChange={setEmail}
        autoComplete="off"
        required
      />
      <Button type="submit" disabled={busy}>
        {t('invite.submit')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}

/** For coordinators: open requests to join, invitations by mail and the open ones. */
export function GroupCoordination({ groupId, onMembersChanged }: { groupId: string; onMembersChanged: () => Promise<void> }) {
  const { t, dateTime, date } = useI18n();
  const describe = useProblemText();
  const { problem, busy, act } = useAction();
  const [data, setData] = useState<Coordination | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const result = await request(GroupCoordinationQuery, { id: groupId });
      setData(result.group);
    } catch (err) {
      setLoadProblem(describe(err));
    }
  }, [groupId, describe]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="coordination-heading" className="plein-section">
      <h2 id="coordination-heading" className="utrecht-heading-2">
        {t('coordination.heading')}
      </h2>
      {loadProblem && <Alert kind="error">{loadProblem}</Alert>}
      {problem && <Alert kind="error">{problem}</Alert>}
      <h3 className="utrecht-heading-3">{t('coordination.requests')}</h3>
      {data && data.joinRequests.length === 0 && <p className="utrecht-paragraph">{t('coordination.requests.empty')}</p>}
      {data && data.joinRequests.length > 0 && (
        <ul className="plein-cards">
          {data.joinRequests.map((req) => {
            const id = `request-${req.id}`;
            return (
              <li key={req.id} className="plein-card">
                <p className="utrecht-paragraph" id={id}>
                  <strong><Name>{req.user?.displayName ?? t('thread.unknown')}</Name></strong>{' '}
                  <span className="plein-kind">{dateTime(req.createdAt)}</span>
                </p>
                {req.message && <p className="utrecht-paragraph">“{req.message}”</p>}
                <div className="plein-actions">
                  <Button
                    describedBy={id}
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () => request(AnswerJoinRequestMutation, { input: { requestId: req.id, approve: true } }),
                        async () => {
                          await load();
                          await onMembersChanged();
                        },
                      )
                    }
                  >
                    {t('coordination.approve')}
                  </Button>
                  <Button
                    kind="secondary"
                    describedBy={id}
                    disabled={busy}
                    onClick={() =>
                      void act(() => request(AnswerJoinRequestMutation, { input: { requestId: req.id, approve: false } }), load)
                    }
                  >
                    {t('coordination.decline')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <InviteForm groupId={groupId} onDone={load} />
      <h3 className="utrecht-heading-3">{t('coordination.invitations')}</h3>
      {data && data.invitations.length === 0 && <p className="utrecht-paragraph">{t('coordination.invitations.empty')}</p>}
      {data && data.invitations.length > 0 && (
        <ul className="plein-link-list plein-rows">
          {data.invitations.map((inv) => {
            const id = `invitation-${inv.id}`;
            return (
              <li key={inv.id}>
                <span id={id} className="plein-break">
                  {inv.email} <span className="plein-kind">({t('coordination.invitations.until', { date: date(inv.expiresAt) })})</span>
                </span>{' '}
                <Button
                  kind="subtle"
                  describedBy={id}
                  disabled={busy}
                  onClick={() => void act(() => request(RevokeGroupInvitationMutation, { id: inv.id }), load)}
                >
                  {t('coordination.revoke')}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
