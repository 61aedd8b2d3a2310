/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go), shared by
 * the EndpointSlice and mirroring controllers. Input: the desired endpoints grouped by
 * port set, and the slices that exist. Output: a plan — slices to create, update and
 * delete — which the caller applies. Existing slices keep the endpoints they still should
 * have (so unchanged slices are not rewritten), new endpoints fill slices with room up to
 * `maxEndpointsPerSlice`, and a Service with no endpoints at all keeps one empty
 * placeholder slice.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { deepEqual } from "../core/clone.ts";
import type { ObjectStore } from "../store/store.ts";
import { managedByLabel, maxEndpointsPerSlice } from "./endpoint-util.ts";

export type StoredSlice = StoredObject & Mutable<EndpointSlice>;

export interface DesiredSet {
  readonly ports: readonly EndpointPort[];
  readonly endpoints: readonly Mutable<Endpoint>[];
}

export interface SliceTemplate {
  /** Labels and owner every slice of this Service gets. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly ownerReferences: StoredObject["metadata"]["ownerReferences"];
  readonly namespace: string;
  readonly generateName: string;
}

export interface SlicePlan {
  readonly create: Mutable<EndpointSlice>[];
  readonly update: StoredSlice[];
  readonly delete: StoredSlice[];
}

/** A Service's slices that one controller manages (by the managed-by label), by name. */
export function managedSlices(store: ObjectStore, namespace: string, service: string, manager: string): StoredSlice[] {
  const out: StoredSlice[] = [];
  for (const key of store.byIndex("sliceService", `${namespace}\0${service}`)) {
    const s = store.getByKey("endpointslices", key) as StoredSlice | undefined;
    if (s?.metadata.labels?.[managedByLabel] === manager) out.push(s);
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export function portSetKey(ports: readonly EndpointPort[]): string {
  if (ports.length === 0) return "";
  const parts = ports.map((p) => `${p.name ?? ""}/${p.port ?? ""}/${p.protocol ?? ""}/${p.appProtocol ?? ""}`);
  return parts.length === 1 ? parts[0]! : parts.sort().join(",");
}

function endpointKey(e: Endpoint): string {
  return e.targetRef?.uid ?? e.addresses.join(",");
}

export function planSlices(
  desired: readonly DesiredSet[],
  existing: readonly StoredSlice[],
  t: SliceTemplate,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, StoredSlice[]>();
  for (const s of existing) {
    const k = portSetKey(s.ports ?? []);
    byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }
  const wanted = desired.filter((d) => d.endpoints.length > 0);
  const usedKeys = new Set<string>();
  for (const d of wanted) {
    const key = portSetKey(d.ports);
    usedKeys.add(key);
    const want = new Map(d.endpoints.map((e) => [endpointKey(e), e]));
    const slices = byPorts.get(key) ?? [];
    const placed = new Set<string>();
    const kept: { slice: StoredSlice; endpoints: Mutable<Endpoint>[]; changed: boolean }[] = [];
    for (const s of slices) {
      const endpoints: Mutable<Endpoint>[] = [];
      let changed = false;
      for (const e of s.endpoints ?? []) {
        const k = endpointKey(e);
        const w = want.get(k);
        if (!w || placed.has(k)) {
          changed = true;
          continue;
        }
        placed.add(k);
        if (!deepEqual(w, e)) changed = true;
        endpoints.push(w);
      }
      kept.push({ slice: s, endpoints, changed });
    }
    const fresh = d.endpoints.filter((e) => !placed.has(endpointKey(e)));
    // Fill slices that have room, fullest first (upstream prefers the slice closest to full).
    const byRoom = [...kept].sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const k of byRoom) {
      while (fresh.length > 0 && k.endpoints.length < maxEndpointsPerSlice && k.endpoints.length > 0) {
        k.endpoints.push(fresh.shift()!);
        k.changed = true;
      }
    }
    for (const k of kept) {
      if (k.endpoints.length === 0) {
        if (fresh.length > 0) {
          while (fresh.length > 0 && k.endpoints.length < maxEndpointsPerSlice) k.endpoints.push(fresh.shift()!);
          k.changed = true;
        } else {
          plan.delete.push(k.slice);
          continue;
        }
      }
      const metaChanged = !labelsEqual(k.slice, t);
      if (k.changed || metaChanged) {
        const next = JSON.parse(JSON.stringify(k.slice)) as StoredSlice;
        next.endpoints = k.endpoints;
        next.ports = [...d.ports];
        next.metadata.labels = { ...t.labels };
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...t.annotations };
        next.metadata.resourceVersion = "";
        plan.update.push(next);
      }
    }
    for (let i = 0; i < fresh.length; i += maxEndpointsPerSlice) {
      plan.create.push(newSlice(t, d.ports, fresh.slice(i, i + maxEndpointsPerSlice)));
    }
  }
  for (const [key, slices] of byPorts) if (!usedKeys.has(key)) plan.delete.push(...slices);
  // A slice about to be deleted is reused for one about to be created (upstream turns such a
  // pair into an update), which is why a Service's first slice keeps its placeholder's name.
  while (plan.delete.length > 0 && plan.create.length > 0) {
    const reused = plan.delete.shift()!;
    const fresh = plan.create.shift()!;
    const next = JSON.parse(JSON.stringify(reused)) as StoredSlice;
    next.endpoints = fresh.endpoints;
    next.ports = fresh.ports;
    next.metadata.labels = { ...t.labels };
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...t.annotations };
    next.metadata.resourceVersion = "";
    plan.update.push(next);
  }
  // No endpoints anywhere: exactly one empty placeholder slice stays — an existing slice
  // emptied in place when there is one (it keeps its name), a new one otherwise.
  if (wanted.length === 0) {
    const keep = existing.find((s) => (s.endpoints?.length ?? 0) === 0 && (s.ports?.length ?? 0) === 0) ?? existing[0];
    plan.delete.splice(0, plan.delete.length, ...existing.filter((s) => s !== keep));
    plan.update.length = 0;
    plan.create.length = 0;
    if (!keep) plan.create.push(newSlice(t, [], []));
    else if ((keep.endpoints?.length ?? 0) > 0 || (keep.ports?.length ?? 0) > 0 || !labelsEqual(keep, t)) {
      const next = JSON.parse(JSON.stringify(keep)) as StoredSlice;
      next.endpoints = [];
      next.ports = [];
      next.metadata.labels = { ...t.labels };
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...t.annotations };
      next.metadata.resourceVersion = "";
      plan.update.push(next);
    }
  }
  return plan;
}

function labelsEqual(s: StoredSlice, t: SliceTemplate): boolean {
  return deepEqual(s.metadata.labels ?? {}, t.labels);
}

function newSlice(
  t: SliceTemplate,
  ports: readonly EndpointPort[],
  endpoints: Mutable<Endpoint>[],
): Mutable<EndpointSlice> {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      generateName: t.generateName,
      namespace: t.namespace,
      labels: { ...t.labels },
      ...(Object.keys(t.annotations).length > 0 ? { annotations: { ...t.annotations } } : {}),
      ownerReferences: t.ownerReferences,
    },
    addressType: "IPv4",
    endpoints,
    ports: [...ports],
  };
}
