import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { CreatePlanMutation } from '../api/operations';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { LocationField, locationInput } from '../components/map/LocationField';
import type { Point } from '../components/map/LocationField';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { TIME_ZONE, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const API_FIELDS = {
  title: 'title',
  description: 'description',
  areaId: 'area',
  feedbackOpensAt: 'opens',
  feedbackClosesAt: 'closes',
  questions: 'questions',
  location: 'location',
  address: 'location',
  'location.address': 'location',
};

/** "2026-11-23T14:00" in Amsterdam time, as a datetime-local input shows it. */
export function localInput(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The moment a datetime-local value means in Amsterdam, as RFC 3339. */
export function amsterdamToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = match.slice(1).map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Amsterdam's offset at that moment: compare the wall clock there with UTC.
  const shown = localInput(new Date(guess));
  const [sy = 0, smo = 1, sd = 1, sh = 0, smi = 0] = shown.split(/[-T:]/).map(Number);
  const offset = Date.UTC(sy, smo - 1, sd, sh, smi) - guess;
  return new Date(guess - offset).toISOString();
}

export function PlanFormPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show } = useFormErrors();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [area, setArea] = useState('');
  const [opens, setOpens] = useState(() => localInput(new Date()));
  const [closes, setCloses] = useState(() => localInput(new Date(Date.now() + 14 * 24 * 3600_000)));
  const [questions, setQuestions] = useState('');
  const [point, setPoint] = useState<Point | null>(null);
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  const title_ = t('planForm.title');
  if (me === undefined) {
    return (
      <Page title={title_}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (!me || (me.role !== 'PROFESSIONAL' && me.role !== 'ADMIN')) {
    return (
      <Page title={title_}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('planForm.professionalsOnly')}{' '}
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const opensAt = amsterdamToIso(opens);
    const closesAt = amsterdamToIso(closes);
    if (!title.trim()) fields.title = t('ideaForm.title.required');
    if (!description.trim()) fields.description = t('planForm.description.required');
    if (!area) fields.area = t('ideaForm.area.required');
    if (!opensAt) fields.opens = t('planForm.date.invalid');
    if (!closesAt) fields.closes = t('planForm.date.invalid');
    else if (opensAt && closesAt <= opensAt) fields.closes = t('error.BAD_USER_INPUT.feedbackClosesAt');
    if (address.trim() && !point) fields.location = t('location.needsPoint');
    if (Object.keys(fields).length > 0 || !opensAt || !closesAt) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const data = await request(CreatePlanMutation, {
        input: {
          title: title.trim(),
          description: description.trim(),
          areaId: area,
          feedbackOpensAt: opensAt,
          feedbackClosesAt: closesAt,
          questions: questions
            .split('\n')
            .map((q) => q.trim())
            .filter(Boolean),
          location: locationInput(point, address),
        },
      });
      const created = data.createPlan.plan.id;
      announce(t('planForm.created'), `/plannen/${created}`);
      navigate(`/plannen/${created}`);
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={title_}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('planForm.intro')}</p>
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
        <TextField
          id="title"
          label={t('planForm.title.label')}
          description={t('ideaForm.title.description')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        <TextAreaField
          id="description"
          label={t('planForm.description.label')}
          description={t('ideaForm.body.description')}
          formatting
          error={errors.fields.description}
          value={description}
          onChange={setDescription}
          rows={10}
          required
        />
        <SelectField
          id="area"
          label={t('ideaForm.area.label')}
          error={errors.fields.area}
          value={area}
          onChange={setArea}
          options={[
            { value: '', label: t('ideaForm.area.none') },
            ...areaOptions(areas, (a) => a.id),
          ]}
          required
        />
        <LocationField
          id="location"
          point={point}
          address={address}
          onPoint={setPoint}
          onAddress={setAddress}
          error={errors.fields.location}
        />
        <TextField
          id="opens"
          type="datetime-local"
          label={t('planForm.opens.label')}
          description={t('planForm.dates.description')}
          error={errors.fields.opens}
          value={opens}
          onChange={setOpens}
          required
        />
        <TextField
          id="closes"
          type="datetime-local"
          label={t('planForm.closes.label')}
          description={t('planForm.dates.description')}
          error={errors.fields.closes}
          value={closes}
          onChange={setCloses}
          required
        />
        <TextAreaField
          id="questions"
          label={t('planForm.questions.label')}
          description={t('planForm.questions.description')}
          error={errors.fields.questions}
          value={questions}
          onChange={setQuestions}
          rows={4}
        />
        <Button type="submit" disabled={busy}>
          {t('planForm.submit')}
        </Button>
      </form>
    </Page>
  );
}
