import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { CreateIdeaMutation, IdeaDetailQuery, UpdateIdeaMutation } from '../api/operations';
import { indentedName } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { parseTags } from '../content/labels';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const API_FIELDS = { title: 'title', body: 'body', tags: 'tags', areaId: 'area' };

function rememberedAreaSlug(): string | null {
  try {
    return window.localStorage.getItem('plein.area');
  } catch {
    return null;
  }
}

/** A new idea (saved as a draft), or changes to your own idea at `/ideeen/:id/bewerken`. */
export function IdeaFormPage() {
  const { t } = useI18n();
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
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const input = { title: title.trim(), body: body.trim(), tags: parseTags(tags), areaId: area };
      if (id) {
        await request(UpdateIdeaMutation, { input: { id, ...input } });
        announce(t('ideaForm.saved'), `/ideeen/${id}`);
        navigate(`/ideeen/${id}`);
      } else {
        const data = await request(CreateIdeaMutation, { input });
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
        <TextAreaField
          id="body"
          label={t('ideaForm.body.label')}
          description={t('ideaForm.body.description')}
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
            ...areas.map((a) => ({ value: a.id, label: indentedName(a) })),
          ]}
          required
        />
        <Button type="submit" disabled={busy}>
          {id ? t('ideaForm.save') : t('ideaForm.submit')}
        </Button>
      </form>
    </Page>
  );
}
