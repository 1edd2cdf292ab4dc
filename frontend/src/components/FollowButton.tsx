import { useEffect, useState } from 'react';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { FollowMutation, UnfollowMutation } from '../api/operations';
import type { FollowKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { Button } from './Page';

/**
 * Follow or stop following an idea or plan: a toggle button (`aria-pressed`)
 * with a polite message saying what changed.
 */
export function FollowButton({ kind, id, following }: { kind: FollowKind; id: string; following: boolean }) {
  const { t } = useI18n();
  const [on, setOn] = useState(following);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  useEffect(() => setOn(following), [following]);

  const toggle = async () => {
    setBusy(true);
    try {
      const input = { input: { subjectKind: kind, subjectId: id } };
      if (on) {
        await request(UnfollowMutation, input);
        setOn(false);
        setMessage(t('follow.stopped'));
      } else {
        await request(FollowMutation, input);
        setOn(true);
        setMessage(t('follow.started'));
      }
    } catch (err) {
      setMessage(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="plein-follow">
      <Button kind={on ? 'secondary' : 'subtle'} pressed={on} disabled={busy} describedBy="follow-hint" onClick={toggle}>
        {t('follow.button')}
      </Button>
      <p className="utrecht-paragraph plein-hint" id="follow-hint">
        {t('follow.hint')}
      </p>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
