/**
 * Shared helpers of the control-plane behaviour tests: a debug-frozen cluster, typed reads,
 * manifests, and ways to watch what happens while virtual time runs. No wall time anywhere.
 */
import type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Endpoints, Event, Namespace, Node, Pod, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Cluster, ClusterOptions, Result, StoredObject } from "../../../engine/index.ts";
import { createCluster, resources } from "../../../engine/index.ts";

export type Stored<T> = T & StoredObject;
export type StoredPod = Stored<Pod>;
export type StoredDeployment = Stored<Deployment>;
export type StoredReplicaSet = Stored<ReplicaSet>;
export type StoredDaemonSet = Stored<DaemonSet>;
export type StoredService = Stored<Service>;
export type StoredEndpoints = Stored<Endpoints>;
export type StoredSlice = Stored<EndpointSlice>;
export type StoredEvent = Stored<Event>;
export type StoredNamespace = Stored<Namespace>;
export type StoredNode = Stored<Node>;

/** JSON-shaped values for manifests (what a user would write in YAML). */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Manifest = { [k: string]: Json };

/** A kind cluster (one control plane, two workers unless told otherwise) with the debug checks on. */
export function newCluster(options: ClusterOptions = {}): Cluster {
  const r = createCluster({ seed: 1, debugFreeze: true, ...options });
  if (!r.ok) throw new Error(r.message);
  return r.cluster;
}

export function mustOk(r: Result<StoredObject>): StoredObject {
  if (!r.ok) throw new Error(`expected success, got ${r.status.reason}: ${r.status.message}`);
  return r.value;
}

export function mustGet<T>(c: Cluster, resource: string, name: string, namespace = "default"): Stored<T> {
  return mustOk(c.get(resource, name, { namespace })) as Stored<T>;
}

export function list<T>(c: Cluster, resource: string, namespace: string | undefined = "default"): Stored<T>[] {
  return c.list(resource, namespace === undefined ? {} : { namespace }) as Stored<T>[];
}

export const podsIn = (c: Cluster, namespace = "default") => list<Pod>(c, "pods", namespace);
export const names = (objects: readonly StoredObject[]) => objects.map((o) => o.metadata.name);

/** Read, change a copy, write back through `update` (spec) or `updateStatus`. */
export function change<T>(
  c: Cluster,
  resource: string,
  name: string,
  edit: (o: T) => T,
  namespace = "default",
): Stored<T> {
  const current = mustGet<T>(c, resource, name, namespace);
  return mustOk(c.update(edit(structuredClone(current) as T))) as Stored<T>;
}

export function deployment(
  name: string,
  replicas: number,
  image = "nginx:1.27",
  spec: Manifest = {},
  podSpec: Manifest = {},
): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image, ...podSpec }] } },
      ...spec,
    },
  };
}

export function pod(
  name: string,
  container: Manifest,
  extra: { labels?: Record<string, string>; spec?: Manifest; namespace?: string } = {},
): Manifest {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.namespace ? { namespace: extra.namespace } : {}),
    },
    spec: { containers: [{ name: "c", ...container }], ...(extra.spec ?? {}) },
  };
}

export function service(name: string, spec: Manifest, metadata: Manifest = {}): Manifest {
  return { apiVersion: "v1", kind: "Service", metadata: { name, ...metadata }, spec };
}

/** The image of a pod's first container, by deployment template. */
export function setImage(c: Cluster, name: string, image: string): StoredDeployment {
  return change<Deployment>(c, "deployments", name, (d) => {
    const copy = structuredClone(d) as Manifest & Deployment;
    const containers = copy.spec!.template.spec!.containers as { image?: string }[];
    containers[0]!.image = image;
    return copy;
  });
}

export function scale(c: Cluster, name: string, replicas: number): StoredDeployment {
  return change<Deployment>(c, "deployments", name, (d) => ({ ...d, spec: { ...d.spec!, replicas } }));
}

/** Call `check` after every batch of timers for `seconds` of virtual time (and once at the start). */
export function everyStep(c: Cluster, seconds: number, check: () => void): void {
  c.waitFor(
    () => {
      check();
      return false;
    },
    { timeoutSeconds: seconds },
  );
}

export function eventsFor(c: Cluster, kind: string, name: string, namespace = "default"): StoredEvent[] {
  return list<Event>(c, "events", namespace)
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export function condition<T extends { type: string }>(
  conditions: readonly T[] | undefined,
  type: string,
): T | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isReady(p: Pod): boolean {
  return condition(p.status?.conditions, "Ready")?.status === "True";
}

/** Every object the cluster holds, as one JSON text (cluster-scoped and namespaced, every resource). */
export function dumpAll(c: Cluster): string {
  const out: Record<string, StoredObject[]> = {};
  for (const r of resources) out[r.resource] = c.list(r);
  return JSON.stringify(out);
}

/** The five random characters generateName appends (k8s.io/apimachinery/pkg/util/rand). */
export const suffixPattern = "[bcdfghjklmnpqrstvwxz2456789]{5}";
/** The characters a pod-template-hash can hold: SafeEncodeString of decimal digits. */
export const hashPattern = "[456789bcdf]{1,10}";
