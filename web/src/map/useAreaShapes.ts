import { useEffect, useState } from 'react';
import { get, type Place } from '../api';
import type { MapCircle, MapOutline } from './WorldMap';

interface Outline { code: string; name: string; towns: number; ring: [number, number][] }

/** GETs each url once (keyed by it) and keeps what came back; null for a failure. */
function useEach<T>(urls: string[]): Record<string, T | null> {
  const [byUrl, setByUrl] = useState<Record<string, T | null>>({});
  useEffect(() => {
    for (const url of urls.filter((u) => !(u in byUrl))) {
      get<T>(url).then((v) => setByUrl((m) => ({ ...m, [url]: v })), () => setByUrl((m) => ({ ...m, [url]: null })));
    }
  }, [urls.join(' ')]);
  return byUrl;
}

/** The outlines of subdivisions (the hull of their towns, src/geo/outline.ts), to draw on a map. */
export function useSubdivisionOutlines(codes: string[]): MapOutline[] {
  const byUrl = useEach<Outline>(codes.map((c) => `/api/geo/subdivisions/${c}/outline`));
  return Object.values(byUrl).flatMap((o) => (o && codes.includes(o.code) ? [{ ring: o.ring, label: `${o.name} (${o.code}): the land of its ${o.towns} town${o.towns === 1 ? '' : 's'}` }] : []));
}

/** A stored area's cities (kept as ids) as circles, named and placed from the gazetteer. */
export function useCityCircles(cities: { id: number; radiusKm: number }[]): MapCircle[] {
  const byUrl = useEach<Place>(cities.map((c) => `/api/geo/places/${c.id}`));
  return cities.flatMap((c) => {
    const p = byUrl[`/api/geo/places/${c.id}`];
    return p ? [{ lat: p.lat, lon: p.lon, radiusKm: c.radiusKm, label: `${c.radiusKm} km around ${p.name}` }] : [];
  });
}
