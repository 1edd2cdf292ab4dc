import { useI18n } from '../i18n';

interface Person {
  displayName: string;
  organisation?: string | null;
}

/**
 * Who is behind a record: the author; "Y on behalf of X" when a delegate
 * acted under a mandate; or "taken down by P at <place> for <name>" for
 * assisted intake.
 */
export function Provenance({
  author,
  actedBy,
  intake,
}: {
  author: Person | null | undefined;
  actedBy: Person | null | undefined;
  intake: { residentName: string; place: string } | null | undefined;
}) {
  const { t } = useI18n();
  const name = author?.displayName ?? t('thread.unknown');
  if (intake) {
    return <>{t('provenance.intake', { name: intake.residentName, by: name, place: intake.place })}</>;
  }
  if (actedBy) {
    return <>{t('provenance.onBehalfOf', { by: actedBy.displayName, name })}</>;
  }
  return <>{name}</>;
}
