import { useNavigate } from 'react-router-dom';
import { Alert } from '../Alert';
import { Button } from '../Page';
import { useStatus } from '../../status';
import { useAction } from './useAction';

/**
 * A step that cannot be undone, below an edit form (cancelling a meeting,
 * deleting a task): a heading, what it does, and a button that asks first,
 * runs `run`, then announces `done` and goes to `to`.
 */
export function FinalAction({
  id,
  heading,
  intro,
  label,
  confirm,
  done,
  to,
  run,
}: {
  id: string;
  heading: string;
  intro: string;
  label: string;
  confirm: string;
  done: string;
  to: string;
  run: () => Promise<unknown>;
}) {
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { problem, busy, act } = useAction();
  return (
    <section aria-labelledby={`${id}-heading`} className="plein-section">
      <h2 id={`${id}-heading`} className="utrecht-heading-2">
        {heading}
      </h2>
      <p className="utrecht-paragraph" id={`${id}-hint`}>
        {intro}
      </p>
      <Button
        kind="secondary"
        describedBy={`${id}-hint`}
        disabled={busy}
        onClick={() => {
          if (!window.confirm(confirm)) return;
          void act(run, () => {
            announce(done, to);
            navigate(to);
          });
        }}
      >
        {label}
      </Button>
      {problem && <Alert kind="error">{problem}</Alert>}
    </section>
  );
}
