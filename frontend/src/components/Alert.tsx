import { forwardRef } from 'react';
import type { ReactNode } from 'react';

type Kind = 'ok' | 'info' | 'warning' | 'error';

/**
 * A message box. Errors are `role="alert"`; the others are polite status
 * messages, so screen readers hear them without losing their place.
 */
export const Alert = forwardRef<HTMLDivElement, { kind: Kind; children: ReactNode; id?: string }>(
  function Alert({ kind, children, id }, ref) {
    return (
      <div
        ref={ref}
        id={id}
        tabIndex={-1}
        className={`utrecht-alert utrecht-alert--${kind}`}
        role={kind === 'error' ? 'alert' : 'status'}
      >
        <div className="utrecht-alert__content">
          <div className="utrecht-alert__message">{children}</div>
        </div>
      </div>
    );
  },
);
