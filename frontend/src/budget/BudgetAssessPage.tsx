import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { Alert } from '../components/Alert';
import { TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { AssessProjectMutation, money, parseEuros } from './api';
import type { BudgetProject } from './api';
import { BackToRound, isOfficial, useRound } from './common';

function AssessForm({ project, onDone }: { project: BudgetProject; onDone: (message: string) => void }) {
  const { t, locale } = useI18n();
  const [feasible, setFeasible] = useState<'' | 'yes' | 'no'>('');
  const [reason, setReason] = useState('');
  const [cost, setCost] = useState('');
  const [busy, setBusy] = useState(false);
  const { formRef, errors, show, clear } = useFormErrors();
  const p = `assess-${project.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!feasible) fields.feasible = t('budget.assess.error.feasible');
    if (!reason.trim()) fields.reason = t('budget.assess.error.reason');
    let cents: number | null = null;
    if (cost.trim()) {
      cents = parseEuros(cost);
      if (cents === null || cents <= 0) fields.cost = t('budget.assess.error.cost');
    }
    if (Object.keys(fields).length > 0) return show({ fields, form: [] });
    clear();
    setBusy(true);
    try {
      await request(AssessProjectMutation, {
        input: { projectId: project.id, feasible: feasible === 'yes', reason: reason.trim(), cost: cents },
      });
      onDone(t('budget.assess.done', { title: project.title }));
    } catch (err) {
      show(formErrors(err, t, { reason: 'reason', cost: 'cost', feasible: 'feasible' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-budget-assess">
      {errors.form.length > 0 && (
        <Alert kind="error">
          {errors.form.map((m) => (
            <p key={m} className="utrecht-paragraph">{m}</p>
          ))}
        </Alert>
      )}
      <fieldset
        className="utrecht-form-fieldset"
        aria-invalid={errors.fields.feasible ? true : undefined}
        aria-describedby={errors.fields.feasible ? `${p}-feasible-error` : undefined}
        tabIndex={-1}
      >
        <legend className="utrecht-form-fieldset__legend">{t('budget.assess.feasible', { title: project.title })}</legend>
        {errors.fields.feasible && (
          <p id={`${p}-feasible-error`} className="utrecht-form-field-error-message">{errors.fields.feasible}</p>
        )}
        {(['yes', 'no'] as const).map((v) => (
          <div key={v} className="utrecht-form-field utrecht-form-field--radio">
            <input
              type="radio"
              id={`${p}-${v}`}
              name={`${p}-feasible`}
              className="utrecht-radio-button utrecht-radio-button--html-input"
              checked={feasible === v}
              onChange={() => setFeasible(v)}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${p}-${v}`}>
              {v === 'yes' ? t('budget.assess.yes') : t('budget.assess.no')}
            </label>
          </div>
        ))}
      </fieldset>
      <TextAreaField
        id={`${p}-reason`}
        label={t('budget.assess.reason')}
        description={t('budget.assess.reasonHelp')}
        error={errors.fields.reason}
        value={reason}
        onChange={setReason}
        rows={3}
      />
      <TextField
        id={`${p}-cost`}
        label={t('budget.assess.cost')}
        description={t('budget.assess.costHelp', { cost: money(project.cost, locale) })}
        error={errors.fields.cost}
        value={cost}
        onChange={setCost}
        inputMode="decimal"
      />
      <p className="utrecht-paragraph">
        <Button type="submit" kind="secondary" disabled={busy}>
          {t('budget.assess.submit', { title: project.title })}
        </Button>
      </p>
    </form>
  );
}

/** For professionals: the projects waiting for an assessment, then those already assessed. */
export function BudgetAssessPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { round, reload } = useRound(id);
  const [message, setMessage] = useState<string | null>(null);

  if (round === undefined || me === undefined) {
    return (
      <Page title={t('budget.assess.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null || !isOfficial(me?.role)) {
    return (
      <Page title={t('budget.assess.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.officialsOnly')}</p>
        </Alert>
        <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
          {t('budget.rounds.title')}
        </Link>
      </Page>
    );
  }
  const waiting = round.projects.filter((p) => p.feasible === null);
  const done = round.projects.filter((p) => p.feasible !== null);
  return (
    <Page title={t('budget.assess.titleFor', { round: round.title })}>
      {message && (
        <Alert kind="ok">
          <p className="utrecht-paragraph">{message}</p>
        </Alert>
      )}
      <section aria-labelledby="queue-heading" className="plein-section">
        <h2 id="queue-heading" className="utrecht-heading-2">
          {t('budget.assess.queue', { n: waiting.length })}
        </h2>
        {waiting.length === 0 && <p className="utrecht-paragraph">{t('budget.assess.empty')}</p>}
        <ul className="plein-budget-projects">
          {[...waiting, ...done].map((project) => (
            <li key={project.id} className="plein-budget-project">
              <h3 className="utrecht-heading-3">{project.title}</h3>
              <p className="utrecht-paragraph">
                {t('budget.project.costArea', { cost: money(project.cost, locale), area: project.area?.name ?? '' })}
              </p>
              {project.feasible !== null && (
                <p className="utrecht-paragraph">
                  {project.feasible
                    ? t('budget.project.feasible')
                    : t('budget.project.notFeasible', { reason: project.assessmentReason ?? '' })}
                </p>
              )}
              <AssessForm
                project={project}
                onDone={(m) => {
                  setMessage(m);
                  void reload();
                }}
              />
            </li>
          ))}
        </ul>
      </section>
      <BackToRound id={round.id} />
    </Page>
  );
}
