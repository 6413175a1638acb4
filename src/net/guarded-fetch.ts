/**
 * fetch that can only connect to public addresses (see address-guard.ts), checked at connection time on
 * the address actually dialled: the connector resolves the host itself, refuses the connection if any
 * resolved address is not public, and connects to the address it checked — so a DNS answer that changes
 * between a check and the connection (DNS rebinding) cannot swap it, and every redirect hop, IP literal
 * or name, goes through the same connector.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { isPublicAddress, NonPublicAddressError, privateFetchAllowed } from './address-guard.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup replacement for net.connect: fails unless every address the name resolves to is public. */
function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  const all: LookupAllOptions = { ...(options as object), all: true };
  dnsLookup(hostname, all, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || !addresses.length) return callback(new NonPublicAddressError(hostname, refused?.address ?? 'none'), []);
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const connectViaLookup = buildConnector({ lookup: publicOnlyLookup as never });

/** IP literals skip lookup inside net.connect, so the connector checks them itself. */
const publicOnlyConnector: buildConnector.connector = (options, callback) => {
  const host = options.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host)) {
    callback(new NonPublicAddressError(host, host), null);
    return;
  }
  connectViaLookup(options, callback);
};

const publicOnlyAgent = new Agent({ connect: publicOnlyConnector });
const anyAddressAgent = new Agent();

export interface GuardOptions {
  /** Connect to private and loopback addresses too; defaults to WARDEN_FETCH_ALLOW_PRIVATE=1. */
  allowPrivate?: boolean;
}

/**
 * fetch through the guard. Errors are fetch's (a TypeError whose cause is NonPublicAddressError when the
 * guard refused: find it with addressRefusalIn).
 */
export function guardedFetch(url: string, init: UndiciRequestInit = {}, opts: GuardOptions = {}) {
  const allowPrivate = opts.allowPrivate ?? privateFetchAllowed();
  return undiciFetch(url, { ...init, dispatcher: allowPrivate ? anyAddressAgent : publicOnlyAgent });
}
