import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import numericToAlpha2 from 'virtual:iso-numeric';
import atlasUrl from 'world-atlas/countries-110m.json?url';

export interface CountryShape { code: string | null; name: string; feature: Feature<Geometry, { name: string }> }

let loading: Promise<CountryShape[]> | null = null;

/** Natural Earth 1:110m country shapes, fetched once as a static file from our own server. */
export function loadAtlas(): Promise<CountryShape[]> {
  loading ??= fetch(atlasUrl)
    .then((res) => {
      if (!res.ok) throw new Error(`map data: HTTP ${res.status}`);
      return res.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>;
    })
    .then((topology) => {
      const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
      return collection.features.map((f) => {
        const numeric = f.id === undefined ? undefined : String(f.id).padStart(3, '0');
        return { code: (numeric && numericToAlpha2[numeric]) || null, name: f.properties.name, feature: f };
      });
    });
  loading.catch(() => { loading = null; });
  return loading;
}
