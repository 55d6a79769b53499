import { useState } from 'react';
import { describeError } from '../shared/errors';

/**
 * Runs the card's actions one at a time: which one is pending (every
 * action button waits for it) and the error of the last one, for a person.
 */
export function useRunActions() {
  const [pending, setPending] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  const act = async (name: string, action: () => Promise<unknown>) => {
    setPending(name);
    setActionError(undefined);
    try {
      await action();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setPending(undefined);
    }
  };

  return { pending, actionError, act };
}
