import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../../api/client';
import { formErrors } from '../../api/errors';
import { GroupTasksQuery, SaveTaskMutation } from '../../api/operations';
import { TASK_STATUSES, taskBadge, taskStatusKey } from '../../content/labels';
import type { TaskFieldsFragment, TaskStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { Alert } from '../Alert';
import { SelectField, TextField } from '../Field';
import { Button } from '../Page';
import { useFormErrors } from '../useFormErrors';
import { useAction, useProblemText } from './useAction';
import { Prose } from '../Prose';

export interface MemberOption {
  id: string;
  name: string;
}

/** A date from the Netherlands' calendar ("2026-12-05"), written out. */
export function useDay() {
  const { date } = useI18n();
  return (day: string) => date(`${day}T12:00:00Z`);
}

/**
 * One task: its status, who does it and when it is due; members change the
 * status here and the rest on the task's own page. `from` is where that page
 * sends them back to.
 */
export function TaskItem({
  task,
  canEdit,
  groupId,
  group,
  from,
  onChanged,
}: {
  task: TaskFieldsFragment;
  canEdit: boolean;
  groupId?: string;
  group?: { id: string; name: string } | null;
  from?: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const day = useDay();
  const { problem, busy, act } = useAction();
  const headingId = `task-${task.id}`;
  const editGroup = groupId ?? group?.id;
  return (
    <li className="plein-card">
      <h3 className="utrecht-heading-3" id={headingId}>
        {task.title}
      </h3>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${taskBadge(task.status)}`}>{t(taskStatusKey(task.status))}</span>{' '}
        <span className="plein-kind">
          {[
            task.assignee
              ? t(task.status === 'DONE' ? 'task.doneBy' : 'task.assignee', { name: task.assignee.displayName })
              : t('task.unassigned'),
            task.dueOn ? t('task.due', { date: day(task.dueOn) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </p>
      {group && (
        <p className="utrecht-paragraph">
          {t('task.group')}{' '}
          <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${group.id}`}>
            {group.name}
          </Link>
        </p>
      )}
      {task.descriptionHtml && <Prose html={task.descriptionHtml} />}
      {canEdit && (
        <div className="plein-form plein-inline-form">
          <SelectField
            id={`task-status-${task.id}`}
            label={t('task.status.label', { title: task.title })}
            value={task.status}
            disabled={busy}
            onChange={(value) =>
              void act(() => request(SaveTaskMutation, { input: { id: task.id, status: value as TaskStatus } }), onChanged)
            }
            options={TASK_STATUSES.map((s) => ({ value: s, label: t(taskStatusKey(s)) }))}
          />
        </div>
      )}
      {canEdit && editGroup && (
        <p className="utrecht-paragraph">
          <Link
            className="utrecht-link utrecht-link--html-a"
            to={`/werkgroepen/${editGroup}/taken/${task.id}/bewerken`}
            state={from ? { from } : undefined}
            aria-describedby={headingId}
          >
            {t('task.edit')}
          </Link>
        </p>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
    </li>
  );
}

function TaskForm({ groupId, members, onDone }: { groupId: string; members: MemberOption[]; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    if (!title.trim()) {
      show({ fields: { taskTitle: t('task.form.title.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SaveTaskMutation, {
        input: { groupId, title: title.trim(), assigneeId: assignee || null, dueOn: due || null },
      });
      clear();
      setTitle('');
      setAssignee('');
      setDue('');
      await onDone();
      setDone(t('task.form.done'));
    } catch (err) {
      show(formErrors(err, t, { title: 'taskTitle', assigneeId: 'taskAssignee', dueOn: 'taskDue' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="task-form-heading">
      <h3 id="task-form-heading" className="utrecht-heading-3">
        {t('task.form.heading')}
      </h3>
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextField
        id="taskTitle"
        label={t('task.form.title.label')}
        error={errors.fields.taskTitle}
        value={title}
        onChange={setTitle}
        maxLength={120}
        required
      />
      <SelectField
        id="taskAssignee"
        label={t('task.form.assignee.label')}
        error={errors.fields.taskAssignee}
        value={assignee}
        onChange={setAssignee}
        options={[{ value: '', label: t('task.form.assignee.none') }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
      />
      <TextField
        id="taskDue"
        type="date"
        label={t('task.form.due.label')}
        description={t('task.form.due.description')}
        error={errors.fields.taskDue}
        value={due}
        onChange={setDue}
      />
      <Button type="submit" disabled={busy}>
        {t('task.form.submit')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}

/** A group's tasks, open and doing first; members add tasks and move them along. */
export function GroupTasks({ groupId, members, member }: { groupId: string; members: MemberOption[]; member: boolean }) {
  const { t } = useI18n();
  const describe = useProblemText();
  const [tasks, setTasks] = useState<TaskFieldsFragment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(GroupTasksQuery, { id: groupId });
      setTasks(data.group?.tasks.nodes ?? []);
    } catch (err) {
      setProblem(describe(err));
    }
  }, [groupId, describe]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="tasks-heading" className="plein-section">
      <h2 id="tasks-heading" className="utrecht-heading-2">
        {t('task.heading')}
      </h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {tasks === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {tasks && tasks.length === 0 && <p className="utrecht-paragraph">{t('task.empty')}</p>}
      {tasks && tasks.length > 0 && (
        <ul className="plein-cards">
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} groupId={groupId} canEdit={member} onChanged={load} />
          ))}
        </ul>
      )}
      {member && <TaskForm groupId={groupId} members={members} onDone={load} />}
    </section>
  );
}
