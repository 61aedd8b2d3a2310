/**
 * EndpointSlice (discovery.k8s.io/v1) validation, after pkg/apis/discovery/validation:
 * addressType, at most 1000 endpoints, 1..100 addresses each, at most 20000 ports (the API
 * docs say 100 ports; the validation limit is 20000), port names and protocols. Since v1.33
 * an address is checked for family and special ranges only once it parses as an IP.
 */
import type { FieldError } from "../field.ts";
import { field } from "../field.ts";
import { validateNonSpecialIP } from "./endpoints.ts";
import { isIPv4, parseIPSloppy } from "./ip.ts";
import { validateLabels, validateObjectMeta } from "./meta.ts";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidIP,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateName,
  validateQualifiedName,
} from "./names.ts";
import { supportedPortProtocols } from "./pod.ts";
import { arr, child, index, isRec, isSet, rec, str } from "./util.ts";

const addressTypes = ["FQDN", "IPv4", "IPv6"];
/** On update the deprecated "IP" type stays acceptable. */
const addressTypesOnUpdate = ["FQDN", "IP", "IPv4", "IPv6"];
const maxTopologyLabels = 16;
const maxAddresses = 100;
const maxPorts = 20000;
const maxEndpoints = 1000;
const maxZoneHints = 8;

/** IsFullyQualifiedDomainName (apimachinery): at least two labels, a trailing dot allowed. */
function isFullyQualifiedDomainName(path: string, value: string): FieldError[] {
  if (value === "") return [field.required(path)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length > 0) return [field.invalid(path, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2)
    return [field.invalid(path, name, "should be a domain with at least two segments separated by dots")];
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length > 0) return [field.invalid(path, l, e.join(","))];
  }
  return [];
}

function validateAddress(address: string, addressType: string, path: string): FieldError[] {
  if (addressType === "IPv4" || addressType === "IPv6" || addressType === "IP") {
    const e = isValidIP(path, address);
    if (e.length > 0) return e;
    const ip = parseIPSloppy(address)!;
    const errs: FieldError[] = [];
    if (addressType === "IPv4" && !isIPv4(ip)) errs.push(field.invalid(path, address, "must be an IPv4 address"));
    if (addressType === "IPv6" && isIPv4(ip)) errs.push(field.invalid(path, address, "must be an IPv6 address"));
    if (addressType !== "IP") errs.push(...validateNonSpecialIP(address, path));
    return errs;
  }
  if (addressType === "FQDN") return isFullyQualifiedDomainName(path, address);
  return [];
}

function validateEndpoints(endpoints: unknown, addressType: string): FieldError[] {
  const list = arr(endpoints);
  if (list.length > maxEndpoints) return [field.tooMany("endpoints", list.length, maxEndpoints)];
  const errs: FieldError[] = [];
  list.forEach((e, i) => {
    const ep = rec(e);
    const p = index("endpoints", i);
    const ap = child(p, "addresses");
    const addresses = arr(ep.addresses);
    if (addresses.length === 0) errs.push(field.required(ap, "must contain at least 1 address"));
    else if (addresses.length > maxAddresses) errs.push(field.tooMany(ap, addresses.length, maxAddresses));
    addresses.forEach((a, j) => {
      errs.push(...validateAddress(str(a), addressType, index(ap, j)));
    });
    if (isSet(ep.nodeName)) errs.push(...validateName(nameIsDNSSubdomain, str(ep.nodeName), child(p, "nodeName")));
    const topology = rec(ep.deprecatedTopology);
    const tp = child(p, "deprecatedTopology");
    if (Object.keys(topology).length > maxTopologyLabels)
      errs.push(field.tooMany(tp, Object.keys(topology).length, maxTopologyLabels));
    errs.push(...validateLabels(ep.deprecatedTopology, tp));
    if (isSet(ep.hostname)) errs.push(...validateDNS1123Label(str(ep.hostname), child(p, "hostname")));
    if (isRec(ep.hints)) {
      const zp = child(p, "hints", "forZones");
      const zones = arr(ep.hints.forZones);
      if (zones.length > maxZoneHints) errs.push(field.tooMany(zp, zones.length, maxZoneHints));
      else {
        const seen = new Set<string>();
        zones.forEach((z, j) => {
          const name = str(rec(z).name);
          const np = child(index(zp, j), "name");
          if (seen.has(name)) errs.push(field.duplicate(np, name));
          else seen.add(name);
          for (const m of isValidLabelValue(name)) errs.push(field.invalid(np, name, m));
        });
      }
    }
  });
  return errs;
}

function validatePorts(ports: unknown): FieldError[] {
  const list = arr(ports);
  if (list.length > maxPorts) return [field.tooMany("ports", list.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((pt, i) => {
    const port = rec(pt);
    const p = index("ports", i);
    const name = str(port.name);
    if (name !== "") errs.push(...validateDNS1123Label(name, child(p, "name")));
    if (names.has(name)) errs.push(field.duplicate(child(p, "name"), name));
    else names.add(name);
    if (!isSet(port.protocol)) errs.push(field.required(child(p, "protocol")));
    else if (!(supportedPortProtocols as readonly string[]).includes(str(port.protocol))) {
      errs.push(field.notSupported(child(p, "protocol"), str(port.protocol), supportedPortProtocols));
    }
    if (isSet(port.appProtocol)) errs.push(...validateQualifiedName(str(port.appProtocol), child(p, "appProtocol")));
  });
  return errs;
}

function validateEndpointSlice(sliceIn: unknown, validTypes: readonly string[]): FieldError[] {
  const slice = rec(sliceIn);
  const errs = validateObjectMeta(slice.metadata, true, nameIsDNSSubdomain);
  const addressType = str(slice.addressType);
  if (addressType === "") errs.push(field.required("addressType"));
  else if (!validTypes.includes(addressType)) errs.push(field.notSupported("addressType", addressType, validTypes));
  errs.push(...validateEndpoints(slice.endpoints, addressType));
  errs.push(...validatePorts(slice.ports));
  return errs;
}

export function validateEndpointSliceCreate(slice: unknown): FieldError[] {
  return validateEndpointSlice(slice, addressTypes);
}

export function validateEndpointSliceUpdate(slice: unknown, old: unknown): FieldError[] {
  // Metadata update rules come from the registry's common checks (see index.ts).
  const errs = validateEndpointSlice(slice, addressTypesOnUpdate);
  const n = str(rec(slice).addressType);
  const o = str(rec(old).addressType);
  if (n !== o) errs.push(field.invalid("addressType", n, "field is immutable"));
  return errs;
}
