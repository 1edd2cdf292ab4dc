import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { FollowButton } from '../components/FollowButton';
import { Page } from '../components/Page';
import { Prose } from '../components/Prose';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { money } from './api';
import type { BudgetProject, BudgetRound } from './api';
import { supportText } from './BudgetProjectPage';
import { ManageRound } from './BudgetRoundManagePanel';
import { PHASE_KEY, Timeline, isOfficial, useRound } from './common';

function ballotRule(round: BudgetRound, t: ReturnType<typeof useI18n>['t'], locale: 'nl' | 'en'): string {
  if (round.ballotKind === 'CUMULATIVE') return t('budget.round.rule.points', { points: round.points ?? 0 });
  if (round.maxProjects) return t('budget.round.rule.maxProjects', { n: round.maxProjects });
  if (round.maxTotal) return t('budget.round.rule.maxTotal', { amount: money(round.maxTotal, locale) });
  return t('budget.round.rule.approval');
}

function ProjectStatus({ project }: { project: BudgetProject }) {
  const { t } = useI18n();
  if (project.feasible === null) return <>{t('budget.project.notAssessed')}</>;
  if (project.feasible) return <>{t('budget.project.feasible')}</>;
  return <>{t('budget.project.notFeasible', { reason: project.assessmentReason ?? '' })}</>;
}

/** A budget round: phase and dates, budget, projects with cost and area, filtered by area. */
export function BudgetRoundPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { round, reload } = useRound(id);
  const [areaFilter, setAreaFilter] = useState('');

  const areas = useMemo(() => {
    const seen = new Map<string, string>();
    for (const p of round?.projects ?? []) if (p.area) seen.set(p.area.id, p.area.name);
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [round]);

  if (round === undefined) {
    return (
      <Page title={t('budget.round.loading')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null) {
    return (
      <Page title={t('budget.round.notFound')}>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
            {t('budget.rounds.title')}
          </Link>
        </p>
      </Page>
    );
  }
  const shown = round.projects.filter((p) => !areaFilter || p.area?.id === areaFilter);
  const official = isOfficial(me?.role);

  return (
    <Page title={round.title}>
      <p className="utrecht-paragraph plein-budget-lead">
        {t('budget.round.lead', {
          area: round.area?.name ?? '',
          phase: t(PHASE_KEY[round.phase]),
        })}
      </p>
      <dl className="plein-budget-facts">
        <div>
          <dt>{t('budget.round.budget')}</dt>
          <dd>{money(round.budget, locale)}</dd>
        </div>
        {round.maxProjectCost !== null && (
          <div>
            <dt>{t('budget.round.maxProjectCost')}</dt>
            <dd>{money(round.maxProjectCost, locale)}</dd>
          </div>
        )}
        <div>
          <dt>{t('budget.round.ballot')}</dt>
          <dd>{ballotRule(round, t, locale)}</dd>
        </div>
      </dl>
      <nav className="plein-budget-actions" aria-label={t('budget.round.actions')}>
        <ul className="plein-link-list">
          {round.phase === 'SUBMITTING' && me && (
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}/indienen`}>
                {t('budget.round.submitProject')}
              </Link>
            </li>
          )}
          {round.phase === 'VOTING' && (
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}/stemmen`}>
                {round.viewerHasVoted ? t('budget.round.changeVote') : t('budget.round.vote')}
              </Link>
            </li>
          )}
          {(round.phase === 'RESULT' || round.phase === 'REALISATION') && (
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}/uitslag`}>
                {t('budget.round.result')}
              </Link>
            </li>
          )}
          {official && (
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}/beoordelen`}>
                {t('budget.assess.title')}
              </Link>
            </li>
          )}
          {official && round.phase === 'VOTING' && (
            <li>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}/papier`}>
                {t('budget.paper.title')}
              </Link>
            </li>
          )}
        </ul>
      </nav>
      {/* The API does not tell whether the viewer follows a round; following twice changes nothing. */}
      {me && <FollowButton kind="BUDGET_ROUND" id={round.id} following={round.viewerFollows} />}
      <section aria-labelledby="timeline-heading" className="plein-section">
        <h2 id="timeline-heading" className="utrecht-heading-2">
          {t('budget.timeline.heading')}
        </h2>
        <Timeline round={round} />
      </section>
      {round.descriptionHtml && <Prose html={round.descriptionHtml} />}
      {official && <ManageRound round={round} onChanged={() => void reload()} />}
      <section aria-labelledby="projects-heading" className="plein-section">
        <h2 id="projects-heading" className="utrecht-heading-2">
          {t('budget.projects.heading')}
        </h2>
        {areas.length > 1 && (
          <div className="utrecht-form-field utrecht-form-field--text">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="budget-area-filter">
                {t('budget.projects.filter')}
              </label>
            </div>
            <div className="utrecht-form-field__input">
              <select
                id="budget-area-filter"
                className="utrecht-select utrecht-select--html-select"
                value={areaFilter}
                onChange={(e) => setAreaFilter(e.target.value)}
              >
                <option value="">{t('budget.projects.allAreas')}</option>
                {areas.map(([areaId, name]) => (
                  <option key={areaId} value={areaId}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <p className="utrecht-paragraph" role="status">
          {t('budget.projects.count', { n: shown.length })}
        </p>
        <ul className="plein-budget-projects">
          {shown.map((project) => (
            <li key={project.id} className="plein-budget-project">
              <h3 className="utrecht-heading-3">
                <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/projecten/${project.id}`}>
                  {project.title}
                </Link>
              </h3>
              <p className="utrecht-paragraph">
                {t('budget.project.costArea', {
                  cost: money(project.cost, locale),
                  area: project.area?.name ?? '',
                })}
              </p>
              <p className="utrecht-paragraph">
                <ProjectStatus project={project} />
              </p>
              <p className="utrecht-paragraph">{supportText(project.supportCount, t)}</p>
              {project.descriptionHtml && <Prose html={project.descriptionHtml} />}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
