import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

interface Status {
  /** The current status message, read out by screen readers (aria-live). */
  message: string | null;
  /** The page the message belongs to; it goes away when someone leaves it. */
  path: string | null;
  /** Shows a message on the page at `path` (where a form sends people next). */
  announce: (message: string, path: string) => void;
  clear: () => void;
}

const StatusContext = createContext<Status | null>(null);

export function StatusProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ message: string | null; path: string | null }>({
    message: null,
    path: null,
  });
  const announce = useCallback((message: string, path: string) => setState({ message, path }), []);
  const clear = useCallback(() => setState({ message: null, path: null }), []);
  const value = useMemo(() => ({ ...state, announce, clear }), [state, announce, clear]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

export function useStatus(): Status {
  const value = useContext(StatusContext);
  if (!value) throw new Error('useStatus outside StatusProvider');
  return value;
}
