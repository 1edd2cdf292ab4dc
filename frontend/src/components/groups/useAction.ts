import { useCallback, useState } from 'react';
import { ApiRequestError } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useI18n } from '../../i18n';

/** The readable message for anything a request threw. */
export function useProblemText() {
  const { t } = useI18n();
  return useCallback(
    (err: unknown) => (err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL')),
    [t],
  );
}

/**
 * Runs one button's request: busy while it runs, then `after` (usually a
 * reload), or the API's error as a readable message.
 */
export function useAction() {
  const describe = useProblemText();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = useCallback(
    async (run: () => Promise<unknown>, after?: () => Promise<void> | void): Promise<boolean> => {
      setProblem(null);
      setBusy(true);
      try {
        await run();
        await after?.();
        return true;
      } catch (err) {
        setProblem(describe(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [describe],
  );
  return { problem, busy, act };
}
