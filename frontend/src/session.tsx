import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { request } from './api/client';
import { MeQuery } from './api/operations';
import type { MeQuery as MeResult } from './gql/graphql';

export type Me = NonNullable<MeResult['me']>;

interface Session {
  /** The signed-in person; null when signed out, undefined while loading. */
  me: Me | null | undefined;
  /** Asks the API again who is signed in (after sign-in, sign-out, edits). */
  refresh: () => Promise<Me | null>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const data = await request(MeQuery);
      setMe(data.me);
      return data.me;
    } catch {
      setMe(null);
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ me, refresh }), [me, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
