import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

interface Status {
  /** The current status message, read out by screen readers (aria-live). */
  message: string | null;
  /** The page the message belongs to; it goes away when someone leaves it. */
  path: string | null;
  /** Counts requests to move focus to the message (after an action whose button goes away). */
  focus: number;
  /**
   * Shows a message on the page at `path` (where a form sends people next);
   * with `focus`, focus moves to it once shown.
   */
  announce: (message: string, path: string, focus?: boolean) => void;
  clear: () => void;
}

const StatusContext = createContext<Status | null>(null);

export function StatusProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ message: string | null; path: string | null; focus: number }>({
    message: null,
    path: null,
    focus: 0,
  });
  const announce = useCallback(
    (message: string, path: string, focus = false) =>
      setState((old) => ({ message, path, focus: focus ? old.focus + 1 : old.focus })),
    [],
  );
  const clear = useCallback(() => setState((old) => ({ message: null, path: null, focus: old.focus })), []);
  const value = useMemo(() => ({ ...state, announce, clear }), [state, announce, clear]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

export function useStatus(): Status {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useStatus outside StatusProvider');
  return value;
}
