import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { money } from './api';
import type { BudgetBallotKind, BudgetRule } from './api';
import { isOfficial } from './common';
import { CreateRoundMutation, parseEurosIn, parseWhole } from './formsApi';
import { RadioGroup } from './RadioGroup';

const DATES = ['submittingAt', 'assessmentAt', 'votingAt', 'resultAt', 'realisationAt'] as const;
type DateField = (typeof DATES)[number];

const DATE_LABEL: Record<DateField, MessageKey> = {
  submittingAt: 'budget.newRound.date.submittingAt',
  assessmentAt: 'budget.newRound.date.assessmentAt',
  votingAt: 'budget.newRound.date.votingAt',
  resultAt: 'budget.newRound.date.resultAt',
  realisationAt: 'budget.newRound.date.realisationAt',
};

/** The API's field names are the form's, except the area. */
const API_FIELDS: Record<string, string> = {
  areaId: 'area',
  title: 'title',
  description: 'description',
  budget: 'budget',
  maxProjectCost: 'maxProjectCost',
  maxProjects: 'limitValue',
  maxTotal: 'limitValue',
  points: 'points',
  rule: 'rule',
  ballotKind: 'ballotKind',
  minAge: 'minAge',
  ...Object.fromEntries(DATES.map((d) => [d, d])),
};

type Limit = 'none' | 'maxProjects' | 'maxTotal';

