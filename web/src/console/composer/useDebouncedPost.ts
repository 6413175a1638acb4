import { useEffect, useRef, useState } from 'react';
import { post } from '../../api';

/** POSTs `body` (when not null) 300 ms after it last changed; only the newest answer is kept. */
export function useDebouncedPost<T>(url: string, body: unknown): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const seq = useRef(0);
  const key = body === null ? null : JSON.stringify(body);
  useEffect(() => {
    if (key === null) { setState({ data: null, error: null }); return; }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      post<T>(url, JSON.parse(key)).then((data) => mine === seq.current && setState({ data, error: null }),
        (e: Error) => mine === seq.current && setState({ data: null, error: e.message }));
    }, 300);
    return () => clearTimeout(timer);
  }, [url, key]);
  return state;
}
