/** Warden's in-memory geography: countries, subdivisions, a city gazetteer and distance helpers. */
export {
  type BBox,
  type Country,
  countryAt,
  countryByDemonym,
  countryGeometry,
  countryPoint,
  findCountryByName,
  getCountry,
  isCountryCode,
  listCountries,
} from './countries.js';
export { listDemonyms } from './demonyms.js';
export { ownValue } from './own-value.js';
export { type Subdivision, findSubdivisionByName, getSubdivision, listSubdivisions } from './subdivisions.js';
export {
  type City,
  type GazetteerStats,
  type SearchOptions,
  capitalOf,
  getCity,
  loadGazetteer,
  nearestCity,
  normalizePlaceName,
  searchPlaces,
  subdivisionPoint,
  type SubdivisionPoint,
} from './gazetteer.js';
export { subdivisionAt } from './locate.js';
export {
  EARTH_RADIUS_KM,
  type LatLon,
  type LatLonRing,
  haversineKm,
  isClosedRing,
  isValidLatLon,
  pointInCircle,
  pointInPolygon,
} from './distance.js';
export { type UsCounty, findUsCounties, usCountyContains, usStateAt } from './us-counties.js';
