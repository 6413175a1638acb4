/** Warden's in-memory geography: countries, subdivisions, a city gazetteer and distance helpers. */
export {
  countryAt,
  countryByDemonym,
  countryGeometry,
  countryPoint,
  findCountryByName,
  getCountry,
  listCountries,
} from './countries.js';
export { ownValue } from './own-value.js';
export { type Subdivision, getSubdivision, listSubdivisions } from './subdivisions.js';
export {
  type City,
  capitalOf,
  getCity,
  loadGazetteer,
  nearestCity,
  normalizePlaceName,
  searchPlaces,
  subdivisionPoint,
} from './gazetteer.js';
export { subdivisionAt } from './locate.js';
export { EARTH_RADIUS_KM, haversineKm, pointInPolygon } from './distance.js';
export { findUsCounties, usCountyContains, usStateAt } from './us-counties.js';
