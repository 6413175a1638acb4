import type { AdvisoryState } from '../../src/vocabulary';

/** A problem+json answer (RFC 9457) turned into an Error the screens can show. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly errors: { field: string; message: string }[] = []) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('warden_csrf='));
  return match ? decodeURIComponent(match.slice('warden_csrf='.length)) : undefined;
}

/** JSON over fetch, with the session cookie and the CSRF echo on writes. */
export async function api<T>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { type?: string; title?: string; detail?: string; errors?: { field: string; message: string }[] };
    const detail = p.errors?.length ? p.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : p.detail ?? p.title ?? res.statusText;
    throw new ApiError(res.status, p.type ?? 'about:blank', detail, p.errors);
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
export const del = <T>(url: string) => api<T>('DELETE', url);

export interface Advisory {
  id: string; countryCode: string; countryName: string; version: number; level: 1 | 2 | 3 | 4; levelLabel: string;
  indicators: string[]; title: string; summary: string; body: string; exceptions: AdvisoryException[];
  state: AdvisoryState; createdAt: string; publishedAt: string | null; supersededAt: string | null;
}
export interface AdvisoryException { level: number; subdivisionCode?: string; note: string; area?: { circles?: { lat: number; lon: number; radiusKm: number }[] } }
export interface Post {
  id: string; slug: string; name: string; kind: string; countryCode: string; city: string; lat: number | null; lon: number | null;
  contacts: { phone?: string; emergencyPhone?: string; email?: string; address?: string; website?: string };
  status: 'normal' | 'limited' | 'suspended' | 'closed'; statusMessage: string; statusSince: string; doNotApproach: boolean;
  departurePosture: 'none' | 'authorized' | 'ordered'; updatedAt: string;
}
export interface Operator { id: string | null; label: string; role: 'viewer' | 'editor' | 'approver' | 'admin' }
export interface Place { id: number; name: string; countryCode: string; subdivisionCode: string | null; lat: number; lon: number; population: number }
