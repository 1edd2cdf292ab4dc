import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { Alert } from '../components/Alert';
import { Chosen } from '../components/Chosen';
import { FollowButton } from '../components/FollowButton';
import { Page } from '../components/Page';
import { Prose } from '../components/Prose';
import { ReportButton } from '../components/ReportButton';
import { Thread } from '../components/Thread';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { BudgetProjectQuery, SupportProjectMutation, UnsupportProjectMutation, money } from './api';
import type { BudgetProjectDetail } from './api';
import { BackToRound, PHASE_KEY } from './common';

/** The support count in words: "12 mensen steunen dit project". */
export function supportText(n: number, t: ReturnType<typeof useI18n>['t']): string {
  if (n === 0) return t('budget.support.count.zero');
  if (n === 1) return t('budget.support.count.one');
  return t('budget.support.count.other', { n });
}

/** One project of a budget round: what it is, its supports and its thread. */
export function BudgetProjectPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const [project, setProject] = useState<BudgetProjectDetail | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!id) return setProject(null);
    try {
      const data = await request(BudgetProjectQuery, { id });
      setProject(data.budgetProject);
    } catch {
      setProject(null);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (project === undefined) {
    return (
      <Page title={t('budget.project.loading')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (project === null) {
    return (
      <Page title={t('budget.project.notFound')}>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
            {t('budget.rounds.title')}
          </Link>
        </p>
      </Page>
    );
  }

  const open = project.round?.phase === 'SUBMITTING' || project.round?.phase === 'ASSESSMENT';
  const act = async (run: () => Promise<unknown>, done: string) => {
    setProblem(null);
    setBusy(true);
    try {
      await run();
      await load();
      announce(done, `/begroting/projecten/${project.id}`);
    } catch (err) {
      setProblem(
        err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      );
    } finally {
      setBusy(false);
    }
  };
  const input = { input: { projectId: project.id } };

  return (
    <Page title={project.title}>
      {project.round && (
        <p className="utrecht-paragraph plein-budget-lead">
          {t('budget.project.round', { round: project.round.title })} · {t(PHASE_KEY[project.round.phase])}
        </p>
      )}
      {project.hidden && <Alert kind="info">{t('budget.project.hidden')}</Alert>}
      {me && <FollowButton kind="BUDGET_PROJECT" id={project.id} following={project.viewerFollows} />}
      <p className="utrecht-paragraph">
        {t('budget.project.costArea', { cost: money(project.cost, locale), area: project.area?.name ?? '' })}
      </p>
      {project.descriptionHtml && <Prose html={project.descriptionHtml} />}
      <section aria-labelledby="support-heading" className="plein-section">
        <h2 id="support-heading" className="utrecht-heading-2">
          {t('budget.support.heading')}
        </h2>
        <p className="utrecht-paragraph" id="support-count">
          {supportText(project.supportCount, t)}
        </p>
        <p className="utrecht-paragraph">{t('budget.support.explain')}</p>
        {problem && <Alert kind="error">{problem}</Alert>}
        {!open && <p className="utrecht-paragraph">{t('budget.support.closed')}</p>}
        {open && !me && (
          <p className="utrecht-paragraph">
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('budget.support.signIn')}
            </Link>
          </p>
        )}
        {open && me && (
          <Chosen
            chosen={project.viewerHasSupported}
            chosenText={t('budget.support.yours')}
            chooseLabel={t('budget.support.button')}
            undoLabel={t('budget.support.withdraw')}
            describedBy="support-count"
            busy={busy}
            onChoose={() => void act(() => request(SupportProjectMutation, input), t('budget.support.done'))}
            onUndo={() => void act(() => request(UnsupportProjectMutation, input), t('budget.support.undone'))}
          />
        )}
      </section>
      {me && <ReportButton kind="BUDGET_PROJECT" id={project.id} />}
      <Thread subjectKind="BUDGET_PROJECT" subjectId={project.id} canPost />
      {project.round && <BackToRound id={project.round.id} />}
    </Page>
  );
}
