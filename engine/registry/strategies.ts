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
      delete obj.status;
      normalizeClusterIPs(obj);
    },
    prepareForUpdate: (obj, old) => {
      keepStatus.prepareForUpdate!(obj, old);
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
