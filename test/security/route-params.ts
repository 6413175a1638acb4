/** Fills a route's path parameters with plausible values; an unknown parameter name fails loudly so new routes are looked at. */
export interface ParamValues { uuid: string; slug: string; cc: string; alertId?: string; advisoryVersion?: number }

export function fillPath(url: string, v: ParamValues): string {
  return url.replace(/:([A-Za-z]+)|\*/g, (whole, name: string | undefined) => {
    if (whole === '*') return 'dashboard';
    switch (name) {
      case 'id': if (url.startsWith('/api/geo/places/')) return '98182'; // Baghdad's GeoNames id
        return v.alertId && /alert|accountability|escalation/.test(url) ? v.alertId : v.uuid;
      case 'slug': return v.slug;
      case 'travellerId': case 'departureId': return v.uuid;
      case 'cc': return v.cc;
      case 'code': return 'IQ-BG';
      case 'token': return 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      case 'name': return 'index.js';
      case 'ref': return 'agency-booking-1';
      case 'file':
        if (url.startsWith('/cap/advisories/:cc/')) return `${v.advisoryVersion ?? 1}.xml`;
        if (url.startsWith('/cap/advisories/')) return `${v.cc}.xml`;
        if (url.startsWith('/cap/alerts/')) return `${v.alertId ?? v.uuid}.xml`;
        if (url.startsWith('/feeds/countries/')) return `${v.cc}.atom`;
        if (url.startsWith('/feeds/')) return 'alerts.rss';
        break;
    }
    throw new Error(`no value for path parameter ${whole} in ${url}: teach test/security/route-params.ts about it`);
  });
}

/** Query strings that make search-like public routes return data rather than a validation error. */
export const sampleQueries: Record<string, string[]> = {
  '/api/geo/places': ['?q=Baghdad', '?q=Erbil'],
  '/api/posts/assistance': ['?countries=IQ', '?subdivisions=IQ-BG'],
  '/api/geo/locate': ['?lat=33.3152&lon=44.3661', '?q=Baghdad'],
  '/api/posts': ['', '?country=IQ'],
  '/api/public/alerts': ['', '?country=IQ'],
  '/api/public/alerts.geojson': ['', '?country=IQ'],
  '/api/me/session': ['?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  '/api/public/subscriptions/confirm': ['?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  '/api/public/subscriptions/unsubscribe': ['?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
};

/**
 * The same path with some of its letters percent-encoded (`/api/auth/login` → `/%61pi/auth/%6Cogin`):
 * the router decodes them, so the request must reach — and be limited as — the same route (issue 12 finding 1).
 */
export function percentEncodeSome(path: string, pick: readonly boolean[]): string {
  let i = 0;
  return path.replace(/[A-Za-z]/g, (ch) => (pick[i++ % Math.max(pick.length, 1)] ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch));
}
