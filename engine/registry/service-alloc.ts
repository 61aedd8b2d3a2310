/**
 * Service address allocation, the part of pkg/registry/core/service/storage that runs on
 * create and update: ClusterIPs (none for ExternalName, "None" for headless), IP families,
 * and one NodePort per service port for NodePort and LoadBalancer Services. Computes the
 * change first and commits it only when every allocation succeeded, so a rejected Service
 * leaves nothing allocated.
 */
import type { Service, ServicePort } from "kubernetes-types/core/v1";
import type { FieldError } from "../api/field.ts";
import { field } from "../api/field.ts";
import type { Mutable } from "../api/object.ts";
import type { RandomStream } from "../core/random.ts";
import type { ClusterIPAllocator, NodePortAllocator } from "./ipallocator.ts";

export interface ServiceAllocators {
  readonly clusterIPs: ClusterIPAllocator;
  readonly nodePorts: NodePortAllocator;
  readonly random: RandomStream;
}

type Svc = Mutable<Service>;

function needsClusterIP(svc: Svc): boolean {
  return svc.spec?.type !== "ExternalName";
}

function needsNodePorts(svc: Svc): boolean {
  const t = svc.spec?.type;
  return t === "NodePort" || (t === "LoadBalancer" && svc.spec?.allocateLoadBalancerNodePorts !== false);
}

/** What an allocation took, so that a failed write can give it back. */
export interface AllocationTxn {
  readonly ips: string[];
  readonly ports: number[];
}

export function releaseTxn(a: ServiceAllocators, txn: AllocationTxn): void {
  for (const ip of txn.ips) a.clusterIPs.release(ip);
  for (const p of txn.ports) a.nodePorts.release(p);
}

/**
 * Allocate for a new Service (old undefined) or for an update. Mutates `svc`'s spec in
 * place (a fresh copy owned by the caller). Returns field errors, or the transaction.
 */
export function allocateService(
  a: ServiceAllocators,
  svc: Svc,
  old: Svc | undefined,
): { errors: FieldError[]; internal: string[]; txn: AllocationTxn; released: AllocationTxn } {
  const txn: AllocationTxn = { ips: [], ports: [] };
  const released: AllocationTxn = { ips: [], ports: [] };
  const errors: FieldError[] = [];
  /** Exhausted ranges are the server's problem, not the object's: an InternalError, not Invalid. */
  const internal: string[] = [];
  const spec = (svc.spec ??= {});

  // ClusterIP.
  const oldIPs = old?.spec?.clusterIPs ?? [];
  if (!needsClusterIP(svc)) {
    if (spec.clusterIP === "") delete spec.clusterIP;
    if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 0) delete spec.clusterIPs;
    for (const ip of oldIPs) if (ip !== "None") released.ips.push(ip);
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
  } else {
    const keep = old && needsClusterIP(old) ? old.spec?.clusterIP : undefined;
    const requested = spec.clusterIP || spec.clusterIPs?.[0] || keep || "";
    if (requested === "None") {
      spec.clusterIP = "None";
      spec.clusterIPs = ["None"];
    } else if (keep && requested === keep) {
      spec.clusterIP = keep;
      spec.clusterIPs = [keep];
    } else if (requested) {
      const r = a.clusterIPs.allocate(requested);
      if (r.ok) {
        txn.ips.push(requested);
        spec.clusterIP = requested;
        spec.clusterIPs = [requested];
      } else if (r.reason === "not-in-range") {
        errors.push(
          field.invalid(
            "spec.clusterIPs",
            [requested],
            `failed to allocate IP ${requested}: the provided network does not match the current range`,
          ),
        );
      } else if (r.reason === "allocated") {
        errors.push(
          field.invalid(
            "spec.clusterIPs",
            [requested],
            `failed to allocate IP ${requested}: provided IP is already allocated`,
          ),
        );
      }
      // "invalid" IPs are reported by validation.
    } else {
      const r = a.clusterIPs.allocateNext(a.random);
      if (r.ok) {
        txn.ips.push(r.ip);
        spec.clusterIP = r.ip;
        spec.clusterIPs = [r.ip];
      } else {
        internal.push("failed to allocate a serviceIP: range is full");
      }
    }
    if (old && keep && spec.clusterIP !== keep && keep !== "None") released.ips.push(keep);
    spec.ipFamilies = ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
  }

  // NodePorts: keep those already held, allocate the requested and the missing ones.
  const oldPorts = new Set((old?.spec?.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
  const kept = new Set<number>();
  if (needsNodePorts(svc)) {
    const ports = (spec.ports ?? []) as Mutable<ServicePort>[];
    ports.forEach((p, i) => {
      if (p.nodePort) {
        if (oldPorts.has(p.nodePort) && !kept.has(p.nodePort)) {
          kept.add(p.nodePort);
          return;
        }
        const r = a.nodePorts.allocate(p.nodePort);
        if (r === "ok") txn.ports.push(p.nodePort);
        else if (r === "not-in-range") {
          errors.push(
            field.invalid(
              `spec.ports[${i}].nodePort`,
              p.nodePort,
              `provided port is not in the valid range. The range of valid ports is ${a.nodePorts.text}`,
            ),
          );
        } else
          errors.push(field.invalid(`spec.ports[${i}].nodePort`, p.nodePort, "provided port is already allocated"));
      }
    });
    ports.forEach((p, _i) => {
      if (p.nodePort) return;
      // An update that drops a nodePort from a port keeps the old one for the same port number and protocol.
      const previous = old?.spec?.ports?.find(
        (q) => q.port === p.port && (q.protocol ?? "TCP") === (p.protocol ?? "TCP"),
      );
      if (previous?.nodePort && oldPorts.has(previous.nodePort) && !kept.has(previous.nodePort)) {
        kept.add(previous.nodePort);
        p.nodePort = previous.nodePort;
        return;
      }
      const port = a.nodePorts.allocateNext(a.random);
      if (port === undefined) {
        internal.push("failed to allocate a nodePort: range is full");
      } else {
        txn.ports.push(port);
        p.nodePort = port;
      }
    });
  } else {
    for (const p of spec.ports ?? []) delete (p as Mutable<ServicePort>).nodePort;
  }
  for (const p of oldPorts) if (!kept.has(p)) released.ports.push(p);

  if (errors.length > 0 || internal.length > 0) {
    releaseTxn(a, txn);
    return { errors, internal, txn: { ips: [], ports: [] }, released: { ips: [], ports: [] } };
  }
  return { errors, internal, txn, released };
}

/** Give back everything a Service holds (on delete). */
export function releaseService(a: ServiceAllocators, svc: Svc): void {
  for (const ip of svc.spec?.clusterIPs ?? []) if (ip !== "None") a.clusterIPs.release(ip);
  for (const p of svc.spec?.ports ?? []) if (p.nodePort) a.nodePorts.release(p.nodePort);
}
