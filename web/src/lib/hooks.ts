import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload: () => Promise<void>;
}

/** Loads once per `deps` change, and again every `pollMs` while `poll` says so. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  poll?: { ms: number; while: (data: T) => boolean },
): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const loader = useRef(load);
  loader.current = load;
  // Only the latest call may set state: an older answer arriving late must not overwrite a newer one.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    try {
      const loaded = await loader.current();
      if (call !== latest.current) return;
      setData(loaded);
      setError(undefined);
    } catch (caught) {
      if (call === latest.current) setError(caught);
    }
  }, []);
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps (as key) say when to load anew.
  useEffect(() => {
    setData(undefined);
    void reload();
  }, [key, reload]);
  const polling = poll !== undefined && data !== undefined && poll.while(data);
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => void reload(), poll.ms);
    return () => clearInterval(timer);
  }, [polling, poll?.ms, reload]);
  return { data, error, reload };
}

/** The current time, ticking every second: for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
