import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { request } from '../../api/client';
import { formErrors } from '../../api/errors';
import { GroupDecisionsQuery, OpenDecisionMutation, RecordDecisionOutcomeMutation, VoteMutation } from '../../api/operations';
import { VOTE_ANSWERS, voteKey } from '../../content/labels';
import type { GroupDecisionsQuery as Result, VoteAnswer } from '../../gql/graphql';
import { Name, useI18n } from '../../i18n';
import { amsterdamToIso } from '../../pages/PlanFormPage';
import { Alert } from '../Alert';
import { TextAreaField, TextField } from '../Field';
import { Button } from '../Page';
import { OnBehalfOfField } from '../OnBehalfOf';
import type { Grantor } from '../OnBehalfOf';
import { Provenance } from '../Provenance';
import { useFormErrors } from '../useFormErrors';
import { useProblemText } from './useAction';
import { Prose } from '../Prose';

type Decision = NonNullable<Result['group']>['decisions']['nodes'][number];

function VoteForm({
  decision,
  member,
  grantors,
  onDone,
}: {
  decision: Decision;
  member: boolean;
  grantors: Grantor[];
  onDone: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  // The answer already given by whom the form is for: the viewer, or a member they act for.
  const answerOf = (who: string) => (who ? decision.votes.find((v) => v.user?.id === who) : decision.viewerVote);
  const [onBehalfOf, setOnBehalfOf] = useState(member ? '' : (grantors[0]?.id ?? ''));
  const [answer, setAnswer] = useState<VoteAnswer | ''>(answerOf(onBehalfOf)?.answer ?? '');
  const [reason, setReason] = useState(answerOf(onBehalfOf)?.reason ?? '');
  const given = answerOf(onBehalfOf);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const name = `vote-${decision.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    if (!answer) {
      show({ fields: { answer: t('decision.vote.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(VoteMutation, {
        input: { decisionId: decision.id, answer, reason: reason.trim() || null, onBehalfOf: onBehalfOf || null },
      });
      clear();
      await onDone();
      const grantor = grantors.find((g) => g.id === onBehalfOf);
      setDone(grantor ? t('decision.vote.doneFor', { name: grantor.displayName }) : t('decision.vote.done'));
    } catch (err) {
      show(formErrors(err, t, { answer: 'answer', reason: 'reason', onBehalfOf: 'onBehalfOf' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <fieldset
        className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-fieldset${errors.fields.answer ? ' utrecht-form-fieldset--invalid' : ''}`}
        aria-describedby={errors.fields.answer ? `${name}-error` : undefined}
      >
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {t('decision.vote.legend', { title: decision.title })}
        </legend>
        {errors.fields.answer && (
          <p id={`${name}-error`} className="utrecht-form-field-error-message">
            {errors.fields.answer}
          </p>
        )}
        {VOTE_ANSWERS.map((option, index) => (
          <div key={option} className="utrecht-form-field utrecht-form-field--radio">
            <input
              id={`${name}-${option}`}
              type="radio"
              name={name}
              value={option}
              className="utrecht-radio-button utrecht-radio-button--html-input"
              checked={answer === option}
              onChange={() => setAnswer(option)}
              aria-invalid={errors.fields.answer && index === 0 ? true : undefined}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${name}-${option}`}>
              {t(voteKey(option))}
            </label>
          </div>
        ))}
      </fieldset>
      <TextAreaField
        id={`${name}-reason`}
        label={t('decision.vote.reason.label')}
        description={t('decision.vote.reason.description')}
        error={errors.fields.reason}
        value={reason}
        onChange={setReason}
        rows={3}
        maxLength={1000}
      />
      <OnBehalfOfField
        id={`${name}-for`}
        grantors={grantors}
        allowSelf={member}
        value={onBehalfOf}
        onChange={(who) => {
          setOnBehalfOf(who);
          setAnswer(answerOf(who)?.answer ?? '');
          setReason(answerOf(who)?.reason ?? '');
          setDone('');
        }}
        error={errors.fields.onBehalfOf}
      />
      <Button type="submit" disabled={busy}>
        {given ? t('decision.vote.change') : t('decision.vote.submit')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}

function OutcomeForm({ decision, onDone }: { decision: Decision; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!outcome.trim()) {
      show({ fields: { outcome: t('decision.outcome.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(RecordDecisionOutcomeMutation, { input: { decisionId: decision.id, outcome: outcome.trim() } });
      clear();
      await onDone();
    } catch (err) {
      show(formErrors(err, t, { outcome: 'outcome' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextAreaField
        id={`outcome-${decision.id}`}
        label={t('decision.outcome.label', { title: decision.title })}
        description={t('decision.outcome.description')}
        formatting
        error={errors.fields.outcome}
        value={outcome}
        onChange={setOutcome}
        rows={4}
        maxLength={20000}
      />
      <Button type="submit" disabled={busy}>
        {t('decision.outcome.submit')}
      </Button>
    </form>
  );
}

function DecisionItem({
  decision,
  member,
  coordinator,
  grantors,
  onChanged,
}: {
  decision: Decision;
  member: boolean;
  coordinator: boolean;
  /** The members whom the viewer may answer for, under a mandate. */
  grantors: Grantor[];
  onChanged: () => Promise<void>;
}) {
  const { t, tx, dateTime } = useI18n();
  const { tally } = decision;
  return (
    <li className="plein-card">
      <h3 className="utrecht-heading-3" id={`decision-${decision.id}`}>
        {decision.title}
      </h3>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${decision.open ? 'info' : 'neutral'}`}>
          {decision.open ? t('decision.open') : t('decision.closed')}
        </span>{' '}
        <span className="plein-kind">
          {decision.open
            ? t('decision.closesAt', { date: dateTime(decision.closesAt) })
            : t('decision.closedAt', { date: dateTime(decision.closesAt) })}
          {decision.proposedBy ? <> · {tx('decision.by', { name: <Name>{decision.proposedBy.displayName}</Name> })}</> : ''}
        </span>
      </p>
      <Prose html={decision.proposalHtml} />
      <p className="utrecht-paragraph">
        {t('decision.tally', { agree: tally.agree, abstain: tally.abstain, disagree: tally.disagree, block: tally.block })}
      </p>
      {decision.viewerVote && (
        <p className="utrecht-paragraph">{t('decision.yours', { answer: t(voteKey(decision.viewerVote.answer)) })}</p>
      )}
      {decision.votes.some((v) => v.reason) && (
        <details className="plein-details">
          <summary>{t('decision.reasons')}</summary>
          <ul className="plein-link-list">
            {decision.votes
              .filter((v) => v.reason)
              .map((v, index) => (
                <li key={index}>
                  <strong>
                    <Provenance author={v.user} actedBy={v.actedBy} intake={null} />
                  </strong>{' '}
                  ({t(voteKey(v.answer))}): {v.reason}
                </li>
              ))}
          </ul>
        </details>
      )}
      {decision.outcomeHtml && (
        <div className="plein-response">
          <p className="utrecht-paragraph">
            <strong>{t('decision.outcome')}</strong>
            {decision.outcomeAt ? ` (${dateTime(decision.outcomeAt)})` : ''}
          </p>
          <Prose html={decision.outcomeHtml} />
        </div>
      )}
      {decision.open && <VoteForm decision={decision} member={member} grantors={grantors} onDone={onChanged} />}
      {coordinator && !decision.open && !decision.outcomeHtml && <OutcomeForm decision={decision} onDone={onChanged} />}
    </li>
  );
}

function OpenDecisionForm({ groupId, onDone }: { groupId: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [title, setTitle] = useState('');
  const [proposal, setProposal] = useState('');
  const [closes, setCloses] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const closesAt = amsterdamToIso(closes);
    const fields: Record<string, string> = {};
    if (!title.trim()) fields.decisionTitle = t('decision.form.title.required');
    if (!proposal.trim()) fields.decisionProposal = t('decision.form.proposal.required');
    if (!closesAt) fields.decisionCloses = t('meeting.form.time.required');
    if (Object.keys(fields).length > 0 || !closesAt) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(OpenDecisionMutation, { input: { groupId, title: title.trim(), proposal: proposal.trim(), closesAt } });
      clear();
      setTitle('');
      setProposal('');
      setCloses('');
      await onDone();
      setDone(t('decision.form.done'));
    } catch (err) {
      show(formErrors(err, t, { title: 'decisionTitle', proposal: 'decisionProposal', closesAt: 'decisionCloses' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="decision-form-heading">
      <h3 id="decision-form-heading" className="utrecht-heading-3">
        {t('decision.form.heading')}
      </h3>
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextField
        id="decisionTitle"
        label={t('decision.form.title.label')}
        error={errors.fields.decisionTitle}
        value={title}
        onChange={setTitle}
        maxLength={120}
        required
      />
      <TextAreaField
        id="decisionProposal"
        label={t('decision.form.proposal.label')}
        description={t('decision.form.proposal.description')}
        formatting
        error={errors.fields.decisionProposal}
        value={proposal}
        onChange={setProposal}
        rows={6}
        maxLength={20000}
        required
      />
      <TextField
        id="decisionCloses"
        type="datetime-local"
        label={t('decision.form.closes.label')}
        description={t('decision.form.closes.description')}
        error={errors.fields.decisionCloses}
        value={closes}
        onChange={setCloses}
        required
      />
      <Button type="submit" disabled={busy}>
        {t('decision.form.submit')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}

/**
 * Proposals for members, and for whoever votes for a member under a mandate
 * (`grantors`): answer them (agree, abstain, disagree, block); coordinators
 * open and conclude them.
 */
export function GroupDecisions({
  groupId,
  member,
  coordinator,
  grantors,
}: {
  groupId: string;
  member: boolean;
  coordinator: boolean;
  grantors: Grantor[];
}) {
  const { t } = useI18n();
  const describe = useProblemText();
  const [decisions, setDecisions] = useState<Decision[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(GroupDecisionsQuery, { id: groupId });
      setDecisions(data.group?.decisions.nodes ?? []);
    } catch (err) {
      setProblem(describe(err));
    }
  }, [groupId, describe]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="decisions-heading" className="plein-section">
      <h2 id="decisions-heading" className="utrecht-heading-2">
        {t('decision.heading')}
      </h2>
      <p className="utrecht-paragraph plein-hint">{t('decision.intro')}</p>
      {problem && <Alert kind="error">{problem}</Alert>}
      {decisions === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {decisions && decisions.length === 0 && <p className="utrecht-paragraph">{t('decision.empty')}</p>}
      {decisions && decisions.length > 0 && (
        <ul className="plein-cards">
          {decisions.map((decision) => (
            <DecisionItem
              key={decision.id}
              decision={decision}
              member={member}
              coordinator={coordinator}
              grantors={grantors}
              onChanged={load}
            />
          ))}
        </ul>
      )}
      {coordinator && <OpenDecisionForm groupId={groupId} onDone={load} />}
    </section>
  );
}
