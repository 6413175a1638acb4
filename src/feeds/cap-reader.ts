/**
 * Reads CAP 1.2 (and 1.1) alerts from outside into a CapAlert, after the
 * hardened XML front end (safe-xml.ts) and the structural rules of the CAP
 * 1.2 specification. Errors name the element path, XPath-style with 1-based
 * indexes for repeated elements: "alert/info[1]/area[2]/polygon[1]: …".
 *
 * The reader does not check element order (the XSD does; validateCapXml is
 * the tool for that) — a misordered but complete alert from another agency is
 * still worth reading.
 */
import {
  CAP_11_NAMESPACE,
  CAP_12_NAMESPACE,
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapAlert,
  type CapArea,
  type CapCircle,
  type CapInfo,
  type CapPoint,
  type CapValuePair,
} from './cap-types.js';
import {
  identifierProblem,
  isOneOf,
  isoGeocodeProblem,
  parseCapDateTime,
  parseCircle,
  parsePolygon,
  parseReferences,
  parseSpaceList,
  repairPolygon,
  type Parsed,
} from './cap-rules.js';
import { parseSafeXml, type SafeXmlOptions, type XmlElement } from './safe-xml.js';

export interface ReadCapOptions extends SafeXmlOptions {
  /**
   * Read alerts from other agencies liberally: a bad or unclosed polygon, a coordinate just past a bound, a bad circle,
   * an empty or malformed <references>, a malformed ISO geocode or a resource without mimeType is repaired or dropped
   * and reported in `warnings`, and the rest of the alert is kept. Structure and required elements are still checked.
   */
  lenient?: boolean;
}
export type CapVersion = '1.1' | '1.2';
/** `signed`: the alert carries an XML signature (<Signature> in the XML-DSig namespace); reading does not verify it. */
export type ReadCapResult = { ok: true; alert: CapAlert; capVersion: CapVersion; warnings?: string[]; signed?: true } | { ok: false; errors: string[] };

/** The XML-Signature namespace: a <Signature> child of <alert> signs it (CAP 1.2 §3.3.2.1). */
export const XML_DSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

const VERSION_BY_NAMESPACE: Record<string, CapVersion> = { [CAP_12_NAMESPACE]: '1.2', [CAP_11_NAMESPACE]: '1.1' };

// Children each element may have, from cap12.xsd; those marked false may repeat.
const ALERT_CHILDREN = childSpec('identifier sender sent status msgType source scope restriction addresses note references incidents', 'code info');
const INFO_CHILDREN = childSpec(
  'language event urgency severity certainty audience effective onset expires senderName headline description instruction web contact',
  'category responseType eventCode parameter resource area',
);
const AREA_CHILDREN = childSpec('areaDesc altitude ceiling', 'polygon circle geocode');
const PAIR_CHILDREN = childSpec('valueName value', '');
const RESOURCE_CHILDREN = childSpec('resourceDesc mimeType size uri derefUri digest', '');

function childSpec(single: string, repeated: string): Map<string, boolean> {
  const spec = new Map<string, boolean>();
  for (const name of single.split(' ').filter(Boolean)) spec.set(name, true);
  for (const name of repeated.split(' ').filter(Boolean)) spec.set(name, false);
  return spec;
}

export function readCap(xml: string | Buffer, opts: ReadCapOptions = {}): ReadCapResult {
  const parsed = parseSafeXml(xml, opts);
  if (!parsed.ok) return parsed;
  return readCapElement(parsed.root, '', { lenient: opts.lenient ?? false });
}

