import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { PaperBallotMutation, money } from './api';
import { BackToRound, isOfficial, useRound } from './common';

/** For professionals: enter a paper ballot by its number and its choices. */
export function BudgetPaperPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { round } = useRound(id, true);
  const [number, setNumber] = useState('');
  const [place, setPlace] = useState('');
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { formRef, errors, show, clear } = useFormErrors();

  if (round === undefined || me === undefined) {
    return (
      <Page title={t('budget.paper.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null || !isOfficial(me?.role)) {
    return (
      <Page title={t('budget.paper.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.officialsOnly')}</p>
        </Alert>
        <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
          {t('budget.rounds.title')}
        </Link>
      </Page>
    );
  }
  const cumulative = round.ballotKind === 'CUMULATIVE';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const fields: Record<string, string> = {};
    if (!number.trim()) fields.number = t('budget.paper.error.number');
    const choices = round.projects
      .filter((p) => (picked[p.id] ?? 0) > 0)
      .map((p) => (cumulative ? { projectId: p.id, points: picked[p.id] } : { projectId: p.id }));
    if (choices.length === 0) fields.choices = t('budget.ballot.error.empty');
    if (Object.keys(fields).length > 0) return show({ fields, form: [] });
    clear();
    setBusy(true);
    try {
      await request(PaperBallotMutation, {
        input: { roundId: round.id, number: number.trim(), place: place.trim() || null, choices },
      });
      setMessage(t('budget.paper.done', { number: number.trim() }));
      setNumber('');
      setPicked({});
    } catch (err) {
      show(
        formErrors(err, t, {
          number: 'number',
          place: 'place',
          choices: 'choices',
          projects: 'choices',
          points: 'choices',
          projectId: 'choices',
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('budget.paper.titleFor', { round: round.title })}>
      <p className="utrecht-paragraph">{t('budget.paper.intro')}</p>
      {message && (
        <Alert kind="ok">
          <p className="utrecht-paragraph">{message}</p>
        </Alert>
      )}
      <form ref={formRef} onSubmit={submit} noValidate>
        {errors.form.length > 0 && (
          <Alert kind="error">
            {errors.form.map((m) => (
              <p key={m} className="utrecht-paragraph">{m}</p>
            ))}
          </Alert>
        )}
        <TextField id="number" label={t('budget.paper.number')} error={errors.fields.number} value={number} onChange={setNumber} />
        <TextField id="place" label={t('budget.paper.place')} error={errors.fields.place} value={place} onChange={setPlace} />
        <fieldset
          className="utrecht-form-fieldset"
          aria-invalid={errors.fields.choices ? true : undefined}
          aria-describedby={errors.fields.choices ? 'paper-choices-error' : undefined}
          tabIndex={-1}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('budget.paper.choices')}</legend>
          {errors.fields.choices && (
            <p id="paper-choices-error" className="utrecht-form-field-error-message">{errors.fields.choices}</p>
          )}
          {round.projects.map((project) => (
            <div key={project.id} className="utrecht-form-field plein-budget-choice">
              {cumulative ? (
                <>
                  <label className="utrecht-form-label" htmlFor={`paper-${project.id}`}>
                    {t('budget.ballot.pointsFor', { title: project.title })}
                  </label>{' '}
                  <input
                    id={`paper-${project.id}`}
                    type="number"
                    min={0}
                    className="utrecht-textbox utrecht-textbox--html-input plein-budget-points"
                    value={picked[project.id] ?? 0}
                    onChange={(e) => setPicked((o) => ({ ...o, [project.id]: Math.max(0, Math.floor(Number(e.target.value) || 0)) }))}
                  />
                </>
              ) : (
                <>
                  <input
                    id={`paper-${project.id}`}
                    type="checkbox"
                    className="utrecht-checkbox utrecht-checkbox--html-input"
                    checked={(picked[project.id] ?? 0) > 0}
                    onChange={(e) => setPicked((o) => ({ ...o, [project.id]: e.target.checked ? 1 : 0 }))}
                  />{' '}
                  <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={`paper-${project.id}`}>
                    {project.title} ({money(project.cost, locale)})
                  </label>
                </>
              )}
            </div>
          ))}
        </fieldset>
        <p className="utrecht-paragraph">
          <Button type="submit" disabled={busy}>
            {t('budget.paper.submit')}
          </Button>
        </p>
      </form>
      <BackToRound id={round.id} />
    </Page>
  );
}
