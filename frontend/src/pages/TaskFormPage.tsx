import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { DeleteTaskMutation, SaveTaskMutation, TaskEditQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { FinalAction } from '../components/groups/FinalAction';
import { useFormErrors } from '../components/useFormErrors';
import { TASK_STATUSES, taskStatusKey } from '../content/labels';
import type { SaveTaskInput, TaskEditQuery as Result, TaskStatus } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

type Task = NonNullable<Result['group']>['tasks']['nodes'][number];

interface Loaded {
  state: 'ready' | 'missing' | 'forbidden';
  groupName: string;
  members: { id: string; name: string }[];
  task: Task | null;
}

const API_FIELDS = { title: 'title', description: 'description', assigneeId: 'assignee', dueOn: 'due', status: 'status' };

/** Where to go after saving: the page that linked here (`/taken`), else the group. */
function returnPath(state: unknown, groupId: string): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : `/werkgroepen/${groupId}`;
}

/** Finds a task among its group's tasks, page by page (the API has no query for one task). */
async function loadTask(groupId: string, taskId: string): Promise<Loaded> {
  let after: string | null = null;
  for (;;) {
    const data: Result = await request(TaskEditQuery, { groupId, after });
    const group = data.group;
    if (!group) return { state: 'missing', groupName: '', members: [], task: null };
    const task = group.tasks.nodes.find((node) => node.id === taskId) ?? null;
    if (task || !group.tasks.pageInfo.hasNextPage || !group.tasks.pageInfo.endCursor) {
      const members = group.members.nodes.flatMap((m) => (m.user ? [{ id: m.user.id, name: m.user.displayName }] : []));
      const state = !task ? 'missing' : group.viewerRole ? 'ready' : 'forbidden';
      return { state, groupName: group.name, members, task };
    }
    after = group.tasks.pageInfo.endCursor;
  }
}

/** Changes to a working group's task at `/werkgroepen/:id/taken/:taskId/bewerken`, and deleting it; members only. */
export function TaskFormPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const location = useLocation();
  const { id = '', taskId = '' } = useParams<{ id: string; taskId: string }>();
  const { formRef, errors, show } = useFormErrors();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  const [status, setStatus] = useState<TaskStatus>('OPEN');
  const [busy, setBusy] = useState(false);
  const viewer = me === undefined ? undefined : (me?.id ?? null);
  const back = returnPath(location.state, id);

  useEffect(() => {
    if (viewer === undefined) return;
    loadTask(id, taskId).then(
      (result) => {
        setLoaded(result);
        if (result.task) {
          setTitle(result.task.title);
          setDescription(result.task.description);
          setAssignee(result.task.assignee?.id ?? '');
          setDue(result.task.dueOn ?? '');
          setStatus(result.task.status);
        }
      },
      () => setLoaded({ state: 'missing', groupName: '', members: [], task: null }),
    );
  }, [id, taskId, viewer]);

  const pageTitle = t('taskForm.title');

  if (me === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('taskForm.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }
  if (!loaded || loaded.state !== 'ready' || !loaded.task) {
    return (
      <Page title={pageTitle}>
        {!loaded && <p className="utrecht-paragraph">{t('common.loading')}</p>}
        {loaded?.state === 'missing' && <Alert kind="warning">{t('taskForm.notFound')}</Alert>}
        {loaded?.state === 'forbidden' && (
          <>
            <Alert kind="warning">{t('taskForm.membersOnly')}</Alert>
            <p className="utrecht-paragraph">
              <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${id}`}>
                {t('group.backTo', { name: loaded.groupName })}
              </Link>
            </p>
          </>
        )}
      </Page>
    );
  }

  const task = loaded.task;
  // The current assignee stays choosable, even when not among the members listed.
  const members =
    task.assignee && !loaded.members.some((m) => m.id === task.assignee?.id)
      ? [...loaded.members, { id: task.assignee.id, name: task.assignee.displayName }]
      : loaded.members;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      show({ fields: { title: t('task.form.title.required') }, form: [] });
      return;
    }
    // Only what changed: an unchanged assignee or date is not checked again.
    const input: SaveTaskInput = { id: task.id, title: title.trim(), description: description.trim() };
    if (assignee !== (task.assignee?.id ?? '')) input.assigneeId = assignee || null;
    if (due !== (task.dueOn ?? '')) input.dueOn = due || null;
    if (status !== task.status) input.status = status;
    setBusy(true);
    try {
      await request(SaveTaskMutation, { input });
      announce(t('taskForm.saved', { title: title.trim() }), back);
      navigate(back);
    } catch (err) {
      const shown = formErrors(err, t, API_FIELDS);
      // The shared message for `description` is about plans; a task's has other limits.
      if (err instanceof ApiRequestError && err.errors.some((e) => e.code === 'BAD_USER_INPUT' && e.field === 'description')) {
        shown.fields.description = t('taskForm.description.invalid');
      }
      show(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${id}`}>
          {t('group.backTo', { name: loaded.groupName })}
        </Link>
      </p>
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
          label={t('task.form.title.label')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        <TextAreaField
          id="description"
          label={t('taskForm.description.label')}
          description={t('taskForm.description.description')}
          formatting
          error={errors.fields.description}
          value={description}
          onChange={setDescription}
          rows={5}
          maxLength={20000}
        />
        <SelectField
          id="assignee"
          label={t('task.form.assignee.label')}
          error={errors.fields.assignee}
          value={assignee}
          onChange={setAssignee}
          options={[{ value: '', label: t('task.form.assignee.none') }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
        />
        <TextField
          id="due"
          type="date"
          label={t('task.form.due.label')}
          description={t('taskForm.due.description')}
          error={errors.fields.due}
          value={due}
          onChange={setDue}
        />
        <SelectField
          id="status"
          label={t('taskForm.status.label')}
          error={errors.fields.status}
          value={status}
          onChange={(value) => setStatus(value as TaskStatus)}
          options={TASK_STATUSES.map((s) => ({ value: s, label: t(taskStatusKey(s)) }))}
        />
        <Button type="submit" disabled={busy}>
          {t('taskForm.save')}
        </Button>
      </form>
      <FinalAction
        id="delete"
        heading={t('taskForm.delete.heading')}
        intro={t('taskForm.delete.intro')}
        label={t('taskForm.delete')}
        confirm={t('taskForm.delete.confirm', { title: task.title })}
        done={t('taskForm.delete.done', { title: task.title })}
        to={back}
        run={() => request(DeleteTaskMutation, { id: task.id })}
      />
    </Page>
  );
}
