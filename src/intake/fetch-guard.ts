/**
 * Server-side request forgery guard for URLs that operators ask the server to fetch (intake, CAP import):
 * the server can reach addresses the operator cannot (loopback services, the cloud metadata endpoint,
 * the internal network), so such addresses are refused unless WARDEN_FETCH_ALLOW_PRIVATE=1.
 * Every redirect hop is checked again. (A DNS answer that changes between this check and the
 * connection is not covered; run Warden behind an egress proxy where that matters.)
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function privateFetchAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WARDEN_FETCH_ALLOW_PRIVATE === '1';
}

/** Throws when the URL is not http(s) or its host resolves to a private, loopback or link-local address. */
export async function assertPublicUrl(url: string): Promise<void> {
  const parsed = new URL(url);
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error(`${url}: only http(s) URLs can be fetched`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    if (blocked.check(address, family === 6 ? 'ipv6' : 'ipv4')) throw new Error(`${url}: resolves to a private or loopback address (${address}); refused`);
  }
}
