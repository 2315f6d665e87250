import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may go. A customer types the URL, so without this the product
 * would send requests into its own network for them (SSRF): cloud metadata at
 * 169.254.169.254, Redis on 127.0.0.1, a database on 10.x. Addresses are checked
 * after DNS resolution and at connect time (the http agent's lookup), so a name that
 * resolved to a public address when saved and to 127.0.0.1 when sent (DNS rebinding)
 * is still refused (docs/decisions/050-webhook-network-safety.md).
 */
export interface WebhookNetworkPolicy {
  /** Production: https only. */
  requireHttps: boolean;
  /** Tests only (WEBHOOKS_ALLOW_LOOPBACK): receivers on 127.0.0.0/8 and ::1. */
  allowLoopback: boolean;
}

/** Production sends only over https; loopback only where a test setting allows it. */
export function webhookNetworkPolicy(config: { NODE_ENV: string; WEBHOOKS_ALLOW_LOOPBACK: boolean }): WebhookNetworkPolicy {
  return { requireHttps: config.NODE_ENV === "production", allowLoopback: config.WEBHOOKS_ALLOW_LOOPBACK };
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

// Everything that isn't the public internet: RFC 1918, carrier-grade NAT, link-local,
// loopback, "this network", benchmarking, documentation, multicast and reserved,
// and the IPv6 equivalents (unique local, link-local, site-local, multicast, NAT64).
const notPublic = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) notPublic.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10],
  ["fec0::", 10], ["ff00::", 8],
] as const) notPublic.addSubnet(network, prefix, "ipv6");

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: "ipv4" };
  return { address, family: isIP(address) === 6 ? "ipv6" : "ipv4" };
}

export function addressAllowed(raw: string, policy: Pick<WebhookNetworkPolicy, "allowLoopback">): boolean {
  const { address, family } = unmapped(raw);
  if (policy.allowLoopback && loopback.check(address, family)) return true;
  return !notPublic.check(address, family);
}

/** Why a URL can't be a webhook endpoint, or null. Checks what can be known without DNS. */
export function urlProblem(value: string, policy: WebhookNetworkPolicy): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://example.com/hooks/hourbook";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !policy.requireHttps)) return "Use an https:// URL";
  if (url.username || url.password) return "Leave the user name and password out of the URL";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !addressAllowed(host, policy)) return "Webhooks go to public addresses only, not private, loopback or link-local ones";
  if (!isIP(host) && /(^|\.)localhost$/i.test(host) && !policy.allowLoopback) return "Webhooks go to public addresses only, not to localhost";
  return null;
}

export class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`Refused to connect to ${address}: not a public address`);
    this.name = "BlockedAddressError";
  }
}

/** Every address of a name; the system resolver, or a test's stand-in for a DNS server that changes its answer. */
export type Resolver = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveAll: Resolver = (hostname, options, callback) => dnsLookup(hostname, { ...options, all: true }, callback);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves as Node would, then refuses the connection if
 * any address the name resolves to is not public. Every address, not just the first:
 * Node may try them all (happy eyeballs).
 */
export function guardedLookup(policy: Pick<WebhookNetworkPolicy, "allowLoopback">, resolve: Resolver = resolveAll) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, options, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((entry) => !addressAllowed(entry.address, policy));
      if (blocked) return callback(new BlockedAddressError(blocked.address), []);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}
