import { geoArea, geoCircle, geoEqualEarth, geoGraticule10, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountryName } from '../i18n';
import { levelColours, noAdvisoryColour } from '../levels';
import { navigate } from '../router';
import { loadAtlas, type CountryShape } from './atlas';

export interface MapCircle { lat: number; lon: number; radiusKm: number; label?: string }
/** A dot drawn over the map (e.g. a cluster of people), r in map pixels. */
/** A named outline (e.g. a subdivision's), as a closed [lat, lon] ring. */
export interface MapOutline { ring: [number, number][]; label: string }
export interface MapMarker { lat: number; lon: number; r: number; className: string; label: string; text?: string }

interface Props {
  /** Advisory level by alpha-2 code; countries without one are grey. */
  levels: Record<string, number>;
  /** Zoom to this country (country page) instead of the whole world. */
  focus?: string;
  /** Countries to outline (alert composer). */
  selected?: ReadonlySet<string>;
  circles?: MapCircle[];
  markers?: MapMarker[];
  /** Polygons as [lat, lon] rings. */
  polygons?: [number, number][][];
  outlines?: MapOutline[];
  /** Points of a polygon still being drawn, as [lat, lon]: shown as a line with dots. */
  draft?: [number, number][];
  /** Makes countries with an advisory links to their page. */
  linkCountries?: boolean;
  /** Called with the clicked point (alert composer). */
  onPointClick?: (lat: number, lon: number, countryCode: string | null) => void;
  label: string;
  height?: number;
  children?: ReactNode;
}

const width = 960;

export function WorldMap({ levels, focus, selected, circles = [], markers = [], polygons = [], outlines = [], draft = [], linkCountries, onPointClick, label, height = 480 }: Props) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const [shapes, setShapes] = useState<CountryShape[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadAtlas().then((s) => live && setShapes(s), (e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, []);

  const projection = useMemo(() => {
    const p = geoEqualEarth();
    const target = focus && shapes?.find((s) => s.code === focus);
    if (target) p.fitExtent([[20, 20], [width - 20, height - 20]], target.feature);
    else p.fitSize([width, height], { type: 'Sphere' });
    return p;
  }, [shapes, focus, height]);
  const path = useMemo(() => geoPath(projection), [projection]);

  if (error) return <p role="alert" className="error">{t('mapView.failed', { reason: error })}</p>;
  if (!shapes) return <div className="map-placeholder" style={{ aspectRatio: `${width} / ${height}` }} aria-busy="true">{t('mapView.loading')}</div>;

  const click = (event: MouseEvent<SVGSVGElement>) => {
    if (!onPointClick) return;
    const svg = event.currentTarget;
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const lonLat = projection.invert?.([point.x, point.y]);
    if (!lonLat || Number.isNaN(lonLat[0])) return;
    const target = (event.target as Element).closest('[data-cc]');
    onPointClick(round(lonLat[1]), round(lonLat[0]), target?.getAttribute('data-cc') || null);
  };

  return (
    <figure className="map">
      <svg viewBox={`0 0 ${width} ${height}`} role="group" aria-label={label} onClick={click} className={onPointClick ? 'map-svg pickable' : 'map-svg'}>
        <path d={path({ type: 'Sphere' }) ?? ''} className="sphere" />
        <path d={path(geoGraticule10()) ?? ''} className="graticule" />
        {shapes.map((s, i) => {
          const level = s.code ? levels[s.code] : undefined;
          const fill = level ? levelColours[level] : noAdvisoryColour;
          const d = path(s.feature as GeoPermissibleObjects) ?? '';
          const name = countryName(s.code, s.name);
          const title = level ? t('mapView.countryLevel', { name, level, label: t(`levels.${level}`) }) : t('mapView.noAdvisoryFor', { name });
          const shape = (
            <path key={s.code ?? `x${i}`} d={d} fill={fill} data-cc={s.code ?? ''} data-level={level ?? 0}
              className={`${selected?.has(s.code ?? '') ? 'selected ' : ''}${focus && s.code === focus ? 'focused ' : ''}country`}>
              <title>{title}</title>
            </path>
          );
          if (linkCountries && level && s.code) {
            const href = `/country/${s.code.toLowerCase()}`;
            return (
              <a key={s.code} href={href} aria-label={title}
                onClick={(e) => { e.preventDefault(); navigate(href); }}>{shape}</a>
            );
          }
          return shape;
        })}
        {polygons.map((ring, i) => <path key={`p${i}`} className="area" d={path(ringPolygon(ring)) ?? ''} />)}
        {outlines.map((o, i) => <path key={`o${i}`} className="area outline" data-testid="map-outline" d={path(ringPolygon(o.ring)) ?? ''}><title>{o.label}</title></path>)}
        {draft.length > 1 && <path className="area-draft" d={path({ type: 'LineString', coordinates: draft.map(([lat, lon]) => [lon, lat]) }) ?? ''} />}
        {draft.map(([lat, lon], i) => {
          const xy = projection([lon, lat]);
          return xy ? <circle key={`v${i}`} cx={xy[0]} cy={xy[1]} r={3} className="area-dot" /> : null;
        })}
        {circles.map((c, i) => (
          <path key={`c${i}`} className="area" d={path(geoCircle().center([c.lon, c.lat]).radius(c.radiusKm / 111.32)()) ?? ''}>
            {c.label && <title>{c.label}</title>}
          </path>
        ))}
        {circles.map((c, i) => {
          const xy = projection([c.lon, c.lat]);
          return xy ? <circle key={`d${i}`} cx={xy[0]} cy={xy[1]} r={3} className="area-dot" /> : null;
        })}
        {markers.map((m, i) => {
          const xy = projection([m.lon, m.lat]);
          return xy ? (
            <g key={`m${i}`} className={`marker ${m.className}`} role="img" aria-label={m.label}>
              <title>{m.label}</title>
              <circle cx={xy[0]} cy={xy[1]} r={m.r} />
              {m.text && <text x={xy[0]} y={xy[1]} dy=".35em" textAnchor="middle">{m.text}</text>}
            </g>
          ) : null;
        })}
      </svg>
      {!focus && <Legend />}
    </figure>
  );
}

function round(n: number): number { return Math.round(n * 10000) / 10000; }

export function Legend() {
  const { t } = useTranslation();
  return (
    <figcaption className="legend">
      {[1, 2, 3, 4].map((l) => (
        <span key={l}><i style={{ background: levelColours[l] }} aria-hidden="true" />{t('mapView.legendLevel', { level: l, label: t(`levels.${l}`) })}</span>
      ))}
      <span><i style={{ background: noAdvisoryColour }} aria-hidden="true" />{t('mapView.noAdvisory')}</span>
    </figcaption>
  );
}

/** A [lat, lon] ring as GeoJSON; d3 treats a counter-clockwise ring as the rest of the globe, so such a ring is reversed. */
function ringPolygon(ring: [number, number][]): Feature<Geometry>['geometry'] {
  const coordinates = ring.map(([lat, lon]) => [lon, lat]);
  const polygon = { type: 'Polygon' as const, coordinates: [coordinates] };
  return geoArea(polygon) > 2 * Math.PI ? { type: 'Polygon', coordinates: [[...coordinates].reverse()] } : polygon;
}
