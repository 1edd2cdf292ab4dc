import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { CreateGroupMutation, GroupDetailQuery, UpdateGroupMutation } from '../api/operations';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { GROUP_VISIBILITIES, JOIN_POLICIES, joinPolicyKey, visibilityKey } from '../content/labels';
import type { GroupVisibility, JoinPolicy } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const API_FIELDS = { name: 'name', purpose: 'purpose', areaId: 'area', visibility: 'visibility', joinPolicy: 'joinPolicy' };

/**
 * A new working group (the one who starts it becomes its first coordinator),
 * or, at `/werkgroepen/:id/bewerken`, changes to a group you coordinate.
 */
export function GroupFormPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { id } = useParams<{ id?: string }>();
  const { formRef, errors, show } = useFormErrors();
  // For an edit: the group's name as saved, and whether it may be edited here.
  const [loaded, setLoaded] = useState<{ name: string; state: 'ready' | 'missing' | 'forbidden' } | null>(null);
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [area, setArea] = useState('');
  const [visibility, setVisibility] = useState<GroupVisibility>('PUBLIC');
  const [joinPolicy, setJoinPolicy] = useState<JoinPolicy>('OPEN');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadAllAreas().then(
      (all) => {
        setAreas(all);
        if (!id) setArea((current) => current || me?.homeArea?.id || '');
      },
      () => setAreas([]),
    );
  }, [id, me?.homeArea?.id]);

  // Who is signed in decides whether the group may be edited; a refreshed
  // session of the same person must not undo what was typed.
  const viewer = me === undefined ? undefined : (me?.id ?? null);

  useEffect(() => {
    if (!id || viewer === undefined) return;
    request(GroupDetailQuery, { id }).then(
      (data) => {
        const group = data.group;
        if (!group) {
          setLoaded({ name: '', state: 'missing' });
          return;
        }
        setName(group.name);
        setPurpose(group.purpose);
        setArea(group.area?.id ?? '');
        setVisibility(group.visibility);
        setJoinPolicy(group.joinPolicy);
        setLoaded({ name: group.name, state: group.viewerRole === 'COORDINATOR' ? 'ready' : 'forbidden' });
      },
      () => setLoaded({ name: '', state: 'missing' }),
    );
  }, [id, viewer]);

  const pageTitle = id ? t('groupForm.editTitle') : t('groupForm.title');

  if (me === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {id ? t('groupForm.editSignInFirst') : t('groupForm.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }
  if (id && (loaded === null || loaded.state !== 'ready')) {
    return (
      <Page title={pageTitle}>
        {loaded === null && <p className="utrecht-paragraph">{t('common.loading')}</p>}
        {loaded?.state === 'missing' && <Alert kind="warning">{t('groupForm.notFound')}</Alert>}
        {loaded?.state === 'forbidden' && (
          <>
            <Alert kind="warning">{t('groupForm.coordinatorsOnly')}</Alert>
            <p className="utrecht-paragraph">
              <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${id}`}>
                {t('group.backTo', { name: loaded.name })}
              </Link>
            </p>
          </>
        )}
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('groupForm.name.required');
    if (!purpose.trim()) fields.purpose = t('groupForm.purpose.required');
    if (!area) fields.area = t('ideaForm.area.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const input = { name: name.trim(), purpose: purpose.trim(), areaId: area, visibility, joinPolicy };
      if (id) {
        await request(UpdateGroupMutation, { input: { id, ...input } });
        announce(t('groupForm.saved'), `/werkgroepen/${id}`);
        navigate(`/werkgroepen/${id}`);
      } else {
        const data = await request(CreateGroupMutation, { input });
        const created = data.createGroup.group.id;
        announce(t('groupForm.created'), `/werkgroepen/${created}`);
        navigate(`/werkgroepen/${created}`);
      }
    } catch (err) {
      const shown = formErrors(err, t, API_FIELDS);
      // The shared message for `name` is about areas; a group's name has its own limits.
      if (err instanceof ApiRequestError && err.errors.some((e) => e.code === 'BAD_USER_INPUT' && e.field === 'name')) {
        shown.fields.name = t('groupForm.name.invalid');
      }
      show(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      {id && loaded ? (
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${id}`}>
            {t('group.backTo', { name: loaded.name })}
          </Link>
        </p>
      ) : (
        <p className="utrecht-paragraph utrecht-paragraph--lead">{t('groupForm.intro')}</p>
      )}
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
          id="name"
          label={t('groupForm.name.label')}
          description={t('groupForm.name.description')}
          error={errors.fields.name}
          value={name}
          onChange={setName}
          maxLength={80}
          required
        />
        <TextAreaField
          id="purpose"
          label={t('groupForm.purpose.label')}
          description={t('groupForm.purpose.description')}
          formatting
          error={errors.fields.purpose}
          value={purpose}
          onChange={setPurpose}
          rows={8}
          maxLength={20000}
          required
        />
        <SelectField
          id="area"
          label={t('ideaForm.area.label')}
          description={t('groupForm.area.description')}
          error={errors.fields.area}
          value={area}
          onChange={setArea}
          options={[{ value: '', label: t('ideaForm.area.none') }, ...areaOptions(areas, (a) => a.id)]}
          required
        />
        <SelectField
          id="visibility"
          label={t('groupForm.visibility.label')}
          description={t('groupForm.visibility.description')}
          error={errors.fields.visibility}
          value={visibility}
          onChange={(value) => setVisibility(value as GroupVisibility)}
          options={GROUP_VISIBILITIES.map((v) => ({ value: v, label: t(visibilityKey(v)) }))}
        />
        <SelectField
          id="joinPolicy"
          label={t('groupForm.joinPolicy.label')}
          description={t('groupForm.joinPolicy.description')}
          error={errors.fields.joinPolicy}
          value={joinPolicy}
          onChange={(value) => setJoinPolicy(value as JoinPolicy)}
          options={JOIN_POLICIES.map((p) => ({ value: p, label: t(joinPolicyKey(p)) }))}
        />
        <Button type="submit" disabled={busy}>
          {id ? t('groupForm.save') : t('groupForm.submit')}
        </Button>
      </form>
    </Page>
  );
}
