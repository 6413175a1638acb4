import { useCallback, useEffect, useState } from 'react';
import { ApiError, get } from './api';

export interface Loaded<T> { data: T | null; error: ApiError | Error | null; loading: boolean; reload: () => void }

/** GET a JSON resource; reloads when the url changes, or every `pollMs` when given. */
export function useFetch<T>(url: string | null, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: !!url });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (!url) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    get<T>(url).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => { live = false; };
  }, [url, tick]);
  useEffect(() => {
    if (!pollMs || !url) return;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, url, reload]);
  return { ...state, reload };
}
