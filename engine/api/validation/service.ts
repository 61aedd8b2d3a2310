/**
 * Service validation, after pkg/apis/core/validation ValidateService / ValidateServiceUpdate
 * and ValidateServiceClusterIPsRelatedFields, with v1.34's gates: IPs and CIDRs checked the
 * legacy (sloppy) way, trafficDistribution accepting PreferClose, PreferSameZone and
 * PreferSameNode. Allocation errors (IP or node port out of range, already allocated) belong to
 * the allocator, which runs after this.
 */
import type { FieldError } from "../field.ts";
import { field, goJson } from "../field.ts";
import { validateNonSpecialIP } from "./endpoints.ts";
import { isIPv4, parseIPSloppy } from "./ip.ts";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import {
  isValidCIDR,
  isValidIP,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateQualifiedName,
} from "./names.ts";
import { supportedPortProtocols } from "./pod.ts";
import type { Obj } from "./util.ts";
import { arr, child, goStruct, index, int, isRec, isSet, key, num, rawValueError, rec, str, strMap } from "./util.ts";

const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const sessionAffinities = ["ClientIP", "None"];
const ipFamilies = ["IPv4", "IPv6"];
const ipFamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const trafficPolicies = ["Cluster", "Local"];
const trafficDistributions = ["PreferClose", "PreferSameZone", "PreferSameNode"];
const maxClientIPServiceAffinitySeconds = 86400;
const topologyHintsAnnotation = "service.kubernetes.io/topology-aware-hints";
const topologyModeAnnotation = "service.kubernetes.io/topology-mode";
const lbSourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";

function clusterIPsOf(spec: Obj): string[] {
  return arr(spec.clusterIPs).map(str);
}

function isHeadless(spec: Obj): boolean {
  const ips = clusterIPsOf(spec);
  return ips.length === 1 && ips[0] === "None";
}

/** apiservice.ExternallyAccessible. */
function externallyAccessible(spec: Obj): boolean {
  const t = str(spec.type);
  return t === "LoadBalancer" || t === "NodePort" || (t === "ClusterIP" && arr(spec.externalIPs).length > 0);
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp.name);
  if (requireName && name === "") errs.push(field.required(child(path, "name")));
  else if (name !== "") {
    errs.push(...validateDNS1123Label(name, child(path, "name")));
    if (names.has(name)) errs.push(field.duplicate(child(path, "name"), name));
    else names.add(name);
  }
  const port = int(sp.port);
  for (const m of isValidPortNum(port)) errs.push(field.invalid(child(path, "port"), port, m));
  const protocol = str(sp.protocol);
  if (protocol === "") errs.push(field.required(child(path, "protocol")));
  else if (!(supportedPortProtocols as readonly string[]).includes(protocol)) {
    errs.push(field.notSupported(child(path, "protocol"), protocol, supportedPortProtocols));
  }
  const tp = sp.targetPort;
  if (typeof tp === "string") {
    for (const m of isValidPortName(tp)) errs.push(field.invalid(child(path, "targetPort"), tp, m));
  } else {
    const n = int(tp);
    for (const m of isValidPortNum(n)) errs.push(field.invalid(child(path, "targetPort"), n, m));
  }
  if (isSet(sp.appProtocol)) errs.push(...validateQualifiedName(str(sp.appProtocol), child(path, "appProtocol")));
  return errs;
}

/** The key upstream reports a duplicate port with: core.ServicePort{Protocol, Port}, other fields zero. */
function servicePortKeyJson(protocol: string, port: number): string {
  return goStruct([
    ["Name", goJson("")],
    ["Protocol", goJson(protocol)],
    ["AppProtocol", "null"],
    ["Port", String(port)],
    ["TargetPort", "0"],
    ["NodePort", "0"],
  ]);
}

