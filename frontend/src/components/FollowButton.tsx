import { useEffect, useState } from 'react';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { FollowMutation, UnfollowMutation } from '../api/operations';
import type { FollowKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { Chosen } from './Chosen';

/**
 * Follow or stop following an idea or plan: the chosen state in words with a
 * quiet undo button, and a polite message saying what changed.
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
      <Chosen
        chosen={on}
        chosenText={t('follow.chosen')}
        chooseLabel={t('follow.button')}
        undoLabel={t('follow.undo')}
        chooseKind="secondary"
        busy={busy}
        describedBy="follow-hint"
        onChoose={() => void toggle()}
        onUndo={() => void toggle()}
      />
      <p className="utrecht-paragraph plein-hint" id="follow-hint">
        {t('follow.hint')}
      </p>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
