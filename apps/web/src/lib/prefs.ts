import { useCallback, useSyncExternalStore } from 'react';

/** Preferences remembered in this browser (localStorage), shared live between the components that read them. */
const listeners = new Map<string, Set<() => void>>();
const memo = new Map<string, { raw: string | null; value: unknown }>();

function read<T>(key: string, fallback: T): T {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    // storage refused (privacy mode): defaults
  }
  const hit = memo.get(key);
  if (hit && hit.raw === raw) return hit.value as T;
  let value: T = fallback;
  if (raw !== null) {
    try {
      value = JSON.parse(raw) as T;
    } catch {
      value = fallback;
    }
  }
  memo.set(key, { raw, value });
  return value;
}

export function usePref<T>(key: string, fallback: T): [T, (value: T) => void] {
  const subscribe = useCallback(
    (l: () => void) => {
      let set = listeners.get(key);
      if (!set) {
        set = new Set();
        listeners.set(key, set);
      }
      set.add(l);
      return () => set.delete(l);
    },
    [key],
  );
  const value = useSyncExternalStore(subscribe, () => read(key, fallback));
  const setValue = useCallback(
    (next: T) => {
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        memo.set(key, { raw: null, value: next });
      }
      for (const l of listeners.get(key) ?? []) l();
    },
    [key],
  );
  return [value, setValue];
}

export const DEFAULT_WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'SPY', 'BTC-USD', 'ETH-USD', 'EURUSD', 'FPT', 'VCB', 'TSLA'];

export function useWatchlist(): [string[], (symbols: string[]) => void] {
  return usePref('bourse.watchlist', DEFAULT_WATCHLIST);
}

/** Times in the exchange's zone (the default) or the browser's. */
export type ZoneMode = 'exchange' | 'local';
export function useZoneMode(): [ZoneMode, (mode: ZoneMode) => void] {
  return usePref<ZoneMode>('bourse.zone', 'exchange');
}
