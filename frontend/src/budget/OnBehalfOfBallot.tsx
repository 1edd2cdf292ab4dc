import type { Grantor } from '../components/OnBehalfOf';
import { useI18n } from '../i18n';
import { RadioGroup } from './RadioGroup';

/**
 * "Stem voor": yourself, or someone who gave you a mandate for budget votes.
 * Hidden without such a mandate.
 */
export function OnBehalfOfBallot({
  grantors,
  value,
  onChange,
}: {
  grantors: Grantor[];
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  if (grantors.length === 0) return null;
  const grantor = grantors.find((g) => g.id === value);
  return (
    <>
      <RadioGroup
        id="forWhom"
        legend={t('budget.ballot.forWhom')}
        description={t('budget.ballot.forWhomHelp')}
        value={value}
        onChange={onChange}
        options={[
          { value: '', label: t('budget.ballot.forMyself') },
          ...grantors.map((g) => ({ value: g.id, label: g.displayName })),
        ]}
      />
      <p className="utrecht-paragraph plein-hint" role="status">
        {grantor ? t('budget.ballot.forHint', { name: grantor.displayName }) : ''}
      </p>
    </>
  );
}
