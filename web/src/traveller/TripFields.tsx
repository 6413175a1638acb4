import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Place } from '../api';

/** What POST /api/me/trips and the trips of POST /api/public/enrol take. */
export interface TripDraft { cityId?: number; countryCode?: string; placeName?: string; startsAt: string; endsAt?: string | null }

/**
 * One trip: a city found by name (GET /api/geo/places?q=), arrival and departure dates.
 * Controlled: the parent keeps the chosen place and dates and builds the trip with tripOf().
 */
export interface TripState { place: Place | null; startsAt: string; endsAt: string }
export const emptyTrip = (): TripState => ({ place: null, startsAt: new Date().toISOString().slice(0, 10), endsAt: '' });
export function tripOf(t: TripState): TripDraft | null {
  if (!t.place) return null;
  return { cityId: t.place.id, placeName: t.place.name, startsAt: t.startsAt, endsAt: t.endsAt || null };
}

export function TripFields({ value, onChange }: { value: TripState; onChange: (t: TripState) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Place[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) { setFound([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      get<{ items: Place[] }>(`/api/geo/places?q=${encodeURIComponent(q.trim())}&limit=6`).then((r) => { if (live) setFound(r.items); }).catch(() => { if (live) setFound([]); });
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [q]);
  return (
    <fieldset className="trip-fields">
      <legend>{t('trip.legend')}</legend>
      <label htmlFor={`${id}-city`}>{t('trip.city')}</label>
      <input id={`${id}-city`} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" aria-describedby={`${id}-chosen`} placeholder={t('trip.cityPlaceholder')} />
      {found.length > 0 && (
        <ul className="plain place-results" aria-label={t('trip.matching')}>
          {found.map((p) => (
            <li key={p.id}><button type="button" className="secondary" onClick={() => { onChange({ ...value, place: p }); setQ(''); setFound([]); }}>
              {p.name}, {p.countryCode}
            </button></li>
          ))}
        </ul>
      )}
      <p id={`${id}-chosen`} role="status" className="small">{value.place ? <>{t('trip.chosen')} <strong>{value.place.name}, {value.place.countryCode}</strong></> : t('trip.noneChosen')}</p>
      <label>{t('trip.arrival')} <input type="date" required value={value.startsAt} onChange={(e) => onChange({ ...value, startsAt: e.target.value })} /></label>
      <label>{t('trip.departure')} <input type="date" value={value.endsAt} min={value.startsAt} onChange={(e) => onChange({ ...value, endsAt: e.target.value })} /></label>
    </fieldset>
  );
}