/** A day typed in a date field ("2027-03-01") as the start of that day in the viewer's time zone. */
function startOfDay(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const at = new Date(`${day}T00:00:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** "Nieuwe begrotingsronde": a new round for an area (professionals and admins). */
export function BudgetNewRoundPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show } = useFormErrors();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [area, setArea] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [budget, setBudget] = useState('');
  const [maxProjectCost, setMaxProjectCost] = useState('');
  const [ballotKind, setBallotKind] = useState<BudgetBallotKind>('APPROVAL');
  const [limit, setLimit] = useState<Limit>('none');
  const [limitValue, setLimitValue] = useState('');
  const [points, setPoints] = useState('');
  const [rule, setRule] = useState<BudgetRule | ''>('');
  const [minAge, setMinAge] = useState('');
  const [dates, setDates] = useState<Record<DateField, string>>({
    submittingAt: '',
    assessmentAt: '',
    votingAt: '',
    resultAt: '',
    realisationAt: '',
  });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  const pageTitle = t('budget.newRound.title');
  if (me === undefined) {
    return (
      <Page title={pageTitle}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (!isOfficial(me?.role)) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.officialsOnly')}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
            {t('budget.rounds.title')}
          </Link>
        </p>
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!area) fields.area = t('budget.newRound.error.area');
    if (!title.trim()) fields.title = t('budget.newRound.error.title');
    if (!description.trim()) fields.description = t('budget.newRound.error.description');
    const budgetCents = parseEurosIn(budget, locale);
    if (budgetCents === null || budgetCents <= 0) fields.budget = t('budget.newRound.error.budget');
    let maxCost: number | null = null;
    if (maxProjectCost.trim()) {
      maxCost = parseEurosIn(maxProjectCost, locale);
      if (maxCost === null || maxCost <= 0) fields.maxProjectCost = t('budget.newRound.error.money');
      else if (budgetCents !== null && maxCost > budgetCents)
        fields.maxProjectCost = t('budget.newRound.error.maxProjectCost', { budget: money(budgetCents, locale) });
    }
    let maxProjects: number | null = null;
    let maxTotal: number | null = null;
    let pointCount: number | null = null;
    if (ballotKind === 'APPROVAL' && limit === 'maxProjects') {
      maxProjects = parseWhole(limitValue);
      if (maxProjects === null || maxProjects < 1) fields.limitValue = t('budget.newRound.error.maxProjects');
    } else if (ballotKind === 'APPROVAL' && limit === 'maxTotal') {
      maxTotal = parseEurosIn(limitValue, locale);
      if (maxTotal === null || maxTotal <= 0) fields.limitValue = t('budget.newRound.error.money');
    } else if (ballotKind === 'CUMULATIVE') {
      pointCount = parseWhole(points);
      if (pointCount === null || pointCount < 1 || pointCount > 1000) fields.points = t('budget.newRound.error.points');
    }
    if (!rule) fields.rule = t('budget.newRound.error.rule');
    let age: number | null = null;
    if (minAge.trim()) {
      age = parseWhole(minAge);
      if (age === null || age < 1 || age > 120) fields.minAge = t('budget.newRound.error.minAge');
    }
    // Each phase starts after the one before: checked here, in order, before sending.
    const at: Partial<Record<DateField, string>> = {};
    let previous: DateField | null = null;
    for (const field of DATES) {
      const iso = startOfDay(dates[field]);
      if (!iso) fields[field] = t('budget.newRound.error.date');
      else {
        at[field] = iso;
        const before = previous ? at[previous] : undefined;
        if (previous && before && iso <= before) {
          fields[field] = t('budget.newRound.error.dateOrder', { previous: t(DATE_LABEL[previous]) });
        }
      }
      previous = field;
    }
    if (Object.keys(fields).length > 0 || budgetCents === null || !rule) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const data = await request(CreateRoundMutation, {
        input: {
          areaId: area,
          title: title.trim(),
          description: description.trim(),
          budget: budgetCents,
          maxProjectCost: maxCost,
          ballotKind,
          maxProjects,
          maxTotal,
          points: pointCount,
          rule,
          minAge: age,
          submittingAt: at.submittingAt ?? '',
          assessmentAt: at.assessmentAt ?? '',
          votingAt: at.votingAt ?? '',
          resultAt: at.resultAt ?? '',
          realisationAt: at.realisationAt ?? '',
        },
      });
      const id = data.createBudgetRound.round.id;
      announce(t('budget.newRound.done', { title: title.trim() }), `/begroting/${id}`);
      navigate(`/begroting/${id}`);
    } catch (err) {
      const result = formErrors(err, t, API_FIELDS);
      show(result);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('budget.newRound.intro')}</p>
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
        <SelectField
          id="area"
          label={t('budget.newRound.area')}
          description={t('budget.newRound.areaHelp')}
          error={errors.fields.area}
          value={area}
          onChange={setArea}
          options={[{ value: '', label: t('budget.newRound.areaNone') }, ...areaOptions(areas, (a) => a.id)]}
          required
        />
        <TextField
          id="title"
          label={t('budget.newRound.name')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        <TextAreaField
          id="description"
          label={t('budget.newRound.description')}
          description={t('budget.newRound.descriptionHelp')}
          formatting
          error={errors.fields.description}
          value={description}
          onChange={setDescription}
          rows={6}
          required
        />
        <TextField
          id="budget"
          label={t('budget.newRound.budget')}
          description={t('budget.newRound.moneyHelp')}
          error={errors.fields.budget}
          value={budget}
          onChange={setBudget}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextField
          id="maxProjectCost"
          label={t('budget.newRound.maxProjectCost')}
          description={t('budget.newRound.maxProjectCostHelp')}
          error={errors.fields.maxProjectCost}
          value={maxProjectCost}
          onChange={setMaxProjectCost}
          inputMode="decimal"
          autoComplete="off"
        />
        <RadioGroup
          id="ballotKind"
          legend={t('budget.newRound.ballotKind')}
          error={errors.fields.ballotKind}
          value={ballotKind}
          onChange={(v) => setBallotKind(v === 'CUMULATIVE' ? 'CUMULATIVE' : 'APPROVAL')}
          options={[
            {
              value: 'APPROVAL',
              label: t('budget.newRound.kind.APPROVAL'),
              description: t('budget.newRound.kind.APPROVAL.help'),
            },
            {
              value: 'CUMULATIVE',
              label: t('budget.newRound.kind.CUMULATIVE'),
              description: t('budget.newRound.kind.CUMULATIVE.help'),
            },
          ]}
        />
        {ballotKind === 'APPROVAL' && (
          <>
            <RadioGroup
              id="limit"
              legend={t('budget.newRound.limit')}
              value={limit}
              onChange={(v) => setLimit(v === 'maxProjects' || v === 'maxTotal' ? v : 'none')}
              options={[
                { value: 'none', label: t('budget.newRound.limit.none') },
                { value: 'maxProjects', label: t('budget.newRound.limit.maxProjects') },
                { value: 'maxTotal', label: t('budget.newRound.limit.maxTotal') },
              ]}
            />
            {limit !== 'none' && (
              <TextField
                id="limitValue"
                label={limit === 'maxProjects' ? t('budget.newRound.maxProjects') : t('budget.newRound.maxTotal')}
                description={limit === 'maxTotal' ? t('budget.newRound.moneyHelp') : undefined}
                error={errors.fields.limitValue}
                value={limitValue}
                onChange={setLimitValue}
                inputMode={limit === 'maxProjects' ? 'numeric' : 'decimal'}
                autoComplete="off"
                required
              />
            )}
          </>
        )}
        {ballotKind === 'CUMULATIVE' && (
          <TextField
            id="points"
            label={t('budget.newRound.points')}
            description={t('budget.newRound.pointsHelp')}
            error={errors.fields.points}
            value={points}
            onChange={setPoints}
            inputMode="numeric"
            autoComplete="off"
            required
          />
        )}
        <RadioGroup
          id="rule"
          legend={t('budget.newRound.rule')}
          description={t('budget.newRound.ruleHelp')}
          error={errors.fields.rule}
          value={rule}
          onChange={(v) => setRule(v === 'EQUAL_SHARES' ? 'EQUAL_SHARES' : 'GREEDY')}
          options={[
            {
              value: 'GREEDY',
              label: t('budget.newRound.rule.GREEDY'),
              description: t('budget.newRound.rule.GREEDY.help'),
            },
            {
              value: 'EQUAL_SHARES',
              label: t('budget.newRound.rule.EQUAL_SHARES'),
              description: t('budget.newRound.rule.EQUAL_SHARES.help'),
            },
          ]}
        />
        <TextField
          id="minAge"
          label={t('budget.newRound.minAge')}
          description={t('budget.newRound.minAgeHelp')}
          error={errors.fields.minAge}
          value={minAge}
          onChange={setMinAge}
          inputMode="numeric"
          autoComplete="off"
        />
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-budget-dates">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t('budget.newRound.dates')}
          </legend>
          <p className="utrecht-paragraph">{t('budget.newRound.datesHelp')}</p>
          {DATES.map((field) => (
            <TextField
              key={field}
              id={field}
              type="date"
              label={t(DATE_LABEL[field])}
              error={errors.fields[field]}
              value={dates[field]}
              onChange={(value) => setDates((old) => ({ ...old, [field]: value }))}
              required
            />
          ))}
        </fieldset>
        <Button type="submit" disabled={busy}>
          {t('budget.newRound.submit')}
        </Button>
      </form>
    </Page>
  );
}
