/**
 * Server-side request forgery guard, shared by every place where the server connects to a URL that
 * someone else chose: intake and CAP import (operators' URLs) and delivery (travellers' webhooks and
 * web-push endpoints). The server can reach what the chooser cannot — loopback services, the cloud
 * metadata endpoint, the internal network — so only public unicast addresses are allowed.
 *
 * The rule is an allow-list, not a block-list: an address is public when, after unwrapping IPv4-mapped
 * IPv6 (::ffff:a.b.c.d), it is IPv4 "unicast" in ipaddr.js's range table (not private, loopback,
 * link-local, CGNAT, reserved, benchmarking, multicast…) or IPv6 global unicast (2000::/3) that embeds
 * no IPv4 address (6to4, Teredo) and is not reserved for documentation or benchmarks. So every form
 * that names a private IPv4 address inside IPv6 — [::127.0.0.1], [::ffff:7f00:1], [64:ff9b::7f00:1],
 * [2002:7f00:1::] — is refused, as is any form the URL parser normalises (0x7f.1, 2130706433, 0177.0.0.1).
 *
 * WARDEN_FETCH_ALLOW_PRIVATE=1 lifts the rule (tests reach their loopback servers with it; a closed
 * network may need it). It is the only switch: src/config.ts parses it, and whatever builds the process's
 * context (the app, the CLI) applies it to the process (src/process-settings.ts), because the guard sits
 * below code that has no context (intake's fetch, the enrolment form's URL check).
 */
import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { processSettings } from '../process-settings.js';

export function privateFetchAllowed(): boolean {
  return processSettings().fetchAllowPrivate;
}

const globalUnicast = ipaddr.IPv6.parse('2000::');

/** Whether an IP address (v4 or v6, no brackets) is a public unicast address. Anything unparsable is not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address); // ::ffff:a.b.c.d becomes a.b.c.d
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  return v6.match(globalUnicast, 3) && v6.range() === 'unicast';
}

/** The URL's host without IPv6 brackets (the WHATWG parser has already canonicalised IPv4 forms). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Thrown (or passed to a socket callback) when a connection would go to a non-public address. */
export class NonPublicAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to a private, loopback or reserved address (${address}); refused`);
    this.name = 'NonPublicAddressError';
  }
}

/** The guard's refusal inside an error (fetch wraps it as the cause of a TypeError), if that is what it is. */
export function addressRefusalIn(error: unknown): NonPublicAddressError | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth += 1) {
    if (e instanceof NonPublicAddressError) return e;
  }
  return undefined;
}

/** Names that never mean a public host, refused before any DNS lookup. */
const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

export interface UrlRules {
  /** Only https (web push endpoints); http and https otherwise. */
  httpsOnly?: boolean;
  /** Lift the public-address rule (WARDEN_FETCH_ALLOW_PRIVATE=1); the scheme rule stays unless `httpsOnly` is false. */
  allowPrivate?: boolean;
}

/**
 * Why a URL may not be used, from its text alone (no DNS): the scheme, an IP literal that is not public,
 * or a name that is local by definition. Returns undefined when the URL passes; sending re-checks the
 * resolved address (see guarded-fetch.ts), so a public-looking name that resolves inward is still refused.
 */
export function urlProblem(value: string, rules: UrlRules = {}): string | undefined {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url) return 'is not a URL';
  const schemes = rules.httpsOnly ? ['https:'] : ['http:', 'https:'];
  if (!schemes.includes(url.protocol)) return rules.httpsOnly ? 'must be an https URL' : 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (rules.allowPrivate) return undefined;
  const host = hostOf(url);
  if (isIP(host)) return isPublicAddress(host) ? undefined : 'must be a public address (not loopback, private or reserved)';
  if (localNames.test(host.replace(/\.$/, '')) || !host.includes('.')) return 'must be a public host name';
  return undefined;
}
