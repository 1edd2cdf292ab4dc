import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../api/client';
import { MyTasksQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { TaskItem } from '../components/groups/GroupTasks';
import { useProblemText } from '../components/groups/useAction';
import { Button, Page } from '../components/Page';
import type { MyTasksQuery as Result } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Task = Result['myTasks']['nodes'][number];

/** The signed-in person's tasks across their working groups, open and doing first. */
export function MyTasksPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const describe = useProblemText();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [pages, setPages] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const all: Task[] = [];
      let after: string | null = null;
      let more = false;
      for (let page = 0; page < pages; page += 1) {
        const data: Result = await request(MyTasksQuery, { after });
        all.push(...data.myTasks.nodes);
        more = data.myTasks.pageInfo.hasNextPage;
        after = data.myTasks.pageInfo.endCursor ?? null;
        if (!more) break;
      }
      setTasks(all);
      setNext(more ? after : null);
    } catch (err) {
      setProblem(describe(err));
    }
  }, [pages, describe]);

  useEffect(() => {
    if (me) void load();
  }, [me, load]);

  if (me === null) {
    return (
      <Page title={t('myTasks.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('myTasks.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }

  return (
    <Page title={t('myTasks.title')}>
      <p className="utrecht-paragraph">{t('myTasks.intro')}</p>
      {problem && <Alert kind="error">{problem}</Alert>}
      {tasks === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {tasks && tasks.length === 0 && (
        <p className="utrecht-paragraph">
          {t('myTasks.empty')}{' '}
          <Link className="utrecht-link utrecht-link--html-a" to="/werkgroepen">
            {t('myTasks.toGroups')}
          </Link>
        </p>
      )}
      {tasks && tasks.length > 0 && (
        <ul className="plein-cards">
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} group={task.group} from="/taken" canEdit onChanged={load} />
          ))}
        </ul>
      )}
      {next && (
        <Button kind="secondary" onClick={() => setPages((n) => n + 1)}>
          {t('feed.more')}
        </Button>
      )}
    </Page>
  );
}
