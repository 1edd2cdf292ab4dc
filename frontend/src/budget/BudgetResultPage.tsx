import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { BudgetResultQuery, money } from './api';
import type { BudgetProject, BudgetRound, RoundResult } from './api';
import { BackToRound } from './common';

type Loaded = BudgetRound & { result: RoundResult | null; pabulib: string | null };

/**
 * The funded projects against the budget, as plain SVG bars: one bar per
 * funded project, stacked to the budget, with the part left over. The SVG is
 * a picture with a text alternative; the table beside it has the figures.
 */
function FundedChart({ result, projects }: { result: RoundResult; projects: BudgetProject[] }) {
  const { t, locale } = useI18n();
  const funded = result.projects
    .filter((r) => r.funded)
    .map((r) => projects.find((p) => p.id === r.projectId))
    .filter((p): p is BudgetProject => !!p);
  const width = 600;
  const scale = (cents: number) => (result.budget > 0 ? (cents / result.budget) * width : 0);
  let x = 0;
  const colours = ['#1d5f8a', '#2e7d32', '#6a1b9a', '#b35900', '#00695c', '#ad1457'];
  const summary = t('budget.result.chartAlt', {
    used: money(result.budgetUsed, locale),
    budget: money(result.budget, locale),
    n: funded.length,
  });
  return (
    <figure className="plein-budget-chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} 60`} width="100%" preserveAspectRatio="none">
        <rect x={0} y={10} width={width} height={40} fill="#ffffff" stroke="#333333" />
        {funded.map((p, i) => {
          const w = scale(p.cost);
          const rect = <rect key={p.id} x={x} y={10} width={w} height={40} fill={colours[i % colours.length]} stroke="#ffffff" />;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption className="utrecht-paragraph">
        <ul className="plein-budget-legend">
          {funded.map((p, i) => (
            <li key={p.id}>
              <span className="plein-budget-legend__swatch" style={{ background: colours[i % colours.length] }} aria-hidden="true" />{' '}
              {p.title}: {money(p.cost, locale)}
            </li>
          ))}
          <li>
            <span className="plein-budget-legend__swatch plein-budget-legend__swatch--left" aria-hidden="true" />{' '}
            {t('budget.result.left')}: {money(result.budgetLeft, locale)}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** The count of a closed round: per project funded or not and why, budget used and left, turnout. */
export function BudgetResultPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const [round, setRound] = useState<Loaded | null | undefined>(undefined);

  useEffect(() => {
    if (!id) return;
    request(BudgetResultQuery, { id, locale: locale === 'nl' ? 'NL' : 'EN' })
      .then((data) => setRound(data.budgetRound))
      .catch(() => setRound(null));
  }, [id, locale]);

  if (round === undefined) {
    return (
      <Page title={t('budget.result.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null) {
    return (
      <Page title={t('budget.round.notFound')}>
        <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
          {t('budget.rounds.title')}
        </Link>
      </Page>
    );
  }
  const title = t('budget.result.titleFor', { round: round.title });
  const result = round.result;
  if (!result) {
    return (
      <Page title={title}>
        <p className="utrecht-paragraph">{t('budget.result.notYet')}</p>
        <BackToRound id={round.id} />
      </Page>
    );
  }
  const byId = new Map(round.projects.map((p) => [p.id, p]));
  const otherRule = result.rule === 'GREEDY' ? t('budget.rule.EQUAL_SHARES') : t('budget.rule.GREEDY');
  const otherFunded = result.projects.filter((r) => r.fundedByOtherRule).map((r) => byId.get(r.projectId)?.title ?? '');
  const turnout = result.eligible > 0 ? Math.round((result.voters / result.eligible) * 100) : 0;

  return (
    <Page title={title}>
      <dl className="plein-budget-facts">
        <div>
          <dt>{t('budget.round.budget')}</dt>
          <dd>{money(result.budget, locale)}</dd>
        </div>
        <div>
          <dt>{t('budget.result.used')}</dt>
          <dd>{money(result.budgetUsed, locale)}</dd>
        </div>
        <div>
          <dt>{t('budget.result.left')}</dt>
          <dd>{money(result.budgetLeft, locale)}</dd>
        </div>
        <div>
          <dt>{t('budget.result.turnout')}</dt>
          <dd>
            {t('budget.result.turnoutText', {
              ballots: result.ballots,
              voters: result.voters,
              eligible: result.eligible,
              percent: turnout,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('budget.result.rule')}</dt>
          <dd>{t(result.rule === 'GREEDY' ? 'budget.rule.GREEDY' : 'budget.rule.EQUAL_SHARES')}</dd>
        </div>
      </dl>
      <div className="plein-budget-result">
        <section aria-labelledby="chart-heading" className="plein-section">
          <h2 id="chart-heading" className="utrecht-heading-2">
            {t('budget.result.chartHeading')}
          </h2>
          <FundedChart result={result} projects={round.projects} />
        </section>
        <section aria-labelledby="table-heading" className="plein-section">
          <h2 id="table-heading" className="utrecht-heading-2">
            {t('budget.result.tableHeading')}
          </h2>
          <div className="plein-table-scroll">
            <table className="utrecht-table plein-budget-table">
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.project')}</th>
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.cost')}</th>
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.votes')}</th>
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.funded')}</th>
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.reason')}</th>
                  <th scope="col" className="utrecht-table__header-cell">{t('budget.result.col.other', { rule: otherRule })}</th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {result.projects.map((r) => {
                  const p = byId.get(r.projectId);
                  return (
                    <tr key={r.projectId} className="utrecht-table__row">
                      <th scope="row" className="utrecht-table__header-cell">{p?.title ?? ''}</th>
                      <td className="utrecht-table__cell">{p ? money(p.cost, locale) : ''}</td>
                      <td className="utrecht-table__cell">{r.votes}</td>
                      <td className="utrecht-table__cell">{r.funded ? t('budget.result.yes') : t('budget.result.no')}</td>
                      <td className="utrecht-table__cell">{r.reason}</td>
                      <td className="utrecht-table__cell">{r.fundedByOtherRule ? t('budget.result.yes') : t('budget.result.no')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section aria-labelledby="other-heading" className="plein-section">
        <h2 id="other-heading" className="utrecht-heading-2">
          {t('budget.result.otherHeading', { rule: otherRule })}
        </h2>
        <p className="utrecht-paragraph">
          {t('budget.result.otherText', {
            rule: otherRule,
            used: money(result.otherRuleBudgetUsed, locale),
            projects: otherFunded.length > 0 ? otherFunded.join(', ') : t('budget.result.none'),
          })}
        </p>
      </section>
      {round.pabulib && (
        <p className="utrecht-paragraph">
          <a
            className="utrecht-link utrecht-link--html-a"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(round.pabulib)}`}
            download={`plein-${round.id}.pb`}
          >
            {t('budget.result.download')}
          </a>
        </p>
      )}
      <BackToRound id={round.id} />
    </Page>
  );
}
