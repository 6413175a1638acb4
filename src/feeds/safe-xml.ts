/**
 * A hardened front end to fast-xml-parser for documents from outside (CAP
 * alerts, Atom and RSS feeds). It refuses what a safe reader must never act
 * on — DTDs and entity declarations (XXE, "billion laughs"), XInclude,
 * oversize or deeply nested input — and returns a small namespace-aware tree.
 *
 * Only the five predefined XML entities and numeric character references are
 * decoded, by this module rather than the parser, so no declared entity can
 * ever expand.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** CAP needs 5 levels, an Atom entry embedding CAP 8; 32 leaves room for XHTML content. */
export const DEFAULT_MAX_DEPTH = 32;

export interface SafeXmlOptions {
  /** Largest accepted document, in bytes as received. Default 1 MiB. */
  maxBytes?: number;
  /** Deepest accepted element nesting. Default 32. */
  maxDepth?: number;
}

export interface XmlElement {
  /** Namespace URI, '' when the element is in no namespace. */
  ns: string;
  local: string;
  /** Attributes by their name as written (prefix included), values decoded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), decoded, untrimmed. */
  text: string;
}

export type SafeXmlResult = { ok: true; root: XmlElement } | { ok: false; errors: string[] };

const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export function parseSafeXml(input: string | Buffer, opts: SafeXmlOptions = {}): SafeXmlResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) return failure(`document: ${size} bytes is larger than the limit of ${maxBytes} bytes`);

  const decoded = typeof input === 'string' ? { ok: true as const, text: input } : decodeXmlBytes(input);
  if (!decoded.ok) return failure(decoded.error);
  const text = decoded.text.replace(/^\uFEFF/, '');

  const declaration = findDeclaration(text);
  if (declaration) {
    return failure(`document: ${declaration} declarations are not allowed (no DTDs, external entities or entity expansion)`);
  }
  const nodes = parseOrdered(text, maxDepth);
  if (!nodes.ok) return failure(nodes.error);
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return failure(`document: not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  return buildTree(nodes.value);
}

/** Names the first DTD-level declaration found outside comments and CDATA, if any. */
export function findDeclaration(text: string): 'DOCTYPE' | 'ENTITY' | undefined {
  const markup = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (/<!DOCTYPE/i.test(markup)) return 'DOCTYPE';
  if (/<!ENTITY/i.test(markup)) return 'ENTITY';
  return undefined;
}

function failure(error: string): SafeXmlResult {
  return { ok: false, errors: [error] };
}

type Decoded = { ok: true; text: string } | { ok: false; error: string };

/** Decodes bytes by their BOM or the encoding named in the XML declaration (UTF-8 when none). */
export function decodeXmlBytes(bytes: Buffer): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  const head = bytes.subarray(0, 256).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const encoding = (declared ?? 'utf-8').toLowerCase();
  if (encoding === 'utf-8' || encoding === 'utf8') return decodeWith('utf-8', bytes);
  // Buffer's 'latin1' is exactly ISO-8859-1; TextDecoder would substitute windows-1252.
  if (['iso-8859-1', 'iso_8859-1', 'latin1', 'l1', 'iso-latin-1'].includes(encoding)) {
    return { ok: true, text: bytes.toString('latin1') };
  }
  if (encoding === 'us-ascii' || encoding === 'ascii') {
    return bytes.every((b) => b < 0x80) ? { ok: true, text: bytes.toString('latin1') } : badBytes(encoding);
  }
  if (encoding === 'windows-1252' || encoding === 'cp1252') return decodeWith('windows-1252', bytes);
  return { ok: false, error: `document: encoding "${declared}" is not supported (use UTF-8 or ISO-8859-1)` };
}

function decodeWith(encoding: string, bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return badBytes(encoding);
  }
}

function badBytes(encoding: string): Decoded {
  return { ok: false, error: `document: bytes are not valid ${encoding.toUpperCase()}` };
}

/** fast-xml-parser's preserveOrder node: one key naming the tag (or #text / #cdata), plus ':@' attributes. */
type OrderedNode = Record<string, unknown>;

function parseOrdered(text: string, maxDepth: number): { ok: true; value: OrderedNode[] } | { ok: false; error: string } {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    maxNestedTags: maxDepth,
  });
  try {
    return { ok: true, value: parser.parse(text) as OrderedNode[] };
  } catch (err) {
    const message = (err as Error).message;
    if (/nested tags/i.test(message)) return { ok: false, error: `document: elements nested deeper than ${maxDepth} levels` };
    return { ok: false, error: `document: not well-formed XML: ${message}` };
  }
}

interface BuildContext {
  errors: string[];
}

function buildTree(nodes: OrderedNode[]): SafeXmlResult {
  const elements = nodes.filter((n) => tagOf(n) !== undefined);
  if (elements.length !== 1) return failure(`document: expected one root element, found ${elements.length}`);
  const ctx: BuildContext = { errors: [] };
  const root = buildElement(elements[0]!, new Map([['xml', XML_NS]]), '', ctx);
  return ctx.errors.length ? { ok: false, errors: ctx.errors } : { ok: true, root };
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata');
}

function buildElement(node: OrderedNode, inherited: Map<string, string>, parentPath: string, ctx: BuildContext): XmlElement {
  const qname = tagOf(node)!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, unknown>;
  const scope = declareNamespaces(rawAttrs, inherited);
  const [prefix, local] = qname.includes(':') ? (qname.split(':', 2) as [string, string]) : ['', qname];
  const path = parentPath ? `${parentPath}/${local}` : local;
  const ns = scope.get(prefix) ?? '';
  if (prefix && !scope.has(prefix)) ctx.errors.push(`${path}: namespace prefix "${prefix}" is not declared`);
  if (ns === XINCLUDE_NS) ctx.errors.push(`${path}: XInclude is not allowed`);

  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttrs)) attrs[name] = decodeEntities(String(value), `${path}/@${name}`, ctx);

  const element: XmlElement = { ns, local, attrs, children: [], text: '' };
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    if ('#text' in child) element.text += decodeEntities(String(child['#text']), path, ctx);
    else if ('#cdata' in child) element.text += cdataText(child['#cdata']);
    else if (tagOf(child)) element.children.push(buildElement(child, scope, path, ctx));
  }
  return element;
}

function declareNamespaces(attrs: Record<string, unknown>, inherited: Map<string, string>): Map<string, string> {
  let scope = inherited;
  for (const [name, value] of Object.entries(attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === inherited) scope = new Map(inherited);
    scope.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), String(value));
  }
  return scope;
}

function cdataText(cdata: unknown): string {
  const parts = Array.isArray(cdata) ? (cdata as OrderedNode[]) : [];
  return parts.map((p) => String(p['#text'] ?? '')).join('');
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeEntities(raw: string, path: string, ctx: BuildContext): string {
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const codePoint = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (isXmlChar(codePoint)) return String.fromCodePoint(codePoint);
      ctx.errors.push(`${path}: character reference ${whole} is not an allowed XML character`);
      return '';
    }
    const value = PREDEFINED_ENTITIES[ref];
    if (value !== undefined) return value;
    ctx.errors.push(`${path}: entity ${whole} is not defined (only the five predefined XML entities are)`);
    return '';
  });
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
