import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import type { AuthConfig } from "./auth-config.js";
import type { Identity } from "./sign-in-user.js";

/**
 * Sign-in by an identity-aware reverse proxy (oauth2-proxy, Pomerium, Cloudflare Access, IAP…): the proxy signs the
 * person in and passes who they are in request headers. Anyone can write those headers, so they are believed only
 * from the configured proxy addresses (the TCP peer, never `X-Forwarded-For`, which the sender controls); from any
 * other address a request carrying them is refused outright rather than treated as anonymous, so a
 * misconfiguration shows at once.
 * @module
 */

/** The outcome of looking at one request's proxy headers. */
export type ProxyVerdict =
  | { kind: "none" }
  | { kind: "refused"; reason: string }
  | { kind: "user"; identity: Identity };

/** The TCP peer's address (IPv4-mapped IPv6 addresses unwrapped), when the server knows it. */
export function peerAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const raw = env?.incoming?.socket?.remoteAddress;
  if (!raw) return undefined;
  return raw.startsWith("::ffff:") && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw;
}

/** An address matcher over IPs and CIDR ranges. */
export function addressMatcher(addresses: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of addresses) {
    const [ip = "", prefix] = entry.split("/");
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return (address) => {
    const type = isIP(address);
    return type !== 0 && list.check(address, type === 6 ? "ipv6" : "ipv4");
  };
}

/** Build the per-request check for `config.trustedProxy` (none configured: every request is `none`). */
export function trustedProxyCheck(config: AuthConfig["trustedProxy"]): (c: Context) => ProxyVerdict {
  if (!config) return () => ({ kind: "none" });
  const trusted = addressMatcher(config.addresses);
  const headers = [config.userHeader, config.emailHeader, config.nameHeader].filter((h): h is string => !!h);
  return (c) => {
    if (!headers.some((h) => c.req.header(h) !== undefined)) return { kind: "none" };
    const peer = peerAddress(c);
    if (peer === undefined || !trusted(peer)) {
      return { kind: "refused", reason: "identity headers are accepted only from the configured proxy" };
    }
    const subject = c.req.header(config.userHeader)?.trim();
    if (!subject) return { kind: "refused", reason: `the proxy sent no ${config.userHeader} header` };
    const email = (config.emailHeader ? c.req.header(config.emailHeader)?.trim() : undefined) || null;
    const name = (config.nameHeader ? c.req.header(config.nameHeader)?.trim() : undefined) || email || subject;
    return {
      kind: "user",
      identity: {
        issuer: "proxy",
        subject: subject.slice(0, 200),
        email: email?.slice(0, 320) ?? null,
        name: name.slice(0, 200),
      },
    };
  };
}