/** ValidateServiceClusterIPsRelatedFields (IPs checked with IsValidIPForLegacyField, strict off). */
function validateClusterIPsRelatedFields(spec: Obj): FieldError[] {
  if (str(spec.type) === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = clusterIPsOf(spec);
  const clusterIP = str(spec.clusterIP);
  // The strategy keeps clusterIP and clusterIPs in step before validation runs, so an unset
  // clusterIPs behind a set clusterIP is not reported here.
  if (clusterIP !== "" && ips.length > 0 && ips[0] !== clusterIP) {
    errs.push(field.invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
  } else if (clusterIP === "" && ips.length !== 0) {
    errs.push(field.invalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  arr(spec.ipFamilies)
    .map(str)
    .forEach((f, i) => {
      const p = index("spec.ipFamilies", i);
      if (!ipFamilies.includes(f)) errs.push(field.notSupported(p, f, ipFamilies));
      if (seen.has(f)) errs.push(field.duplicate(p, f));
      seen.add(f);
    });
  if (isSet(spec.ipFamilyPolicy) && !ipFamilyPolicies.includes(str(spec.ipFamilyPolicy))) {
    errs.push(field.notSupported("spec.ipFamilyPolicy", str(spec.ipFamilyPolicy), ipFamilyPolicies));
  }
  let invalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        invalidIPs = true;
        errs.push(field.invalid("spec.clusterIPs", ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = isValidIP(index("spec.clusterIPs", i), ip);
    if (e.length > 0) invalidIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(field.invalid("spec.clusterIPs", ips, "may only hold up to 2 values"));
  if (invalidIPs) return errs;
  if (ips.length > 1) {
    const parsed = ips.map((ip) => parseIPSloppy(ip)!);
    const v4 = parsed.filter(isIPv4).length;
    const dualStack = ips.length === 2 && v4 === 1;
    if (!dualStack)
      errs.push(field.invalid("spec.clusterIPs", ips, "may specify no more than one IP for each IP family"));
  }
  const families = arr(spec.ipFamilies).map(str);
  if (!isHeadless(spec) && ips.length > 0 && families.length > 0) {
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      const parsed = parseIPSloppy(ip);
      const v6 = parsed !== undefined && !isIPv4(parsed);
      if (families[i] === "IPv4" && v6) {
        errs.push(
          field.invalid(index("spec.clusterIPs", i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (families[i] === "IPv6" && !v6) {
        errs.push(
          field.invalid(index("spec.clusterIPs", i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

function validateLoadBalancerClass(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const isLB = str(spec.type) === "LoadBalancer";
  if (oldSpec && str(oldSpec.type) === "LoadBalancer" && isLB) {
    const a = spec.loadBalancerClass;
    const b = oldSpec.loadBalancerClass;
    const same = (!isSet(a) && !isSet(b)) || (isSet(a) && isSet(b) && str(a) === str(b));
    if (!same) errs.push(field.invalid("spec.loadBalancerClass", isSet(a) ? str(a) : null, "may not change once set"));
  }
  if (isLB) {
    if (isSet(spec.loadBalancerClass))
      errs.push(...validateQualifiedName(str(spec.loadBalancerClass), "spec.loadBalancerClass"));
  } else if (isSet(spec.loadBalancerClass)) {
    errs.push(field.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

/** ValidateService. */
export function validateService(svcIn: unknown): FieldError[] {
  const svc = rec(svcIn);
  const meta = rec(svc.metadata);
  const spec = rec(svc.spec);
  const errs = validateObjectMeta(meta, true, nameIsDNS1035Label);
  const annotations = strMap(meta.annotations) ?? {};
  if (
    Object.hasOwn(annotations, topologyModeAnnotation) &&
    Object.hasOwn(annotations, topologyHintsAnnotation) &&
    annotations[topologyModeAnnotation] !== annotations[topologyHintsAnnotation]
  ) {
    errs.push(
      field.invalid(
        key("metadata.annotations", topologyModeAnnotation),
        annotations[topologyModeAnnotation],
        `must match annotations[${topologyHintsAnnotation}] when both are specified`,
      ),
    );
  }
  const type = str(spec.type);
  const ports = arr(spec.ports).map(rec);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== "ExternalName") errs.push(field.required("spec.ports"));
  const ips = clusterIPsOf(spec);
  if (type === "LoadBalancer" && headless) {
    errs.push(field.invalid("spec.clusterIPs[0]", ips[0], "may not be set to 'None' for LoadBalancer services"));
  } else if (type === "NodePort" && headless) {
    errs.push(field.invalid("spec.clusterIPs[0]", ips[0], "may not be set to 'None' for NodePort services"));
  } else if (type === "ExternalName") {
    if (ips.length > 0) errs.push(field.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (arr(spec.ipFamilies).length > 0)
      errs.push(field.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (isSet(spec.ipFamilyPolicy))
      errs.push(field.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    const cname = str(spec.externalName).replace(/\.$/, "");
    if (cname !== "") errs.push(...validateDNS1123Subdomain(cname, "spec.externalName"));
    else errs.push(field.required("spec.externalName"));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index("spec.ports", i)));
  });
  if (isSet(spec.selector)) errs.push(...validateLabels(spec.selector, "spec.selector"));
  const affinity = str(spec.sessionAffinity);
  if (affinity === "") errs.push(field.required("spec.sessionAffinity"));
  else if (!sessionAffinities.includes(affinity))
    errs.push(field.notSupported("spec.sessionAffinity", affinity, sessionAffinities));
  if (affinity === "ClientIP") {
    const cfg = spec.sessionAffinityConfig;
    const p = "spec.sessionAffinityConfig";
    if (!isRec(cfg)) errs.push(field.required(p, "when session affinity type is ClientIP"));
    else if (!isRec(cfg.clientIP))
      errs.push(field.required(child(p, "clientIP"), "when session affinity type is ClientIP"));
    else {
      const timeout = num(cfg.clientIP.timeoutSeconds);
      const tp = child(p, "clientIP", "timeoutSeconds");
      if (timeout === undefined) errs.push(field.required(tp, "when session affinity type is ClientIP"));
      else if (timeout <= 0 || timeout > maxClientIPServiceAffinitySeconds) {
        errs.push(
          field.invalid(tp, timeout, `must be greater than 0 and less than ${maxClientIPServiceAffinitySeconds}`),
        );
      }
    }
  } else if (affinity === "None" && isSet(spec.sessionAffinityConfig)) {
    errs.push(field.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  errs.push(...validateClusterIPsRelatedFields(spec));
  arr(spec.externalIPs)
    .map(str)
    .forEach((ip, i) => {
      const p = index("spec.externalIPs", i);
      const e = isValidIP(p, ip);
      errs.push(...(e.length > 0 ? e : validateNonSpecialIP(ip, p)));
    });
  if (type === "") errs.push(field.required("spec.type"));
  else if (!serviceTypes.includes(type)) errs.push(field.notSupported("spec.type", type, serviceTypes));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (int(p.nodePort) !== 0)
        errs.push(
          field.forbidden(child(index("spec.ports", i), "nodePort"), "may not be used when `type` is 'ClusterIP'"),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = int(p.nodePort);
    if (np === 0) return;
    const k = `${str(p.protocol)}/${np}`;
    if (nodePorts.has(k)) errs.push(field.duplicate(child(index("spec.ports", i), "nodePort"), np));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${int(p.port)}`;
    if (portKeys.has(k))
      errs.push(
        rawValueError("Duplicate value", index("spec.ports", i), servicePortKeyJson(str(p.protocol), int(p.port))),
      );
    portKeys.add(k);
  });
  const ranges = arr(spec.loadBalancerSourceRanges).map(str);
  if (ranges.length > 0) {
    const p = "spec.LoadBalancerSourceRanges";
    if (type !== "LoadBalancer") errs.push(field.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      errs.push(...isValidCIDR(index(p, i), r.trim()));
    });
  } else if (Object.hasOwn(annotations, lbSourceRangesAnnotation)) {
    const p = key("metadata.annotations", lbSourceRangesAnnotation);
    if (type !== "LoadBalancer") errs.push(field.forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    const val = annotations[lbSourceRangesAnnotation]!.trim();
    if (val !== "") for (const c of val.split(",")) errs.push(...isValidCIDR(p, c.trim()));
  }
  if (isSet(spec.allocateLoadBalancerNodePorts) && type !== "LoadBalancer") {
    errs.push(field.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === "LoadBalancer" && !isSet(spec.allocateLoadBalancerNodePorts)) {
    errs.push(field.required("allocateLoadBalancerNodePorts"));
  }
  errs.push(...validateLoadBalancerClass(spec, undefined));
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp !== "")
      errs.push(field.invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"));
  } else if (etp === "") errs.push(field.required("spec.externalTrafficPolicy"));
  else if (!trafficPolicies.includes(etp))
    errs.push(field.notSupported("spec.externalTrafficPolicy", etp, trafficPolicies));
  const hcnp = int(spec.healthCheckNodePort);
  const needsHealthCheck = type === "LoadBalancer" && etp === "Local";
  if (!needsHealthCheck) {
    if (hcnp !== 0) {
      errs.push(
        field.invalid(
          "spec.healthCheckNodePort",
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hcnp !== 0) {
    // Upstream allocates the health-check port before validating; here the allocator runs
    // after, so an unset port is not reported as missing.
    for (const m of isValidPortNum(hcnp)) errs.push(field.invalid("spec.healthCheckNodePort", hcnp, m));
  }
  if (!isSet(spec.internalTrafficPolicy)) {
    if (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")
      errs.push(field.required("spec.internalTrafficPolicy"));
  } else if (!trafficPolicies.includes(str(spec.internalTrafficPolicy))) {
    errs.push(field.notSupported("spec.internalTrafficPolicy", str(spec.internalTrafficPolicy), trafficPolicies));
  }
  if (isSet(spec.trafficDistribution) && !trafficDistributions.includes(str(spec.trafficDistribution))) {
    errs.push(field.notSupported("spec.trafficDistribution", str(spec.trafficDistribution), trafficDistributions));
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP may not change once set. */
function validateClusterIPsUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  if (str(spec.type) === "ExternalName" || str(oldSpec.type) === "ExternalName") return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const errs: FieldError[] = [];
  // The bad value is the whole new list; an unset list prints as null, as a nil slice does.
  const ips = Array.isArray(spec.clusterIPs) ? clusterIPsOf(spec) : null;
  const list = clusterIPsOf(spec);
  const old = clusterIPsOf(oldSpec);
  if (old.length === list.length) {
    old.forEach((ip, i) => {
      if (ip !== list[i]) errs.push(field.invalid(index("spec.clusterIPs", i), ips, "may not change once set"));
    });
  } else if (old.length > list.length) {
    if (list.length === 0) errs.push(field.invalid("spec.clusterIPs[0]", ips, "primary clusterIP can not be unset"));
    if (old.length > 0 && list.length > 0 && list[0] !== old[0]) {
      errs.push(field.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
    }
    if (list.length === 1 && str(spec.ipFamilyPolicy) !== "SingleStack") {
      errs.push(
        field.invalid(
          "spec.ipFamilyPolicy",
          isSet(spec.ipFamilyPolicy) ? str(spec.ipFamilyPolicy) : null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (old.length > 0 && list[0] !== old[0]) {
    errs.push(field.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies. */
function validateIPFamiliesUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  if (str(spec.type) === "ExternalName" || str(oldSpec.type) === "ExternalName") return [];
  if (isHeadless(spec) !== isHeadless(oldSpec) || isHeadless(spec)) return [];
  const errs: FieldError[] = [];
  const fams = arr(spec.ipFamilies).map(str);
  const famsValue = Array.isArray(spec.ipFamilies) ? fams : null;
  const old = arr(oldSpec.ipFamilies).map(str);
  const ips = Array.isArray(spec.clusterIPs) ? clusterIPsOf(spec) : null;
  if (old.length === fams.length) {
    old.forEach((f, i) => {
      if (f !== fams[i]) errs.push(field.invalid("spec.ipFamilies[0]", famsValue, "may not change once set"));
    });
  } else if (old.length > fams.length) {
    if (clusterIPsOf(spec).length === 0) {
      errs.push(field.invalid("spec.ipFamilies[0]", famsValue, "primary ipFamily can not be unset"));
    }
    if (fams.length > 0 && fams[0] !== old[0])
      errs.push(field.invalid("spec.ipFamilies[0]", ips, "may not change once set"));
    if (fams.length === 1 && str(spec.ipFamilyPolicy) !== "SingleStack") {
      errs.push(
        field.invalid(
          "spec.ipFamilyPolicy",
          isSet(spec.ipFamilyPolicy) ? str(spec.ipFamilyPolicy) : null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (old.length > 0 && fams.length > 0 && fams[0] !== old[0]) {
    errs.push(field.invalid("spec.ipFamilies[0]", ips, "may not change once set"));
  }
  return errs;
}

/** ValidateServiceUpdate. */
export function validateServiceUpdate(svcIn: unknown, oldIn: unknown): FieldError[] {
  const svc = rec(svcIn);
  const old = rec(oldIn);
  const spec = rec(svc.spec);
  const oldSpec = rec(old.spec);
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateClusterIPsUpdate(spec, oldSpec));
  errs.push(...validateIPFamiliesUpdate(spec, oldSpec));
  errs.push(...validateLoadBalancerClass(spec, oldSpec));
  const before = str(oldSpec.type) === "LoadBalancer" && str(oldSpec.externalTrafficPolicy) === "Local";
  const after = str(spec.type) === "LoadBalancer" && str(spec.externalTrafficPolicy) === "Local";
  if (before && after && int(spec.healthCheckNodePort) !== int(oldSpec.healthCheckNodePort)) {
    errs.push(field.forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  errs.push(...validateService(svc));
  return errs;
}
