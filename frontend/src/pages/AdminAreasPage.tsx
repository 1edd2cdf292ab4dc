import { useCallback, useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import { CreateAreaMutation, MoveAreaMutation, RenameAreaMutation } from '../api/operations';
import { AREA_KINDS, areaOptions as treeOptions, kindKey } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import type { AreaKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Done = (message: string) => Promise<void>;

function FormBox({
  id,
  title,
  formRef,
  errors,
  onSubmit,
  submit,
  busy,
  children,
}: {
  id: string;
  title: string;
  formRef: React.RefObject<HTMLFormElement | null>;
  errors: string[];
  onSubmit: (event: FormEvent) => void;
  submit: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="plein-form plein-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="utrecht-heading-2">
        {title}
      </h2>
      {errors.length > 0 && (
        <Alert kind="error">
          {errors.map((message) => (
            <p key={message} className="utrecht-paragraph">
              {message}
            </p>
          ))}
        </Alert>
      )}
      {children}
      <Button type="submit" disabled={busy}>
        {submit}
      </Button>
    </form>
  );
}

function areaOptions(areas: AreaItem[], none?: string) {
  return [
    ...(none !== undefined ? [{ value: '', label: none }] : []),
    ...treeOptions(areas, (area) => area.id),
  ];
}

function CreateArea({ areas, done }: { areas: AreaItem[]; done: Done }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [kind, setKind] = useState<AreaKind>('DISTRICT');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      show({ fields: { name: t('admin.name.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      const data = await request(CreateAreaMutation, {
        input: { name: name.trim(), slug: slug.trim() || null, kind, parentId: parent || null },
      });
      clear();
      setName('');
      setSlug('');
      await done(t('admin.create.done', { name: data.createArea.area.name }));
    } catch (err) {
      show(formErrors(err, t, { name: 'name', slug: 'slug', kind: 'kind', parentId: 'parent' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormBox id="create" title={t('admin.create.heading')} formRef={formRef} errors={errors.form} onSubmit={submit} submit={t('admin.create.submit')} busy={busy}>
      <TextField id="create-name" label={t('admin.name.label')} description={t('admin.name.description')} error={errors.fields.name} value={name} onChange={setName} maxLength={100} required />
      <TextField id="create-slug" label={t('admin.slug.label')} description={t('admin.slug.description')} error={errors.fields.slug} value={slug} onChange={setSlug} maxLength={80} autoCapitalize="none" spellCheck={false} />
      <SelectField
        id="create-kind"
        label={t('admin.kind.label')}
        error={errors.fields.kind}
        value={kind}
        onChange={(value) => setKind(AREA_KINDS.find((k) => k === value) ?? 'DISTRICT')}
        options={AREA_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
      />
      <SelectField id="create-parent" label={t('admin.parent.label')} description={t('admin.parent.description')} error={errors.fields.parent} value={parent} onChange={setParent} options={areaOptions(areas, t('admin.parent.none'))} />
    </FormBox>
  );
}

function RenameArea({ areas, done }: { areas: AreaItem[]; done: Done }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!id) fields.id = t('admin.area.required');
    if (!name.trim()) fields.name = t('admin.name.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const data = await request(RenameAreaMutation, {
        input: { id, name: name.trim(), slug: slug.trim() || null },
      });
      clear();
      setName('');
      setSlug('');
      await done(t('admin.rename.done', { name: data.renameArea.area.name }));
    } catch (err) {
      show(formErrors(err, t, { id: 'id', name: 'name', slug: 'slug' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormBox id="rename" title={t('admin.rename.heading')} formRef={formRef} errors={errors.form} onSubmit={submit} submit={t('admin.rename.submit')} busy={busy}>
      <SelectField id="rename-area" label={t('admin.area.label')} error={errors.fields.id} value={id} onChange={setId} options={areaOptions(areas, t('admin.area.choose'))} />
      <TextField id="rename-name" label={t('admin.newName.label')} description={t('admin.name.description')} error={errors.fields.name} value={name} onChange={setName} maxLength={100} required />
      <TextField id="rename-slug" label={t('admin.newSlug.label')} description={t('admin.newSlug.description')} error={errors.fields.slug} value={slug} onChange={setSlug} maxLength={80} autoCapitalize="none" spellCheck={false} />
    </FormBox>
  );
}

function MoveArea({ areas, done }: { areas: AreaItem[]; done: Done }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [id, setId] = useState('');
  const [parent, setParent] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!id) {
      show({ fields: { id: t('admin.area.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(MoveAreaMutation, { input: { id, parentId: parent || null } });
      const moved = areas.find((a) => a.id === id)?.name ?? '';
      const target = areas.find((a) => a.id === parent)?.name ?? t('admin.parent.top');
      clear();
      await done(t('admin.move.done', { name: moved, parent: target }));
    } catch (err) {
      show(formErrors(err, t, { id: 'id', parentId: 'parent' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormBox id="move" title={t('admin.move.heading')} formRef={formRef} errors={errors.form} onSubmit={submit} submit={t('admin.move.submit')} busy={busy}>
      <SelectField id="move-area" label={t('admin.area.label')} error={errors.fields.id} value={id} onChange={setId} options={areaOptions(areas, t('admin.area.choose'))} />
      <SelectField id="move-parent" label={t('admin.move.parent.label')} description={t('admin.move.parent.description')} error={errors.fields.parent} value={parent} onChange={setParent} options={areaOptions(areas, t('admin.parent.none'))} />
    </FormBox>
  );
}

function AreaTree({ areas }: { areas: AreaItem[] }) {
  const { t } = useI18n();
  if (areas.length === 0) return <p className="utrecht-paragraph">{t('admin.tree.empty')}</p>;
  return (
    <ul className="plein-tree">
      {areas.map((area) => (
        <li key={area.id} style={{ marginInlineStart: `${area.depth * 1.25}rem` }}>
          <span className="plein-tree__name">{area.name}</span>{' '}
          <span className="plein-kind">
            ({t(kindKey(area.kind))}, <span className="plein-break">{area.slug}</span>)
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AdminAreasPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [areas, setAreas] = useState<AreaItem[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    setAreas(await loadAllAreas());
  }, []);

  useEffect(() => {
    if (me?.role === 'ADMIN') void load().catch(() => setAreas([]));
  }, [me, load]);

  const done: Done = async (message) => {
    await load();
    setStatus(message);
  };

  if (me === undefined) {
    return (
      <Page title={t('admin.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (me?.role !== 'ADMIN') {
    return (
      <Page title={t('admin.title')}>
        <Alert kind="warning">
          <p className="utrecht-paragraph">
            {me ? t('admin.forbidden') : t('admin.signInFirst')}{' '}
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
  return (
    <Page title={t('admin.title')}>
      <p className="utrecht-paragraph">{t('admin.intro')}</p>
      <div role="status" aria-live="polite">
        {status && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">{status}</p>
          </div>
        )}
      </div>
      <div className="plein-admin">
        <section aria-labelledby="tree-heading" className="plein-section">
          <h2 id="tree-heading" className="utrecht-heading-2">
            {t('admin.tree.heading')}
          </h2>
          {areas ? <AreaTree areas={areas} /> : <p className="utrecht-paragraph">{t('common.loading')}</p>}
        </section>
        <div className="plein-admin__forms">
          <CreateArea areas={areas ?? []} done={done} />
          <RenameArea areas={areas ?? []} done={done} />
          <MoveArea areas={areas ?? []} done={done} />
        </div>
      </div>
    </Page>
  );
}
