import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { OnBehalfOfField, useGrantors } from '../components/OnBehalfOf';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { Name, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { money } from './api';
import { BackToRound, isOfficial, useRound } from './common';
import { SubmitProjectMutation, parseEurosIn } from './formsApi';

const API_FIELDS = {
  title: 'title',
  description: 'description',
  areaId: 'area',
  cost: 'cost',
  onBehalfOf: 'onBehalfOf',
  'intake.residentName': 'intakeName',
  'intake.place': 'intakePlace',
};

/** The round's own area and every area beneath it, in tree order. */
export function areasWithin(all: AreaItem[], rootId: string | undefined): AreaItem[] {
  const start = all.findIndex((a) => a.id === rootId);
  const root = all[start];
  if (!root) return [];
  const inside = [root];
  for (const area of all.slice(start + 1)) {
    if (area.depth <= root.depth) break;
    inside.push(area);
  }
  return inside;
}

/**
 * "Project indienen": a resident submits a project while the round takes
 * submissions; a delegate may do it for the person who gave a mandate, and a
 * professional may take it down for a resident without an account.
 */
export function BudgetSubmitPage() {
  const { id } = useParams();
  const { t, tx, locale } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { round } = useRound(id);
  const { formRef, errors, show } = useFormErrors();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [area, setArea] = useState('');
  const [cost, setCost] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [intakeName, setIntakeName] = useState('');
  const [intakePlace, setIntakePlace] = useState('');
  const [busy, setBusy] = useState(false);
  const grantors = useGrantors('POST_IDEAS');
  const grantor = grantors.find((g) => g.id === onBehalfOf);
  const official = isOfficial(me?.role);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  const inside = areasWithin(areas, round?.area?.id);
  useEffect(() => {
    if (area || inside.length === 0) return;
    const start = inside.find((a) => a.id === me?.homeArea?.id) ?? inside[0];
    if (start) setArea(start.id);
  }, [inside.length, me?.homeArea?.id]);

  if (round === undefined) {
    return (
      <Page title={t('budget.submit.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null) {
    return (
      <Page title={t('budget.round.notFound')}>
        <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
          {t('budget.rounds.title')}
        </Link>
      </Page>
    );
  }
  const pageTitle = t('budget.submit.titleFor', { round: round.title });
  if (round.phase !== 'SUBMITTING') {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.submit.closed')}</p>
        </Alert>
        <BackToRound id={round.id} />
      </Page>
    );
  }
  if (me === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('budget.submit.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
        <BackToRound id={round.id} />
      </Page>
    );
  }

  const maxCost = round.maxProjectCost ?? round.budget;
  const forIntake = official && !grantor && intakeName.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!title.trim()) fields.title = t('budget.submit.error.title');
    if (!description.trim()) fields.description = t('budget.submit.error.description');
    if (!area) fields.area = t('budget.submit.error.area');
    const cents = parseEurosIn(cost, locale);
    if (cents === null) fields.cost = t('budget.submit.error.costNumber');
    else if (cents <= 0) fields.cost = t('budget.submit.error.costZero');
    else if (cents > maxCost) fields.cost = t('budget.submit.error.costMax', { max: money(maxCost, locale) });
    if (official && !grantor) {
      if (intakeName.trim() && !intakePlace.trim()) fields.intakePlace = t('intake.place.required');
      if (intakePlace.trim() && !intakeName.trim()) fields.intakeName = t('intake.residentName.required');
    }
    if (Object.keys(fields).length > 0 || cents === null) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SubmitProjectMutation, {
        input: {
          roundId: round.id,
          title: title.trim(),
          description: description.trim(),
          areaId: area,
          cost: cents,
          onBehalfOf: grantor?.id ?? null,
          intake: forIntake ? { residentName: intakeName.trim(), place: intakePlace.trim() } : null,
        },
      });
      const message = grantor
        ? t('budget.submit.doneFor', { title: title.trim(), name: grantor.displayName })
        : forIntake
          ? t('budget.submit.doneFor', { title: title.trim(), name: intakeName.trim() })
          : t('budget.submit.done', { title: title.trim() });
      announce(message, `/begroting/${round.id}`);
      navigate(`/begroting/${round.id}`);
    } catch (err) {
      const result = formErrors(err, t, API_FIELDS);
      // The API's own reasons for cost and area, said in words for this form.
      const apiErrors = err instanceof ApiRequestError ? err.errors : [];
      if (apiErrors.some((e) => e.code === 'BAD_USER_INPUT' && e.field === 'cost')) {
        result.fields.cost = t('budget.submit.error.costRange', { max: money(maxCost, locale) });
      }
      if (apiErrors.some((e) => e.code === 'BAD_USER_INPUT' && e.field === 'areaId')) {
        result.fields.area = t('budget.submit.error.areaOutside', { area: round.area?.name ?? '' });
      }
      show(result);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('budget.submit.intro')}</p>
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
        <OnBehalfOfField
          id="onBehalfOf"
          grantors={grantors}
          value={onBehalfOf}
          onChange={setOnBehalfOf}
          error={errors.fields.onBehalfOf}
        />
        {grantor && (
          <p className="utrecht-paragraph plein-hint">
            {tx('budget.submit.forHint', { name: <Name>{grantor.displayName}</Name> })}
          </p>
        )}
        <TextField
          id="title"
          label={t('budget.submit.name')}
          description={t('budget.submit.nameHelp')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        <TextAreaField
          id="description"
          label={t('budget.submit.description')}
          description={t('budget.submit.descriptionHelp')}
          formatting
          error={errors.fields.description}
          value={description}
          onChange={setDescription}
          rows={8}
          required
        />
        <SelectField
          id="area"
          label={t('budget.submit.area')}
          description={t('budget.submit.areaHelp', { area: round.area?.name ?? '' })}
          error={errors.fields.area}
          value={area}
          onChange={setArea}
          options={areaOptions(inside, (a) => a.id)}
          required
        />
        <TextField
          id="cost"
          label={t('budget.submit.cost')}
          description={t('budget.submit.costHelp', { max: money(maxCost, locale) })}
          error={errors.fields.cost}
          value={cost}
          onChange={setCost}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        {official && !grantor && (
          <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
            <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              {t('intake.legend')}
            </legend>
            <p className="utrecht-paragraph">{t('intake.intro')}</p>
            <TextField
              id="intakeName"
              label={t('intake.residentName.label')}
              error={errors.fields.intakeName}
              value={intakeName}
              onChange={setIntakeName}
              maxLength={60}
            />
            <TextField
              id="intakePlace"
              label={t('intake.place.label')}
              description={t('intake.place.description')}
              error={errors.fields.intakePlace}
              value={intakePlace}
              onChange={setIntakePlace}
              maxLength={120}
            />
          </fieldset>
        )}
        <Button type="submit" disabled={busy}>
          {grantor
            ? tx('budget.submit.submitFor', { name: <Name>{grantor.displayName}</Name> })
            : t('budget.submit.submit')}
        </Button>
      </form>
      <BackToRound id={round.id} />
    </Page>
  );
}
