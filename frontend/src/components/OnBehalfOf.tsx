import type { ResultOf } from '@graphql-typed-document-node/core';
import { useEffect, useState } from 'react';
import { request } from '../api/client';
import { HeldMandatesQuery } from '../api/operations';
import type { MandateAction } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { SelectField } from './Field';

export interface Grantor {
  id: string;
  displayName: string;
}

type HeldMandates = ResultOf<typeof HeldMandatesQuery>;

/**
 * The viewer's held mandates, asked once for every form on a page that mounts
 * at the same time: a request still under way is shared, a finished one is not
 * reused, so a mandate given or revoked since shows on the next page.
 */
let pending: { userId: string; answer: Promise<HeldMandates> } | null = null;

function heldMandates(userId: string): Promise<HeldMandates> {
  if (pending?.userId === userId) return pending.answer;
  const answer = request(HeldMandatesQuery, {});
  const entry = { userId, answer };
  pending = entry;
  const done = () => {
    if (pending === entry) pending = null;
  };
  answer.then(done, done);
  return answer;
}

/**
 * The people who gave the signed-in viewer an active mandate covering
 * `action`: whom they may act for. Empty when signed out or when there are none.
 */
export function useGrantors(action: MandateAction): Grantor[] {
  const { me } = useSession();
  const [grantors, setGrantors] = useState<Grantor[]>([]);
  useEffect(() => {
    if (!me) {
      setGrantors([]);
      return;
    }
    heldMandates(me.id).then(
      (data) => {
        const seen = new Map<string, Grantor>();
        for (const mandate of data.me?.mandatesReceived ?? []) {
          if (mandate.active && mandate.actions.includes(action) && mandate.grantor) {
            seen.set(mandate.grantor.id, mandate.grantor);
          }
        }
        setGrantors([...seen.values()]);
      },
      () => setGrantors([]),
    );
  }, [me?.id, action]);
  return grantors;
}

/**
 * "On behalf of": yourself, or someone whose mandate you hold. Hidden without
 * one. Without `allowSelf` (a delegate who may not answer for themself) only
 * the grantors are offered, and the caller starts from the first of them.
 */
export function OnBehalfOfField({
  id,
  grantors,
  value,
  onChange,
  error,
  allowSelf = true,
}: {
  id: string;
  grantors: Grantor[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  allowSelf?: boolean;
}) {
  const { t } = useI18n();
  if (grantors.length === 0) return null;
  return (
    <SelectField
      id={id}
      label={t('onBehalfOf.label')}
      description={t('onBehalfOf.description')}
      error={error}
      value={value}
      onChange={onChange}
      options={[
        ...(allowSelf ? [{ value: '', label: t('onBehalfOf.myself') }] : []),
        ...grantors.map((g) => ({ value: g.id, label: g.displayName })),
      ]}
    />
  );
}
