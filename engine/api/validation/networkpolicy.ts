/**
 * NetworkPolicy (networking.k8s.io/v1) validation, after pkg/apis/networking/validation
 * ValidateNetworkPolicy / ValidateNetworkPolicyUpdate. CIDRs are checked the legacy (sloppy)
 * way in v1.34, and on update a CIDR the old policy already held is accepted as it is.
 */
import type { FieldError } from "../field.ts";
import { field } from "../field.ts";
import { type IPNet, netContains, parseCIDRSloppy } from "./ip.ts";
import type { LabelSelectorOptions } from "./meta.ts";
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import { isValidCIDR, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from "./names.ts";
import { arr, child, index, isRec, isSet, num, rec, str } from "./util.ts";

interface Options extends LabelSelectorOptions {
  /** CIDRs the old object held: accepted on update even if invalid. */
  readonly allowCIDRs: readonly string[];
}

function validatePort(port: unknown, path: string): FieldError[] {
  const p = rec(port);
  const errs: FieldError[] = [];
  if (isSet(p.protocol)) {
    const protocol = str(p.protocol);
    if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
      errs.push(field.notSupported(child(path, "protocol"), protocol, ["TCP", "UDP", "SCTP"]));
    }
  }
  const endPort = num(p.endPort);
  if (isSet(p.port)) {
    if (typeof p.port === "string") {
      if (endPort !== undefined)
        errs.push(field.invalid(child(path, "endPort"), endPort, "may not be specified when `port` is non-numeric"));
      for (const m of isValidPortName(p.port)) errs.push(field.invalid(child(path, "port"), p.port, m));
    } else {
      const n = num(p.port) ?? 0;
      for (const m of isValidPortNum(n)) errs.push(field.invalid(child(path, "port"), n, m));
      if (endPort !== undefined) {
        if (endPort < n)
          errs.push(field.invalid(child(path, "endPort"), endPort, "must be greater than or equal to `port`"));
        for (const m of isValidPortNum(endPort)) errs.push(field.invalid(child(path, "endPort"), endPort, m));
      }
    }
  } else if (endPort !== undefined) {
    errs.push(field.invalid(child(path, "endPort"), endPort, "may not be specified when `port` is not specified"));
  }
  return errs;
}

function validateCIDR(value: string, path: string, opts: Options): FieldError[] {
  return opts.allowCIDRs.includes(value) ? [] : isValidCIDR(path, value);
}

/** ValidateIPBlock: a valid cidr, and each except a strict subset of it. */
function validateIPBlock(block: unknown, path: string, opts: Options): FieldError[] {
  const b = rec(block);
  const cidr = str(b.cidr);
  if (cidr === "") return [field.required(child(path, "cidr"))];
  const errs = validateCIDR(cidr, child(path, "cidr"), opts);
  const net = parseCIDRSloppy(cidr);
  if (!net) return errs;
  arr(b.except).forEach((e, i) => {
    const text = str(e);
    const p = index(child(path, "except"), i);
    errs.push(...validateCIDR(text, p, opts));
    const except: IPNet | undefined = parseCIDRSloppy(text);
    if (!except) return;
    if (!netContains(net, except.ip) || net.prefix >= except.prefix) {
      errs.push(field.invalid(p, text, "must be a strict subset of `cidr`"));
    }
  });
  return errs;
}

function validatePeer(peer: unknown, path: string, opts: Options): FieldError[] {
  const p = rec(peer);
  const errs: FieldError[] = [];
  let peers = 0;
  if (isRec(p.podSelector)) {
    peers++;
    errs.push(...validateLabelSelector(p.podSelector, child(path, "podSelector"), opts));
  }
  if (isRec(p.namespaceSelector)) {
    peers++;
    errs.push(...validateLabelSelector(p.namespaceSelector, child(path, "namespaceSelector"), opts));
  }
  if (isRec(p.ipBlock)) {
    peers++;
    errs.push(...validateIPBlock(p.ipBlock, child(path, "ipBlock"), opts));
  }
  if (peers === 0) errs.push(field.required(path, "must specify a peer"));
  else if (peers > 1 && isRec(p.ipBlock))
    errs.push(field.forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateSpec(specIn: unknown, opts: Options): FieldError[] {
  const spec = rec(specIn);
  const errs = validateLabelSelector(rec(spec.podSelector), "spec.podSelector", opts);
  for (const [dir, peersKey] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const) {
    arr(spec[dir]).forEach((r, i) => {
      const rule = rec(r);
      const p = index(child("spec", dir), i);
      arr(rule.ports).forEach((pt, j) => {
        errs.push(...validatePort(pt, index(child(p, "ports"), j)));
      });
      arr(rule[peersKey]).forEach((pe, j) => {
        errs.push(...validatePeer(pe, index(child(p, peersKey), j), opts));
      });
    });
  }
  const types = arr(spec.policyTypes).map(str);
  if (types.length > 2)
    return [...errs, field.invalid("spec.policyTypes", types, "may not specify more than two policyTypes")];
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress")
      errs.push(field.notSupported(index("spec.policyTypes", i), t, ["Ingress", "Egress"]));
  });
  return errs;
}

export function validateNetworkPolicyCreate(np: unknown): FieldError[] {
  const o = rec(np);
  return [...validateObjectMeta(o.metadata, true, nameIsDNSSubdomain), ...validateSpec(o.spec, { allowCIDRs: [] })];
}

function cidrsOf(spec: unknown): string[] {
  const out: string[] = [];
  const s = rec(spec);
  for (const [dir, peersKey] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const) {
    for (const r of arr(s[dir])) {
      for (const pe of arr(rec(r)[peersKey])) {
        const b = rec(pe).ipBlock;
        if (isRec(b)) out.push(str(b.cidr), ...arr(b.except).map(str));
      }
    }
  }
  return out;
}

export function validateNetworkPolicyUpdate(np: unknown, old: unknown): FieldError[] {
  const n = rec(np);
  const o = rec(old);
  // A selector the old object already held with invalid values stays acceptable.
  const allowInvalidLabelValueInSelector = validateLabelSelector(rec(rec(o.spec).podSelector), "").length > 0;
  return [
    ...validateObjectMetaUpdate(n.metadata, o.metadata),
    ...validateSpec(n.spec, { allowCIDRs: cidrsOf(o.spec), allowInvalidLabelValueInSelector }),
  ];
}
