/**
 * The API resources the simulated API server serves, as one table. The store, discovery,
 * kubectl's resource mapping (`svc`, `deploy`, `endpointslice.discovery.k8s.io`) and
 * `kubectl api-resources` all read this table; adding a kind means adding a row.
 * Values follow `kubectl api-resources` on a v1.34 cluster.
 */
export interface ResourceInfo {
  readonly kind: string;
  /** Plural lower-case resource name, e.g. `endpointslices`. */
  readonly resource: string;
  readonly singular: string;
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
}

const crud = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;

function row(
  kind: string,
  resource: string,
  group: string,
  namespaced: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
): ResourceInfo {
  return {
    kind,
    resource,
    singular: kind.toLowerCase(),
    group,
    version: "v1",
    namespaced,
    shortNames,
    categories,
    verbs: crud,
  };
}

export const resources: readonly ResourceInfo[] = [
  row("ConfigMap", "configmaps", "", true, ["cm"]),
  row("Endpoints", "endpoints", "", true, ["ep"]),
  row("Event", "events", "", true, ["ev"]),
  row("Namespace", "namespaces", "", false, ["ns"]),
  row("Node", "nodes", "", false, ["no"]),
  row("Pod", "pods", "", true, ["po"], ["all"]),
  row("ServiceAccount", "serviceaccounts", "", true, ["sa"]),
  row("Service", "services", "", true, ["svc"], ["all"]),
  row("DaemonSet", "daemonsets", "apps", true, ["ds"], ["all"]),
  row("Deployment", "deployments", "apps", true, ["deploy"], ["all"]),
  row("ReplicaSet", "replicasets", "apps", true, ["rs"], ["all"]),
  row("EndpointSlice", "endpointslices", "discovery.k8s.io", true),
  row("NetworkPolicy", "networkpolicies", "networking.k8s.io", true, ["netpol"]),
];

const byKind = new Map(resources.map((r) => [r.kind, r]));
const byResource = new Map(resources.map((r) => [r.resource, r]));

export function apiVersionOf(r: ResourceInfo): string {
  return r.group === "" ? r.version : `${r.group}/${r.version}`;
}

/** `services`, `deployments.apps`: the qualified resource that NotFound and AlreadyExists messages name. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group === "" ? r.resource : `${r.resource}.${r.group}`;
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

export function resourceByName(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

/** The resource for an object's apiVersion and kind, or undefined when the server has no such mapping. */
export function resourceForTypeMeta(apiVersion: string, kind: string): ResourceInfo | undefined {
  const r = byKind.get(kind);
  if (!r || apiVersionOf(r) !== apiVersion) return undefined;
  return r;
}
