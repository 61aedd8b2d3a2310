/** IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks. The simulation is IPv4 single-stack, as kind is by default. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  /** Number of addresses in the block, network and broadcast included. */
  readonly size: number;
  readonly text: string;
}

/** The data path parses the same few addresses on every connection. */
const parsedIPs = new Map<string, number | undefined>();
const parsedIPsMax = 8192;

export function parseIPv4(text: string): number | undefined {
  const hit = parsedIPs.get(text);
  if (hit !== undefined || parsedIPs.has(text)) return hit;
  const n = parseIPv4Uncached(text);
  if (parsedIPs.size >= parsedIPsMax) parsedIPs.clear();
  parsedIPs.set(text, n);
  return n;
}

function parseIPv4Uncached(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    // Go's net.ParseIP rejects leading zeros since 1.17 ("010.0.0.1").
    if (part.length > 1 && part.startsWith("0")) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const ip = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = prefix === 0 ? 0 : Math.floor(ip / size) * size;
  return { base, prefix, size, text: `${formatIPv4(base)}/${prefix}` };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidr.size;
}
