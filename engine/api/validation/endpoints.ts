/**
 * Endpoints (core/v1) validation, after pkg/apis/core/validation ValidateEndpoints /
 * ValidateEndpointsUpdate, and ValidateNonSpecialIP, which Endpoints, EndpointSlices and
 * Service externalIPs share.
 */
import type { FieldError } from "../field.ts";
import { field } from "../field.ts";
import { isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, parseIPSloppy } from "./ip.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import {
  isValidIP,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateName,
  validateQualifiedName,
} from "./names.ts";
import { supportedPortProtocols } from "./pod.ts";
import { arr, child, index, int, isSet, rec, str } from "./util.ts";

/** ValidateNonSpecialIP: no unspecified, loopback, link-local or link-local multicast address. */
export function validateNonSpecialIP(address: string, path: string): FieldError[] {
  const ip = parseIPSloppy(address);
  if (!ip) return [field.invalid(path, address, "must be a valid IP address")];
  const errs: FieldError[] = [];
  if (isUnspecified(ip)) errs.push(field.invalid(path, address, `may not be unspecified (${address})`));
  if (isLoopback(ip))
    errs.push(field.invalid(path, address, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (isLinkLocalUnicast(ip))
    errs.push(field.invalid(path, address, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (isLinkLocalMulticast(ip)) {
    errs.push(field.invalid(path, address, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errs;
}

function validateEndpointAddress(addr: unknown, path: string): FieldError[] {
  const a = rec(addr);
  const ip = str(a.ip);
  const errs = isValidIP(child(path, "ip"), ip);
  const hostname = str(a.hostname);
  if (hostname !== "") errs.push(...validateDNS1123Label(hostname, child(path, "hostname")));
  if (isSet(a.nodeName)) errs.push(...validateName(nameIsDNSSubdomain, str(a.nodeName), child(path, "nodeName")));
  errs.push(...validateNonSpecialIP(ip, child(path, "ip")));
  return errs;
}

function validateEndpointPort(port: unknown, requireName: boolean, path: string): FieldError[] {
  const p = rec(port);
  const errs: FieldError[] = [];
  const name = str(p.name);
  if (requireName && name === "") errs.push(field.required(child(path, "name")));
  else if (name !== "") errs.push(...validateDNS1123Label(name, child(path, "name")));
  const n = int(p.port);
  for (const m of isValidPortNum(n)) errs.push(field.invalid(child(path, "port"), n, m));
  const protocol = str(p.protocol);
  if (protocol === "") errs.push(field.required(child(path, "protocol")));
  else if (!(supportedPortProtocols as readonly string[]).includes(protocol)) {
    errs.push(field.notSupported(child(path, "protocol"), protocol, supportedPortProtocols));
  }
  if (isSet(p.appProtocol)) errs.push(...validateQualifiedName(str(p.appProtocol), child(path, "appProtocol")));
  return errs;
}

/** ValidateEndpoints (create and update alike). */
export function validateEndpoints(epIn: unknown): FieldError[] {
  const ep = rec(epIn);
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  arr(ep.subsets).forEach((s, i) => {
    const ss = rec(s);
    const p = index("subsets", i);
    const addresses = arr(ss.addresses);
    const notReady = arr(ss.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(field.required(p, "must specify `addresses` or `notReadyAddresses`"));
    }
    addresses.forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, index(child(p, "addresses"), j)));
    });
    notReady.forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, index(child(p, "notReadyAddresses"), j)));
    });
    const ports = arr(ss.ports);
    ports.forEach((pt, j) => {
      errs.push(...validateEndpointPort(pt, ports.length > 1, index(child(p, "ports"), j)));
    });
  });
  return errs;
}

export function validateEndpointsUpdate(ep: unknown, old: unknown): FieldError[] {
  return [...validateObjectMetaUpdate(rec(ep).metadata, rec(old).metadata), ...validateEndpoints(ep)];
}
