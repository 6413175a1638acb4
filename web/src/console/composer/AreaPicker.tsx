import { useEffect, useState, type Dispatch } from 'react';
import { get, type Place } from '../../api';
import { useSubdivisionOutlines } from '../../map/useAreaShapes';
import { WorldMap, type MapCircle } from '../../map/WorldMap';
import type { ComposerAction, ComposerState } from './composer-state';

interface Subdivision { code: string; name: string; type: string }
/** Area by country (click), subdivision (list), city with a radius (search), circle (click) or drawn polygon. */
export function AreaPicker({ s, dispatch, levels }: { s: ComposerState; dispatch: Dispatch<ComposerAction>; levels: Record<string, number> }) {
  const [cityQuery, setCityQuery] = useState('');
  const [cityResults, setCityResults] = useState<Place[]>([]);
  const focus = s.cities.find((c) => c.countryCode)?.countryCode ?? s.countries[0] ?? s.subdivisions[0]?.slice(0, 2);
  const [subdivisions, setSubdivisions] = useState<Subdivision[]>([]);
  useEffect(() => {
    if (!focus) { setSubdivisions([]); return; }
    get<{ items: Subdivision[] }>(`/api/geo/countries/${focus}/subdivisions`).then((r) => setSubdivisions(r.items), () => setSubdivisions([]));
  }, [focus]);
  useEffect(() => {
    if (cityQuery.trim().length < 2) { setCityResults([]); return; }
    const timer = setTimeout(() => { get<{ items: Place[] }>(`/api/geo/places?q=${encodeURIComponent(cityQuery)}&limit=8`).then((r) => setCityResults(r.items), () => setCityResults([])); }, 200);
    return () => clearTimeout(timer);
  }, [cityQuery]);

  const outlines = useSubdivisionOutlines(s.subdivisions);
  const shownCircles: MapCircle[] = [...s.circles, ...s.cities.filter((c) => Number.isFinite(c.lat)).map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm, label: c.name }))];
  const mode = (m: ComposerState['mode'], label: string) => (
    <label className="radio"><input type="radio" name="mode" checked={s.mode === m} onChange={() => dispatch({ type: 'set', field: 'mode', value: m })} /> {label}</label>
  );
  return (
    <fieldset className="card">
      <legend>Area</legend>
      <div className="inline-form">
        {mode('circle', 'Click adds a circle')}
        {mode('polygon', 'Click adds a polygon point')}
        {mode('country', 'Click toggles a country')}
        <label>Radius (km) <input type="number" min={1} max={1000} value={s.radius} onChange={(e) => dispatch({ type: 'set', field: 'radius', value: Number(e.target.value) || 1 })} /></label>
      </div>
      <WorldMap levels={levels} focus={focus} selected={new Set(s.countries)} circles={shownCircles} polygons={s.polygons} outlines={outlines} draft={s.vertices} height={420}
        onPointClick={(lat, lon, countryCode) => dispatch({ type: 'pick', lat, lon, countryCode })}
        label="Map for choosing the alert's area; click to add a circle, a polygon point or toggle a country. Cities and subdivisions can also be added by name below." />
      {s.mode === 'polygon' && (
        <div className="inline-form">
          <p className="muted small" data-testid="polygon-points">{s.vertices.length} point{s.vertices.length === 1 ? '' : 's'} placed</p>
          <button type="button" className="secondary" onClick={() => dispatch({ type: 'closePolygon' })} disabled={s.vertices.length < 3}>Close polygon</button>
          <button type="button" className="link" onClick={() => dispatch({ type: 'discardPoints' })} disabled={!s.vertices.length}>Discard points</button>
        </div>
      )}
      {s.polygonError && <p role="alert" className="error">{s.polygonError}</p>}
      <label>Add a city <input type="search" value={cityQuery} onChange={(e) => setCityQuery(e.target.value)} placeholder="Baghdad" aria-describedby="city-help" /></label>
      <p id="city-help" className="muted small">Adds a circle of the radius above around the city.</p>
      {cityResults.length > 0 && (
        <ul className="plain" aria-label="Matching cities">
          {cityResults.map((c) => (
            <li key={c.id}><button type="button" className="secondary" onClick={() => { dispatch({ type: 'addCity', city: c }); setCityQuery(''); setCityResults([]); }}>
              {c.name}, {c.countryCode} <span className="muted">(pop. {c.population.toLocaleString('en')})</span></button></li>
          ))}
        </ul>
      )}
      {subdivisions.length > 0 && (
        <label>Add a subdivision of {focus}
          <select value="" onChange={(e) => e.target.value && dispatch({ type: 'addSubdivision', code: e.target.value })}>
            <option value="">Choose…</option>
            {subdivisions.map((d) => <option key={d.code} value={d.code}>{d.name} ({d.code})</option>)}
          </select>
        </label>
      )}
      <ul className="plain" aria-label="Chosen area">
        {s.countries.map((c, i) => <li key={c}>Country {c} <Remove onClick={() => dispatch({ type: 'remove', list: 'countries', index: i })} /></li>)}
        {s.subdivisions.map((c, i) => <li key={c}>Subdivision {subdivisions.find((d) => d.code === c)?.name ?? c} <Remove onClick={() => dispatch({ type: 'remove', list: 'subdivisions', index: i })} /></li>)}
        {s.cities.map((c, i) => <li key={`${c.id}-${i}`}>{c.name} ({c.radiusKm} km) <Remove onClick={() => dispatch({ type: 'remove', list: 'cities', index: i })} /></li>)}
        {s.polygons.map((ring, i) => <li key={`p${i}`}>Polygon of {ring.length - 1} points <Remove onClick={() => dispatch({ type: 'remove', list: 'polygons', index: i })} /></li>)}
        {s.circles.map((c, i) => <li key={`c${i}`}>{c.label} <Remove onClick={() => dispatch({ type: 'remove', list: 'circles', index: i })} /></li>)}
      </ul>
    </fieldset>
  );
}

function Remove({ onClick }: { onClick: () => void }) {
  return <button type="button" className="link" onClick={onClick}>remove</button>;
}
