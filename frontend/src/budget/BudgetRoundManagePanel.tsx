import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import { Alert } from '../components/Alert';
import { TextAreaField, TextField } from '../components/Field';
import { Button } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { PHASES, money } from './api';
import type { BudgetPhase, BudgetRound } from './api';
import { PHASE_KEY } from './common';
import { SetRoundPhaseMutation, UpdateRoundMutation, parseEurosIn } from './formsApi';
import type { UpdateRoundInput } from './formsApi';

const DATE_OF: Record<BudgetPhase, 'submittingAt' | 'assessmentAt' | 'votingAt' | 'resultAt' | 'realisationAt'> = {
  SUBMITTING: 'submittingAt',
  ASSESSMENT: 'assessmentAt',
  VOTING: 'votingAt',
  RESULT: 'resultAt',
  REALISATION: 'realisationAt',
};
type DateField = (typeof DATE_OF)[BudgetPhase];

const DATE_LABEL: Record<DateField, MessageKey> = {
  submittingAt: 'budget.newRound.date.submittingAt',
  assessmentAt: 'budget.newRound.date.assessmentAt',
  votingAt: 'budget.newRound.date.votingAt',
  resultAt: 'budget.newRound.date.resultAt',
  realisationAt: 'budget.newRound.date.realisationAt',
};

/** The API's field names are the form's ("manage-" in front, to keep the ids unique on the round page). */
const API_FIELDS: Record<string, string> = Object.fromEntries(
  ['title', 'description', 'budget', ...Object.values(DATE_OF)].map((f) => [f, `manage-${f}`]),
);

