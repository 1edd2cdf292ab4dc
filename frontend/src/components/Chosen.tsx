import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Button } from './Page';

/**
 * One pattern for every choice a person makes and can undo (support, follow,
 * an answer to an invitation): before choosing, one clear button; once
 * chosen, the choice in words with a check mark and a quiet button to undo
 * it ("Je steunt dit idee ✓ · Steun intrekken"). Focus stays on the control
 * that replaces the one pressed, so keyboard users do not lose their place.
 */
export function Chosen({
  chosen,
  chosenText,
  chooseLabel,
  undoLabel,
  onChoose,
  onUndo,
  busy,
  describedBy,
  chooseKind = 'primary',
  extra,
}: {
  chosen: boolean;
  chosenText: string;
  chooseLabel: string;
  undoLabel: string;
  onChoose: () => void;
  onUndo: () => void;
  busy?: boolean;
  describedBy?: string;
  chooseKind?: 'primary' | 'secondary';
  /** More buttons beside the undo button (other answers). */
  extra?: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const pressed = useRef(false);
  useEffect(() => {
    if (!pressed.current) return;
    pressed.current = false;
    box.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [chosen]);
  const press = (run: () => void) => () => {
    pressed.current = true;
    run();
  };
  return (
    <div className="plein-choice" ref={box}>
      {chosen ? (
        <p className="utrecht-paragraph plein-chosen">
          <span className="plein-chosen__text">
            {chosenText} <span aria-hidden="true">✓</span>
          </span>
          <span aria-hidden="true"> · </span>
          <Button kind="subtle" disabled={busy} describedBy={describedBy} onClick={press(onUndo)}>
            {undoLabel}
          </Button>
          {extra}
        </p>
      ) : (
        <Button kind={chooseKind} disabled={busy} describedBy={describedBy} onClick={press(onChoose)}>
          {chooseLabel}
        </Button>
      )}
    </div>
  );
}
