import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { isOfficial } from './common';

/** Links to a new round (professionals and admins) and to importing a past one (admins). */
export function BudgetRoundsManage() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!isOfficial(me?.role)) return null;
  return (
    <nav className="plein-budget-actions" aria-label={t('budget.rounds.manage')}>
      <ul className="plein-link-list">
        <li>
          <Link className="utrecht-link utrecht-link--html-a" to="/begroting/nieuw">
            {t('budget.rounds.new')}
          </Link>
        </li>
        {me?.role === 'ADMIN' && (
          <li>
            <Link className="utrecht-link utrecht-link--html-a" to="/begroting/importeren">
              {t('budget.rounds.import')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
