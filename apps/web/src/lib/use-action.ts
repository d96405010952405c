import { useState } from 'react';

/** What a failed action says to the person who tried it. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A form's action: busy while it runs, and the message of its failure, cleared when it runs again. */
export function useAction() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
