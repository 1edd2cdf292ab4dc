import { Name, useI18n } from '../i18n';

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
  const { t, tx } = useI18n();
  // Every name in a `<bdi>`: one written right to left, or with a direction
  // override, must not turn the words around it.
  const name = <Name>{author?.displayName ?? t('thread.unknown')}</Name>;
  if (intake) {
    return (
      <>
        {tx('provenance.intake', {
          name: <Name>{intake.residentName}</Name>,
          by: name,
          place: <Name>{intake.place}</Name>,
        })}
      </>
    );
  }
  if (actedBy) {
    return <>{tx('provenance.onBehalfOf', { by: <Name>{actedBy.displayName}</Name>, name })}</>;
  }
  return name;
}
