/** A GeoNames city as the gazetteer loads it; its own module so admin1.ts (which maps its codes) and gazetteer.ts (which loads it) do not import each other. */
export interface City {
  /** GeoNames id. */
  id: number;
  name: string;
  asciiName: string;
  alternateNames: string[];
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** GeoNames admin1 code (not ISO; see subdivisionCode). */
  admin1: string;
  /** GeoNames admin2 code (county level; British counties are here, see KNOWN_ADMIN2). */
  admin2: string;
  /** ISO 3166-2 code, where the GeoNames admin1 code could be mapped reliably. */
  subdivisionCode?: string;
  lat: number;
  lon: number;
  population: number;
  /** GeoNames feature code: PPLC capital, PPLA admin1 seat, PPL, … */
  featureCode: string;
}
