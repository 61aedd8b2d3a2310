/**
 * The resolver outside the cluster (docker's, reached by the nodes and by CoreDNS's
 * `forward . /etc/resolv.conf`): it knows the outside world's hosts and nothing else.
 * Its answers are not authoritative, as a forwarded answer is not.
 */
import type { DnsQuestion, DnsRecord, DnsResponse } from "../dns/types.ts";
import type { OutsideWorld } from "./world.ts";

/** TTL of forwarded answers as CoreDNS's `cache 30` hands them out. */
const forwardedTtl = 30;
/** What the root zone says about a name that does not exist (serial fixed for determinism). */
const rootSoa: DnsRecord = {
  name: ".",
  ttl: 86400,
  type: "SOA",
  data: "a.root-servers.net. nstld.verisign-grs.com. 2025090100 1800 900 604800 86400",
};

export function worldDnsAnswer(world: OutsideWorld, q: DnsQuestion): DnsResponse {
  const base = { question: q, authoritative: false, authority: [], additional: [] };
  const name = q.name.toLowerCase();
  if (q.type === "PTR") {
    const ip = reverseToIP(name);
    const host = ip ? world.reverse(ip) : undefined;
    if (!host) return { ...base, rcode: "NXDOMAIN", answers: [], authority: [rootSoa] };
    return { ...base, rcode: "NOERROR", answers: [{ name, ttl: forwardedTtl, type: "PTR", data: `${host}.` }] };
  }
  const ip = world.lookup(name);
  if (!ip) return { ...base, rcode: "NXDOMAIN", answers: [], authority: [rootSoa] };
  if (q.type !== "A" && q.type !== "ANY") return { ...base, rcode: "NOERROR", answers: [] };
  return { ...base, rcode: "NOERROR", answers: [{ name, ttl: forwardedTtl, type: "A", data: ip }] };
}

function reverseToIP(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.?$/.exec(name);
  return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}` : undefined;
}
