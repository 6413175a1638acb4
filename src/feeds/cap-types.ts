/**
 * A plain model of a CAP 1.2 alert (OASIS Common Alerting Protocol) as Warden
 * produces it. It covers the elements Warden writes; elements that other
 * agencies use but Warden does not (source, code, audience, eventCode,
 * resource, altitude, ceiling) are accepted by the reader and not modelled.
 */

export const CAP_12_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** CAP 1.1 is read as well: it is structurally the same for the modelled elements. */
export const CAP_11_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.1';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire',
  'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid',
  'Monitor', 'Assess', 'AllClear', 'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** One earlier message this one refers to; written as `sender,identifier,sent`. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: Date;
}

/** A `valueName`/`value` pair, used by `<parameter>` and `<geocode>`. */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/** WGS 84 latitude then longitude, in CAP's order (not GeoJSON's). */
export type CapPoint = [lat: number, lon: number];

export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  /** Each polygon is a closed ring: the first point repeated last, at least 4 points. */
  polygons?: CapPoint[][];
  circles?: CapCircle[];
  /** ISO 3166 codes use valueName `ISO3166-1` (country) or `ISO3166-2` (subdivision). */
  geocodes?: CapValuePair[];
}

export interface CapInfo {
  /** RFC 3066 language tag; CAP's default when absent is `en-US`. */
  language: string;
  category: CapCategory[];
  event: string;
  responseType?: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  effective?: Date;
  onset?: Date;
  expires?: Date;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters?: CapValuePair[];
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  status: CapStatus;
  msgType: CapMsgType;
  scope: CapScope;
  /** Who may receive a Restricted alert (CAP: used when scope is Restricted). */
  restriction?: string;
  /** Recipients of a Private alert (CAP: required when scope is Private). */
  addresses?: string[];
  note?: string;
  references?: CapReference[];
  incidents?: string[];
  infos: CapInfo[];
}
