/**
 * Point → subdivision, "where data allows". There are no subdivision shapes
 * here, so the answer is borrowed from the nearest gazetteer town, and only
 * when that town is close and in the country the point is in (a point in Iran
 * near the border must not get an Iraqi governorate).
 */
import { countryAt } from './countries.js';
import { nearestCity } from './gazetteer.js';
import { haversineKm } from './distance.js';

/** Beyond this the nearest town says little about which subdivision a point is in. */
const MAX_TOWN_DISTANCE_KM = 50;

export function subdivisionAt(lat: number, lon: number): string | undefined {
  const country = countryAt(lat, lon);
  if (country === undefined) return undefined;
  const town = nearestCity(lat, lon);
  if (!town?.subdivisionCode || town.countryCode !== country) return undefined;
  return haversineKm({ lat, lon }, town) <= MAX_TOWN_DISTANCE_KM ? town.subdivisionCode : undefined;
}
