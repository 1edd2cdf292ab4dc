import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import {
  CreateIdeaMutation,
  IdeaDetailQuery,
  PublishIdeaMutation,
  SimilarIdeasQuery,
  UpdateIdeaMutation,
} from '../api/operations';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { LocationField, locationInput } from '../components/map/LocationField';
import type { Point } from '../components/map/LocationField';
import { OnBehalfOfField, useGrantors } from '../components/OnBehalfOf';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { badge, ideaStatusKey, parseTags } from '../content/labels';
import type { SimilarIdeasQuery as SimilarIdeasResult } from '../gql/graphql';
import { Name, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const API_FIELDS = {
  title: 'title',
  body: 'body',
  tags: 'tags',
  areaId: 'area',
  onBehalfOf: 'onBehalfOf',
  'intake.residentName': 'intakeName',
  'intake.place': 'intakePlace',
  location: 'location',
  address: 'location',
  'location.address': 'location',
};

type SimilarIdea = NonNullable<SimilarIdeasResult['similarIdeas']>[number];

/** How long typing the title pauses before similar ideas are looked up. */
const SIMILAR_DELAY_MS = 400;

/**
 * Published ideas like the one being typed, so people can support an
 * existing idea instead of posting it twice. Only the newest answer counts.
 */
function useSimilarIdeas(title: string, body: string, enabled: boolean): SimilarIdea[] {
  const [ideas, setIdeas] = useState<SimilarIdea[]>([]);
  const latest = useRef(0);
  const text = title.trim();
  // Looks up again when the title changes; the body refines the match but is
  // not worth a look-up per keystroke.
  useEffect(() => {
    const id = ++latest.current;
    if (!enabled || text.length < 3) {
      setIdeas([]);
      return;
    }
    const timer = window.setTimeout(() => {
      request(SimilarIdeasQuery, { title: text, body: body.trim() || null }).then(
        (data) => id === latest.current && setIdeas(data.similarIdeas ?? []),
        () => id === latest.current && setIdeas([]),
      );
    }, SIMILAR_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, enabled]);
  return ideas;
}

function SimilarIdeas({ ideas }: { ideas: SimilarIdea[] }) {
  const { t } = useI18n();
  return (
    <>
      <div role="status" className="plein-similar__count">
        {ideas.length > 0 && (
          <p className="utrecht-paragraph plein-hint">
            {ideas.length === 1 ? t('ideaForm.similar.count.one') : t('ideaForm.similar.count', { count: ideas.length })}
          </p>
        )}
      </div>
      {ideas.length > 0 && (
        <section aria-labelledby="similar-heading" className="plein-placeholder plein-similar">
          <h2 id="similar-heading" className="utrecht-heading-3">
            {t('ideaForm.similar.heading')}
          </h2>
          <p className="utrecht-paragraph">{t('ideaForm.similar.intro')}</p>
          <ul className="plein-link-list">
            {ideas.map((idea) => (
              <li key={idea.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/ideeen/${idea.id}`}>
                  {idea.title}
                </Link>{' '}
                <span className={`utrecht-status-badge utrecht-status-badge--${badge(idea.status)}`}>
                  {t(ideaStatusKey(idea.status))}
                </span>
                <span className="plein-kind">
                  {idea.area ? ` · ${idea.area.name}` : ''} · {t('idea.support.count', { count: idea.supportCount })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function rememberedAreaSlug(): string | null {
  try {
    return window.localStorage.getItem('plein.area');
  } catch {
    return null;
  }
}

/** A new idea (saved as a draft), or changes to your own idea at `/ideeen/:id/bewerken`. */
export function IdeaFormPage() {
  const { t, tx } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { id } = useParams<{ id?: string }>();
  const { formRef, errors, show } = useFormErrors();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState('');
  const [area, setArea] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [intakeName, setIntakeName] = useState('');
  const [intakePlace, setIntakePlace] = useState('');
  const [point, setPoint] = useState<Point | null>(null);
  const [address, setAddress] = useState('');
  const similar = useSimilarIdeas(title, body, !id && !!me);
  const grantors = useGrantors('POST_IDEAS');
  const official = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';
  const grantor = grantors.find((g) => g.id === onBehalfOf);

  useEffect(() => {
    loadAllAreas().then(
      (all) => {
        setAreas(all);
        if (!id) {
          const slug = rememberedAreaSlug();
          const start = all.find((a) => a.slug === slug)?.id ?? me?.homeArea?.id ?? '';
          setArea((current) => current || start);
        }
      },
      () => setAreas([]),
    );
  }, [id, me?.homeArea?.id]);

  useEffect(() => {
    if (!id) return;
    request(IdeaDetailQuery, { id }).then(
      (data) => {
        if (!data.idea) {
          setMissing(true);
          return;
        }
        setTitle(data.idea.title);
        setBody(data.idea.body);
        setTags(data.idea.tags.join(', '));
        setArea(data.idea.area?.id ?? '');
        const location = data.idea.location;
        setPoint(location ? { latitude: location.latitude, longitude: location.longitude } : null);
        setAddress(location?.address ?? '');
      },
      () => setMissing(true),
    );
  }, [id]);

  const pageTitle = id ? t('ideaForm.editTitle') : t('ideaForm.title');

  if (me === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('ideaForm.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }
  if (missing) {
    return (
      <Page title={pageTitle}>
        <Alert kind="warning">{t('idea.notFound')}</Alert>
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!title.trim()) fields.title = t('ideaForm.title.required');
    if (!body.trim()) fields.body = t('ideaForm.body.required');
    if (!area) fields.area = t('ideaForm.area.required');
    if (address.trim() && !point) fields.location = t('location.needsPoint');
    // The intake needs both the name and the place, or neither.
    if (!id && intakeName.trim() && !intakePlace.trim()) fields.intakePlace = t('intake.place.required');
    if (!id && intakePlace.trim() && !intakeName.trim()) fields.intakeName = t('intake.residentName.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const location = locationInput(point, address);
      const input = { title: title.trim(), body: body.trim(), tags: parseTags(tags), areaId: area, location };
      if (id) {
        await request(UpdateIdeaMutation, { input: { id, ...input } });
        announce(t('ideaForm.saved'), `/ideeen/${id}`);
        navigate(`/ideeen/${id}`);
      } else if (grantor) {
        // A draft made for someone is theirs and hidden from the delegate, so
        // it is published at once, for them.
        const data = await request(CreateIdeaMutation, { input: { ...input, onBehalfOf: grantor.id } });
        const created = data.createIdea.idea.id;
        await request(PublishIdeaMutation, { input: { id: created, onBehalfOf: grantor.id } });
        announce(t('ideaForm.createdFor', { name: grantor.displayName }), `/ideeen/${created}`);
        navigate(`/ideeen/${created}`);
      } else {
        const intake =
          official && intakeName.trim() ? { residentName: intakeName.trim(), place: intakePlace.trim() } : null;
        const data = await request(CreateIdeaMutation, { input: { ...input, intake } });
        const created = data.createIdea.idea.id;
        announce(t('ideaForm.created'), `/ideeen/${created}`);
        navigate(`/ideeen/${created}`);
      }
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      {!id && <p className="utrecht-paragraph utrecht-paragraph--lead">{t('ideaForm.intro')}</p>}
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
          label={t('ideaForm.title.label')}
          description={t('ideaForm.title.description')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        {!id && <SimilarIdeas ideas={similar} />}
        <TextAreaField
          id="body"
          label={t('ideaForm.body.label')}
          description={t('ideaForm.body.description')}
          formatting
          error={errors.fields.body}
          value={body}
          onChange={setBody}
          rows={10}
          maxLength={20000}
          required
        />
        <TextField
          id="tags"
          label={t('ideaForm.tags.label')}
          description={t('ideaForm.tags.description')}
          error={errors.fields.tags}
          value={tags}
          onChange={setTags}
        />
        <SelectField
          id="area"
          label={t('ideaForm.area.label')}
          description={t('ideaForm.area.description')}
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
        {!id && (
          <OnBehalfOfField
            id="onBehalfOf"
            grantors={grantors}
            value={onBehalfOf}
            onChange={setOnBehalfOf}
            error={errors.fields.onBehalfOf}
          />
        )}
        {grantor && <p className="utrecht-paragraph plein-hint">{tx('ideaForm.onBehalfOf.publishes', { name: <Name>{grantor.displayName}</Name> })}</p>}
        {!id && official && !grantor && (
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
          {id ? t('ideaForm.save') : grantor ? tx('ideaForm.submitFor', { name: <Name>{grantor.displayName}</Name> }) : t('ideaForm.submit')}
        </Button>
      </form>
    </Page>
  );
}