/** Reads an already-parsed `<alert>` element; `parentPath` prefixes error paths (e.g. inside an Atom entry). */
export function readCapElement(root: XmlElement, parentPath = '', { lenient = false } = {}): ReadCapResult {
  const path = parentPath ? `${parentPath}/${root.local}` : root.local;
  const capVersion = VERSION_BY_NAMESPACE[root.ns];
  if (root.local !== 'alert' || !capVersion) {
    return { ok: false, errors: [`${path}: not a CAP alert (expected <alert> in namespace ${CAP_12_NAMESPACE} or ${CAP_11_NAMESPACE})`] };
  }
  const reader = new ElementReader(root.ns, lenient);
  const alert = reader.alert(root, path);
  // A refused alert lists every problem, also those a liberal reading alone would have repaired.
  if (reader.errors.length) return { ok: false, errors: reader.problems };
  const signed = root.children.some((c) => c.ns === XML_DSIG_NAMESPACE && c.local === 'Signature');
  return { ok: true, alert, capVersion, ...(lenient ? { warnings: reader.warnings } : {}), ...(signed ? { signed: true as const } : {}) };
}

/** Walks one alert, collecting every problem rather than stopping at the first. */
class ElementReader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  /** Errors and warnings in document order: what a refusal lists. */
  readonly problems: string[] = [];
  constructor(private readonly ns: string, private readonly lenient = false) {}

  private error(message: string): void {
    this.errors.push(message);
    this.problems.push(message);
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.problems.push(message);
  }

  /** A problem with one item that a liberal reading repairs or drops: a warning when lenient, else an error. */
  private itemProblem(message: string): void {
    if (this.lenient) this.warn(message);
    else this.error(message);
  }

  alert(el: XmlElement, path: string): CapAlert {
    this.checkChildren(el, path, ALERT_CHILDREN);
    const identifier = this.identifier(el, path, 'identifier');
    const sender = this.identifier(el, path, 'sender');
    const scope = this.enumerated(el, path, 'scope', CAP_SCOPES);
    const restriction = this.text(el, path, 'restriction');
    const addresses = this.text(el, path, 'addresses');
    if (scope === 'Restricted' && !restriction) this.error(`${path}/restriction: required when scope is Restricted`);
    if (scope === 'Private' && !addresses) this.error(`${path}/addresses: required when scope is Private`);
    const references = this.references(el, path);
    const incidents = this.text(el, path, 'incidents');
    return withoutUndefined({
      identifier,
      sender,
      sent: this.dateTime(el, path, 'sent', true) ?? new Date(NaN),
      status: this.enumerated(el, path, 'status', CAP_STATUSES),
      msgType: this.enumerated(el, path, 'msgType', CAP_MSG_TYPES),
      scope,
      restriction,
      addresses: addresses ? parseSpaceList(addresses) : undefined,
      note: this.text(el, path, 'note'),
      references,
      incidents: incidents ? parseSpaceList(incidents) : undefined,
      infos: this.children(el, 'info').map((info, i) => this.info(info, `${path}/info[${i + 1}]`)),
    });
  }

  private references(el: XmlElement, path: string): CapAlert['references'] {
    const text = this.text(el, path, 'references', { keepEmpty: true });
    if (text === undefined) return undefined;
    const parsed = parseReferences(text);
    if (parsed.ok) return parsed.value;
    if (!this.lenient) return this.parsed(`${path}/references`, parsed);
    this.warn(`${path}/references: ${parsed.reason}; ignored`);
    return undefined;
  }

  private polygon(text: string, path: string): CapPoint[] | undefined {
    if (!this.lenient) return this.parsed(path, parsePolygon(text));
    const { ring, repairs, dropped } = repairPolygon(text);
    if (dropped) this.warn(`${path}: ${dropped}; polygon dropped`);
    else if (repairs.length) this.warn(`${path}: repaired: ${repairs.join('; ')}`);
    return ring;
  }

  private circle(text: string, path: string): CapCircle | undefined {
    const parsed = parseCircle(text);
    if (parsed.ok || !this.lenient) return this.parsed(path, parsed);
    this.warn(`${path}: ${parsed.reason}; circle dropped`);
    return undefined;
  }

  private info(el: XmlElement, path: string): CapInfo {
    this.checkChildren(el, path, INFO_CHILDREN);
    const language = this.text(el, path, 'language') ?? 'en-US';
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(language)) this.error(`${path}/language: "${language}" is not a language tag`);
    const categories = this.children(el, 'category');
    if (categories.length === 0) this.error(`${path}/category: required element missing`);
    const responseTypes = this.children(el, 'responseType');
    this.children(el, 'eventCode').forEach((c, i) => this.valuePair(c, `${path}/eventCode[${i + 1}]`));
    this.children(el, 'resource').forEach((r, i) => this.resource(r, `${path}/resource[${i + 1}]`));
    const parameters = this.children(el, 'parameter').map((p, i) => this.valuePair(p, `${path}/parameter[${i + 1}]`));
    return withoutUndefined({
      language,
      category: categories.map((c, i) => this.enumValue(`${path}/category[${i + 1}]`, c.text.trim(), CAP_CATEGORIES)),
      event: this.requiredText(el, path, 'event'),
      responseType: responseTypes.length
        ? responseTypes.map((r, i) => this.enumValue(`${path}/responseType[${i + 1}]`, r.text.trim(), CAP_RESPONSE_TYPES))
        : undefined,
      urgency: this.enumerated(el, path, 'urgency', CAP_URGENCIES),
      severity: this.enumerated(el, path, 'severity', CAP_SEVERITIES),
      certainty: this.enumerated(el, path, 'certainty', CAP_CERTAINTIES),
      effective: this.dateTime(el, path, 'effective', false),
      onset: this.dateTime(el, path, 'onset', false),
      expires: this.dateTime(el, path, 'expires', false),
      senderName: this.text(el, path, 'senderName'),
      headline: this.text(el, path, 'headline'),
      description: this.text(el, path, 'description'),
      instruction: this.text(el, path, 'instruction'),
      web: this.text(el, path, 'web'),
      contact: this.text(el, path, 'contact'),
      parameters: parameters.length ? parameters : undefined,
      areas: this.children(el, 'area').map((area, i) => this.area(area, `${path}/area[${i + 1}]`)),
    });
  }

  private area(el: XmlElement, path: string): CapArea {
    this.checkChildren(el, path, AREA_CHILDREN);
    const polygons = this.children(el, 'polygon').map((p, i) => this.polygon(p.text, `${path}/polygon[${i + 1}]`));
    const circles = this.children(el, 'circle').map((c, i) => this.circle(c.text, `${path}/circle[${i + 1}]`));
    const geocodes = this.children(el, 'geocode').map((g, i) => this.geocode(g, `${path}/geocode[${i + 1}]`));
    this.altitudeAndCeiling(el, path);
    return withoutUndefined({
      areaDesc: this.requiredText(el, path, 'areaDesc'),
      polygons: polygons.length ? polygons.filter(isDefined) : undefined,
      circles: circles.length ? circles.filter(isDefined) : undefined,
      geocodes: geocodes.length ? geocodes : undefined,
    });
  }

  private geocode(el: XmlElement, path: string): CapValuePair {
    const pair = this.valuePair(el, path);
    const problem = isoGeocodeProblem(pair.valueName, pair.value);
    if (problem) this.itemProblem(`${path}/value: ${problem}`);
    return pair;
  }

  private altitudeAndCeiling(el: XmlElement, path: string): void {
    const altitude = this.text(el, path, 'altitude');
    const ceiling = this.text(el, path, 'ceiling');
    for (const [name, value] of [['altitude', altitude], ['ceiling', ceiling]] as const) {
      if (value !== undefined && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) this.error(`${path}/${name}: "${value}" is not a decimal number`);
    }
    if (ceiling !== undefined && altitude === undefined) this.error(`${path}/ceiling: used only together with altitude`);
  }

  private valuePair(el: XmlElement, path: string): CapValuePair {
    this.checkChildren(el, path, PAIR_CHILDREN);
    const value = this.single(el, 'value');
    if (!value) this.error(`${path}/value: required element missing`);
    // An empty <value/> is allowed (real feeds use it); an empty valueName names nothing.
    return { valueName: this.requiredText(el, path, 'valueName'), value: value?.text.trim() ?? '' };
  }

  private resource(el: XmlElement, path: string): void {
    this.checkChildren(el, path, RESOURCE_CHILDREN);
    this.requiredText(el, path, 'resourceDesc');
    // CAP 1.1 made mimeType optional; 1.2 requires it.
    if (this.ns === CAP_11_NAMESPACE) return;
    if (this.single(el, 'mimeType') || !this.lenient) this.requiredText(el, path, 'mimeType');
    else this.warn(`${path}/mimeType: required element missing; resource kept`);
  }

  private identifier(el: XmlElement, path: string, name: string): string {
    const value = this.requiredText(el, path, name);
    const problem = value ? identifierProblem(value) : undefined;
    if (problem) this.error(`${path}/${name}: "${value}" ${problem}`);
    return value;
  }

  private enumerated<T extends string>(el: XmlElement, path: string, name: string, allowed: readonly T[]): T {
    const value = this.requiredText(el, path, name);
    return value ? this.enumValue(`${path}/${name}`, value, allowed) : (value as T);
  }

  private enumValue<T extends string>(path: string, value: string, allowed: readonly T[]): T {
    if (!isOneOf(allowed, value)) this.error(`${path}: "${value}" is not one of ${allowed.join(', ')}`);
    return value as T;
  }

  private dateTime(el: XmlElement, path: string, name: string, required: boolean): Date | undefined {
    const value = required ? this.requiredText(el, path, name) : this.text(el, path, name);
    if (!value) return undefined;
    return this.parsed(`${path}/${name}`, parseCapDateTime(value));
  }

  private parsed<T>(path: string, result: Parsed<T>): T | undefined {
    if (result.ok) return result.value;
    this.error(`${path}: ${result.reason}`);
    return undefined;
  }

  /** Text of a required single child; records "missing" or "empty" and returns '' then. */
  private requiredText(el: XmlElement, path: string, name: string): string {
    const child = this.single(el, name);
    if (!child) {
      this.error(`${path}/${name}: required element missing`);
      return '';
    }
    const value = this.leafText(child, `${path}/${name}`);
    if (value === '') this.error(`${path}/${name}: must not be empty`);
    return value;
  }

  /** Text of an optional single child; an empty element counts as absent unless keepEmpty. */
  private text(el: XmlElement, path: string, name: string, opts: { keepEmpty?: boolean } = {}): string | undefined {
    const child = this.single(el, name);
    if (!child) return undefined;
    const value = this.leafText(child, `${path}/${name}`);
    return value === '' && !opts.keepEmpty ? undefined : value;
  }

  private leafText(el: XmlElement, path: string): string {
    if (el.children.length) this.error(`${path}: must contain text only, found <${el.children[0]!.local}>`);
    return el.text.trim();
  }

  /** The first child of that name; checkChildren has already reported any repeat. */
  private single(el: XmlElement, name: string): XmlElement | undefined {
    return this.children(el, name)[0];
  }

  private children(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.ns === this.ns && c.local === name);
  }

  /**
   * Elements in the CAP namespace that the schema does not allow are errors;
   * elements in other namespaces (an XML signature, extensions) are ignored.
   */
  private checkChildren(el: XmlElement, path: string, allowed: Map<string, boolean>): void {
    const counts = new Map<string, number>();
    for (const child of el.children) {
      if (child.ns !== this.ns) continue;
      if (!allowed.has(child.local)) this.error(`${path}/${child.local}: unexpected element`);
      counts.set(child.local, (counts.get(child.local) ?? 0) + 1);
    }
    for (const [name, count] of counts) {
      if (count > 1 && allowed.get(name) === true) this.error(`${path}/${name}: appears ${count} times; at most once is allowed`);
    }
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Drops keys whose value is undefined, so absent CAP elements are absent keys. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
