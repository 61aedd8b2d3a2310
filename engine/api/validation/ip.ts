/**
 * IP and CIDR parsing with the rules of k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy
 * (Go 1.16's net.ParseIP: IPv4 octets may carry leading zeros, read as decimal), which is what
 * v1.34 validates legacy IP fields with while the StrictIPCIDRValidation gate is off (alpha).
 * Addresses are 16 bytes; IPv4 is held IPv4-mapped, as Go does.
 */

export type IP = Uint8Array;

const IPV4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

export function parseIPSloppy(s: string): IP | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ".") return parseIPv4(s);
    if (s[i] === ":") return parseIPv6(s);
  }
  return undefined;
}

/** Decimal digits at the start of s: [value, digits read]; Go's dtoi with its 0xFFFFFF bound. */
function decimal(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= "0" && s[i]! <= "9"; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

function hex(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    let d: number;
    if (c >= "0" && c <= "9") d = c.charCodeAt(0) - 48;
    else if (c >= "a" && c <= "f") d = c.charCodeAt(0) - 87;
    else if (c >= "A" && c <= "F") d = c.charCodeAt(0) - 55;
    else break;
    n = n * 16 + d;
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

function parseIPv4(text: string): IP | undefined {
  const out = new Uint8Array(16);
  out.set(IPV4_PREFIX);
  let s = text;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== ".") return undefined;
      s = s.slice(1);
    }
    const d = decimal(s);
    if (!d || d[0] > 0xff) return undefined;
    s = s.slice(d[1]);
    out[12 + i] = d[0];
  }
  return s.length === 0 ? out : undefined;
}

function parseIPv6(text: string): IP | undefined {
  const ip = new Uint8Array(16);
  let s = text;
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const h = hex(s);
    if (!h || h[0] > 0xffff) return undefined;
    const [n, c] = h;
    if (c < s.length && s[c] === ".") {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4(s);
      if (!v4) return undefined;
      ip.set(v4.subarray(12), i);
      s = "";
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

/** Go's IP.To4() != nil. */
export function isIPv4(ip: IP): boolean {
  return IPV4_PREFIX.every((b, i) => ip[i] === b);
}

export function isUnspecified(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0;
  return ip.every((b) => b === 0);
}

export function isLoopback(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 127;
  return ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
}

export function isLinkLocalUnicast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 169 && ip[13] === 254;
  return ip[0] === 0xfe && (ip[1]! & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 224 && ip[13] === 0 && ip[14] === 0;
  return ip[0] === 0xff && (ip[1]! & 0x0f) === 0x02;
}

/** A parsed CIDR as Go's net.IPNet: network bytes (4 or 16 long) and prefix length. */
export interface IPNet {
  readonly ip: Uint8Array;
  readonly prefix: number;
}

export function parseCIDRSloppy(s: string): IPNet | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let ip: Uint8Array | undefined = addr.includes(":") ? undefined : parseIPv4(addr);
  let bits = 32;
  if (ip) ip = ip.slice(12);
  else {
    bits = 128;
    ip = parseIPv6(addr);
  }
  const d = decimal(mask);
  if (!ip || !d || d[1] !== mask.length || d[0] > bits) return undefined;
  return { ip: applyMask(ip, d[0]), prefix: d[0] };
}

function applyMask(ip: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const left = prefix - i * 8;
    const m = left >= 8 ? 0xff : left <= 0 ? 0 : (0xff << (8 - left)) & 0xff;
    out[i] = ip[i]! & m;
  }
  return out;
}

/** net.IPNet.Contains(ip) where ip is another network's address (v4 as 4 bytes, v6 as 16). */
export function netContains(net: IPNet, ip: Uint8Array): boolean {
  let n = net;
  // An IPv6 CIDR holding an IPv4-mapped address behaves as IPv4 in Go.
  if (n.ip.length === 16 && n.prefix >= 96 && isIPv4(n.ip)) n = { ip: n.ip.slice(12), prefix: n.prefix - 96 };
  let x = ip;
  if (x.length === 16 && isIPv4(x)) x = x.slice(12);
  if (x.length !== n.ip.length) return false;
  const masked = applyMask(x, n.prefix);
  return masked.every((b, i) => b === n.ip[i]);
}
