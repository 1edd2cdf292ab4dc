import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { request } from '../api/client';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { BudgetRoundsQuery, money } from './api';
import type { RoundSummary } from './api';
import { PHASE_KEY } from './common';
import { BudgetRoundsManage } from './BudgetRoundsManage';

/** Every budget round, or those of one area (`?gebied=<id>`), newest first. */
export function BudgetRoundsPage() {
  const { t, locale, date } = useI18n();
  const [params] = useSearchParams();
  const areaId = params.get('gebied');
  const [rounds, setRounds] = useState<RoundSummary[] | null | undefined>(undefined);

  useEffect(() => {
    request(BudgetRoundsQuery, { areaId })
      .then((data) => setRounds(data.budgetRounds.nodes))
      .catch(() => setRounds(null));
  }, [areaId]);

  return (
    <Page title={t('budget.rounds.title')}>
      <p className="utrecht-paragraph">{t('budget.rounds.intro')}</p>
      <BudgetRoundsManage />
      {rounds === undefined && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {rounds === null && <p className="utrecht-paragraph">{t('error.INTERNAL')}</p>}
      {rounds && rounds.length === 0 && <p className="utrecht-paragraph">{t('budget.rounds.none')}</p>}
      {rounds && rounds.length > 0 && (
        <ul className="plein-link-list plein-budget-rounds">
          {rounds.map((round) => (
            <li key={round.id}>
              <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${round.id}`}>
                {round.title}
              </Link>
              <p className="utrecht-paragraph">
                {t('budget.rounds.line', {
                  area: round.area?.name ?? '',
                  budget: money(round.budget, locale),
                  phase: t(PHASE_KEY[round.phase]),
                  date: date(round.votingAt),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