/** A moment as the day it falls on in the viewer's time zone ("2027-03-01"). */
function dayOf(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A day typed in a date field as the start of that day in the viewer's time zone. */
function startOfDay(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T00:00:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Moving the round to its next phase, with a confirmation step. */
function NextPhase({ round, onChanged }: { round: BudgetRound; onChanged: () => void }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const next = PHASES[PHASES.indexOf(round.phase) + 1];
  // Focus follows the step: to the question when it opens, back to the button when it closes.
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (opened.current) buttonRef.current?.querySelector('button')?.focus();
    opened.current = confirming;
  }, [confirming]);

  if (!next) {
    return <p className="utrecht-paragraph">{t('budget.manage.lastPhase')}</p>;
  }
  const move = async () => {
    setBusy(true);
    try {
      await request(SetRoundPhaseMutation, { input: { roundId: round.id, phase: next } });
      setConfirming(false);
      setMessage(t('budget.manage.phaseMoved', { phase: t(PHASE_KEY[next]) }));
      onChanged();
    } catch (err) {
      setMessage(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {confirming ? (
        <div role="group" aria-labelledby="manage-confirm-text" className="plein-budget-confirm">
          <p className="utrecht-paragraph" id="manage-confirm-text" tabIndex={-1} ref={questionRef}>
            {t('budget.manage.confirm', { from: t(PHASE_KEY[round.phase]), phase: t(PHASE_KEY[next]) })}
          </p>
          <div className="plein-button-row">
            <Button onClick={() => void move()} disabled={busy}>
              {t('budget.manage.confirmYes', { phase: t(PHASE_KEY[next]) })}
            </Button>{' '}
            <Button kind="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t('budget.manage.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <div ref={buttonRef}>
          <Button
            kind="secondary"
            onClick={() => {
              setMessage('');
              setConfirming(true);
            }}
          >
            {t('budget.manage.next', { phase: t(PHASE_KEY[next]) })}
          </Button>
        </div>
      )}
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}

/** Changing the title, description, budget (before voting) and the dates of phases that have not started. */
function EditRound({ round, onChanged }: { round: BudgetRound; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const current = PHASES.indexOf(round.phase);
  const ahead = PHASES.filter((_, i) => i > current).map((p) => DATE_OF[p]);
  const beforeVoting = current < PHASES.indexOf('VOTING');
  const [title, setTitle] = useState(round.title);
  const [description, setDescription] = useState(round.description);
  const [budget, setBudget] = useState(money(round.budget, locale).replace(/^€\s?/, ''));
  const initialDates = Object.fromEntries(ahead.map((f) => [f, dayOf(round[f])])) as Record<DateField, string>;
  const [dates, setDates] = useState<Record<DateField, string>>(initialDates);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    const fields: Record<string, string> = {};
    const input: UpdateRoundInput = { roundId: round.id };
    if (!title.trim()) fields['manage-title'] = t('budget.newRound.error.title');
    else if (title.trim() !== round.title) input.title = title.trim();
    if (!description.trim()) fields['manage-description'] = t('budget.newRound.error.description');
    else if (description.trim() !== round.description) input.description = description.trim();
    if (beforeVoting) {
      const cents = parseEurosIn(budget, locale);
      if (cents === null || cents <= 0) fields['manage-budget'] = t('budget.newRound.error.budget');
      else if (cents !== round.budget) input.budget = cents;
    }
    for (const field of ahead) {
      if (dates[field] === initialDates[field]) continue;
      const iso = startOfDay(dates[field]);
      if (!iso) fields[`manage-${field}`] = t('budget.newRound.error.date');
      else input[field] = iso;
    }
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    if (Object.keys(input).length === 1) {
      clear();
      setMessage(t('budget.manage.nothingChanged'));
      return;
    }
    setBusy(true);
    try {
      await request(UpdateRoundMutation, { input });
      clear();
      setMessage(t('budget.manage.saved'));
      onChanged();
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="manage-edit-heading">
      <h3 id="manage-edit-heading" className="utrecht-heading-3">
        {t('budget.manage.editHeading')}
      </h3>
      {errors.form.length > 0 && (
        <Alert kind="error">
          {errors.form.map((m) => (
            <p key={m} className="utrecht-paragraph">
              {m}
            </p>
          ))}
        </Alert>
      )}
      <TextField
        id="manage-title"
        label={t('budget.newRound.name')}
        error={errors.fields['manage-title']}
        value={title}
        onChange={setTitle}
        maxLength={120}
        required
      />
      <TextAreaField
        id="manage-description"
        label={t('budget.newRound.description')}
        description={t('budget.newRound.descriptionHelp')}
        formatting
        error={errors.fields['manage-description']}
        value={description}
        onChange={setDescription}
        rows={6}
        required
      />
      {beforeVoting ? (
        <TextField
          id="manage-budget"
          label={t('budget.newRound.budget')}
          description={t('budget.newRound.moneyHelp')}
          error={errors.fields['manage-budget']}
          value={budget}
          onChange={setBudget}
          inputMode="decimal"
          autoComplete="off"
          required
        />
      ) : (
        <p className="utrecht-paragraph">{t('budget.manage.budgetFixed')}</p>
      )}
      {ahead.length > 0 ? (
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-budget-dates">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t('budget.manage.dates')}
          </legend>
          <p className="utrecht-paragraph">{t('budget.manage.datesHelp')}</p>
          {ahead.map((field) => (
            <TextField
              key={field}
              id={`manage-${field}`}
              type="date"
              label={t(DATE_LABEL[field])}
              error={errors.fields[`manage-${field}`]}
              value={dates[field]}
              onChange={(value) => setDates((old) => ({ ...old, [field]: value }))}
              required
            />
          ))}
        </fieldset>
      ) : (
        <p className="utrecht-paragraph">{t('budget.manage.noDates')}</p>
      )}
      <Button type="submit" disabled={busy}>
        {t('budget.manage.save')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
    </form>
  );
}

/** "Ronde beheren" on the round page, for professionals and admins. */
export function ManageRound({ round, onChanged }: { round: BudgetRound; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="manage-heading" className="plein-section plein-budget-manage">
      <h2 id="manage-heading" className="utrecht-heading-2">
        {t('budget.manage.heading')}
      </h2>
      <p className="utrecht-paragraph">{t('budget.manage.phaseNow', { phase: t(PHASE_KEY[round.phase]) })}</p>
      <NextPhase round={round} onChanged={onChanged} />
      <EditRound key={`${round.phase}`} round={round} onChanged={onChanged} />
    </section>
  );
}
