/**
 * Per-kind behaviour of the generic registry, as upstream's RESTCreateStrategy /
 * RESTUpdateStrategy: what a create resets, what an update may not touch, what status a
 * new object starts with. A table keyed by kind; kinds without a row use the default.
 */
import type { Namespace, Pod } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";

type Obj = Mutable<StoredObject> & { spec?: unknown; status?: unknown };

export interface Strategy {
  /** Reset what a client may not set on create (most kinds: status). */
  readonly prepareForCreate?: (obj: Obj) => void;
  /** Carry over what a spec update may not change (most kinds: status). */
  readonly prepareForUpdate?: (obj: Obj, old: StoredObject) => void;
  /** Whether the kind has a status the spec endpoint ignores. */
  readonly hasStatus: boolean;
}

const keepStatus: Strategy = {
  hasStatus: true,
  prepareForCreate: (obj) => {
    delete obj.status;
  },
  prepareForUpdate: (obj, old) => {
    const status = (old as Obj).status;
    if (status === undefined) delete obj.status;
    else obj.status = status;
  },
};

const plain: Strategy = { hasStatus: false };

export const strategies: Readonly<Record<string, Strategy>> = {
  Pod: {
    hasStatus: true,
    prepareForCreate: (obj) => {
      const pod = obj as Mutable<Pod>;
      pod.status = { phase: "Pending", qosClass: qosClassOf(pod) };
    },
    prepareForUpdate: keepStatus.prepareForUpdate!,
  },
  Namespace: {
    hasStatus: true,
    prepareForCreate: (obj) => {
      (obj as Mutable<Namespace>).status = { phase: "Active" };
    },
    prepareForUpdate: keepStatus.prepareForUpdate!,
  },
  Service: {
    hasStatus: true,
    // The Service strategy fills clusterIPs from clusterIP (and back) before validation.
    prepareForCreate: (obj) => {
      // ServiceStatus.LoadBalancer is a struct, not a pointer: every Service reads back
      // with `status: {loadBalancer: {}}` (what `kubectl get svc -o yaml` shows).
      obj.status = { loadBalancer: {} };
      normalizeClusterIPs(obj);
    },
    prepareForUpdate: (obj, old) => {
      keepStatus.prepareForUpdate!(obj, old);
      dropTypeDependentFields(obj, old);
      normalizeClusterIPs(obj);
    },
  },
  Deployment: keepStatus,
  ReplicaSet: keepStatus,
  DaemonSet: keepStatus,
  Node: keepStatus,
  NetworkPolicy: plain,
  ConfigMap: plain,
  Endpoints: plain,
  EndpointSlice: plain,
  Event: plain,
  ServiceAccount: plain,
};

interface SvcSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: { nodePort?: number; port?: number; protocol?: string }[];
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
}

/**
 * dropTypeDependentFields (pkg/registry/core/service/storage): when an update changes only
 * the type, the fields the old type needed and the new one may not have are cleared —
 * provided the client left them as they were. So `type: ExternalName` with the old
 * clusterIP still in the object is accepted, and NodePort → ClusterIP drops the nodePorts.
 */
function dropTypeDependentFields(obj: Obj, old: StoredObject): void {
  const spec = obj.spec as SvcSpec | undefined;
  const before = (old as StoredObject & { spec?: SvcSpec }).spec;
  if (!spec || !before || (spec.type ?? "ClusterIP") === (before.type ?? "ClusterIP")) return;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const type = spec.type ?? "ClusterIP";
  if (type === "ExternalName") {
    if (same(spec.clusterIP, before.clusterIP)) delete spec.clusterIP;
    if (same(spec.clusterIPs, before.clusterIPs)) delete spec.clusterIPs;
    if (same(spec.ipFamilies, before.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, before.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
    if (same(spec.internalTrafficPolicy, before.internalTrafficPolicy)) delete spec.internalTrafficPolicy;
  }
  const needsNodePorts = type === "NodePort" || type === "LoadBalancer";
  if (!needsNodePorts) {
    for (const [i, p] of (spec.ports ?? []).entries()) {
      if (p.nodePort !== undefined && p.nodePort === before.ports?.[i]?.nodePort) delete p.nodePort;
    }
    if (same(spec.externalTrafficPolicy, before.externalTrafficPolicy)) delete spec.externalTrafficPolicy;
  }
  if (type !== "LoadBalancer") {
    if (same(spec.healthCheckNodePort, before.healthCheckNodePort)) delete spec.healthCheckNodePort;
    if (same(spec.allocateLoadBalancerNodePorts, before.allocateLoadBalancerNodePorts))
      delete spec.allocateLoadBalancerNodePorts;
    if (same(spec.loadBalancerClass, before.loadBalancerClass)) delete spec.loadBalancerClass;
  }
}

function normalizeClusterIPs(obj: Obj): void {
  const spec = obj.spec as { clusterIP?: string; clusterIPs?: string[] } | undefined;
  if (!spec) return;
  if (spec.clusterIP && (!spec.clusterIPs || spec.clusterIPs.length === 0)) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && spec.clusterIPs && spec.clusterIPs.length > 0) spec.clusterIP = spec.clusterIPs[0];
}

export function strategyFor(kind: string): Strategy {
  return strategies[kind] ?? plain;
}

/** QoS class as pkg/apis/core/helper/qos computes it from requests and limits. */
export function qosClassOf(pod: Mutable<Pod>): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ["cpu", "memory"]) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
