import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { PHASES } from './api';
import type { BudgetPhase, BudgetRound } from './api';
import { BudgetRoundQuery } from './api';

export const PHASE_KEY: Record<BudgetPhase, MessageKey> = {
  SUBMITTING: 'budget.phase.SUBMITTING',
  ASSESSMENT: 'budget.phase.ASSESSMENT',
  VOTING: 'budget.phase.VOTING',
  RESULT: 'budget.phase.RESULT',
  REALISATION: 'budget.phase.REALISATION',
};

/** Loads one round; `undefined` while loading, `null` when it does not exist. */
export function useRound(id: string | undefined, onBallot = false) {
  const [round, setRound] = useState<BudgetRound | null | undefined>(undefined);
  const load = useCallback(async () => {
    if (!id) return setRound(null);
    try {
      const data = await request(BudgetRoundQuery, { id, onBallot });
      setRound(data.budgetRound);
    } catch {
      setRound(null);
    }
  }, [id, onBallot]);
  useEffect(() => {
    void load();
  }, [load]);
  return { round, reload: load };
}

/** The phases as a timeline: each phase with its start date; the current one marked. */
export function Timeline({ round }: { round: BudgetRound }) {
  const { t, date } = useI18n();
  const starts: Record<BudgetPhase, string> = {
    SUBMITTING: round.submittingAt,
    ASSESSMENT: round.assessmentAt,
    VOTING: round.votingAt,
    RESULT: round.resultAt,
    REALISATION: round.realisationAt,
  };
  const current = PHASES.indexOf(round.phase);
  return (
    <ol className="plein-budget-timeline" aria-label={t('budget.timeline.label')}>
      {PHASES.map((phase, i) => (
        <li
          key={phase}
          className={`plein-budget-timeline__step${i === current ? ' plein-budget-timeline__step--current' : ''}${i < current ? ' plein-budget-timeline__step--done' : ''}`}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="plein-budget-timeline__name">{t(PHASE_KEY[phase])}</span>{' '}
          <span className="plein-budget-timeline__date">
            {t('budget.timeline.from', { date: date(starts[phase]) })}
          </span>
          {i === current && <span className="plein-budget-timeline__now"> {t('budget.timeline.now')}</span>}
        </li>
      ))}
    </ol>
  );
}

export function BackToRound({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <p className="utrecht-paragraph">
      <Link className="utrecht-link utrecht-link--html-a" to={`/begroting/${id}`}>
        {t('budget.backToRound')}
      </Link>
    </p>
  );
}

export function isOfficial(role: string | undefined): boolean {
  return role === 'PROFESSIONAL' || role === 'ADMIN';
}
