import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * State that many live messages update but that renders at most once per animation frame: a burst of
 * quotes for 50 symbols costs one render, not fifty.
 */
export function useFrameState<T>(initial: T): [T, (update: (previous: T) => T) => void] {
  const [state, setState] = useState(initial);
  const pending = useRef<((previous: T) => T)[]>([]);
  const frame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  const update = useCallback((fn: (previous: T) => T) => {
    pending.current.push(fn);
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const fns = pending.current;
      pending.current = [];
      setState((previous) => fns.reduce((acc, f) => f(acc), previous));
    });
  }, []);
  return [state, update];
}

/** Call `fn` at most once per animation frame with the latest arguments. */
export function frameThrottle<A extends unknown[]>(fn: (...args: A) => void): ((...args: A) => void) & { cancel(): void } {
  let frame = 0;
  let args: A | undefined;
  const throttled = (...next: A) => {
    args = next;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (args) fn(...args);
    });
  };
  throttled.cancel = () => cancelAnimationFrame(frame);
  return throttled;
}
