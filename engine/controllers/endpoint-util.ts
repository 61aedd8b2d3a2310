/**
 * What the Endpoints, EndpointSlice and mirroring controllers share: which pods a Service
 * selects (through a label index, never a scan), whether a pod belongs in its endpoints,
 * and how a Service port's targetPort resolves on one pod (a named targetPort is looked
 * up in that pod's container ports, so two pods may serve one Service port on different
 * numbers, or not at all).
 */
import type { Pod, Service, ServicePort } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { StoredPod } from "./podutil.ts";
import { isPodReady } from "./podutil.ts";
import { matchesMap } from "./selectors.ts";

export type StoredService = StoredObject & Mutable<Service>;

export const serviceNameLabel = "kubernetes.io/service-name";
export const managedByLabel = "endpointslice.kubernetes.io/managed-by";
export const headlessLabel = "service.kubernetes.io/headless";
export const lastChangeTriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";
export const endpointSliceControllerName = "endpointslice-controller.k8s.io";
export const mirroringControllerName = "endpointslicemirroring-controller.k8s.io";
/** --max-endpoints-per-slice default. */
export const maxEndpointsPerSlice = 100;

export function hasSelector(svc: StoredService): boolean {
  return svc.spec?.type !== "ExternalName" && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** Pods a Service's selector matches, by name. */
export function selectedPods(store: ObjectStore, svc: StoredService): StoredPod[] {
  const selector = svc.spec?.selector ?? {};
  const entries = Object.entries(selector);
  if (entries.length === 0) return [];
  // The rarest pair gives the smallest candidate set.
  let best: ReadonlySet<string> | undefined;
  for (const [k, v] of entries) {
    const set = store.byIndex("podLabels", `${svc.metadata.namespace}\0${k}=${v}`);
    if (!best || set.size < best.size) best = set;
  }
  const out: StoredPod[] = [];
  for (const key of best ?? []) {
    const pod = store.getByKey("pods", key) as StoredPod | undefined;
    if (pod && matchesMap(selector, pod.metadata.labels)) out.push(pod);
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/**
 * The Services (as `ns/name` keys) a pod change can affect: those selecting the pod now, and
 * those that selected it before a label change. Changes that move no endpoint affect none.
 */
export function serviceKeysForPodChange(store: ObjectStore, e: WatchEvent): string[] {
  if (e.type === "MODIFIED" ? !podEndpointsChanged(e.old, e.object) : !(e.object as StoredPod).status?.podIP) return [];
  const keys = servicesForPod(store, e.object).map((svc) => `${svc.metadata.namespace}/${svc.metadata.name}`);
  if (e.old && e.old.metadata.labels !== e.object.metadata.labels) {
    for (const svc of servicesForPod(store, e.old)) keys.push(`${svc.metadata.namespace}/${svc.metadata.name}`);
  }
  return keys;
}

/** Services in the pod's namespace whose selector may match the pod's labels. */
export function servicesForPod(store: ObjectStore, pod: StoredObject): StoredService[] {
  const seen = new Set<string>();
  const out: StoredService[] = [];
  for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
    for (const key of store.byIndex("serviceSelector", `${pod.metadata.namespace}\0${k}=${v}`)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const svc = store.getByKey("services", key) as StoredService | undefined;
      if (svc && matchesMap(svc.spec?.selector, pod.metadata.labels)) out.push(svc);
    }
  }
  return out;
}

/**
 * ShouldPodBeInEndpoints: a pod with an IP that has not finished; a terminating pod only
 * when terminating endpoints are included (always for EndpointSlices, only with
 * publishNotReadyAddresses for Endpoints).
 */
export function shouldPodBeInEndpoints(pod: StoredPod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") return false;
  if (pod.metadata.deletionTimestamp && !includeTerminating) return false;
  return true;
}

/** podutil.FindPort: the container port a targetPort names, or the number itself. */
export function findPort(pod: Mutable<Pod>, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number") return target;
  const asNumber = /^\d+$/.test(target) ? Number(target) : undefined;
  if (asNumber !== undefined) return asNumber;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? "TCP") === (port.protocol ?? "TCP")) return p.containerPort;
  }
  return undefined;
}

export function endpointHostname(pod: StoredPod, svc: StoredService): string | undefined {
  const hostname = pod.spec?.hostname;
  if (hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace)
    return hostname;
  return undefined;
}

export function podIsReadyForEndpoints(pod: StoredPod): boolean {
  return isPodReady(pod) && !pod.metadata.deletionTimestamp;
}

/** The labels a Service's endpoint objects carry: its own, minus the reserved ones. */
export function inheritedLabels(svc: StoredService): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k === serviceNameLabel || k === managedByLabel || k === headlessLabel) continue;
    out[k] = v;
  }
  return out;
}

export function compareIPs(a: string, b: string): number {
  return ipNumber(a) - ipNumber(b);
}

const ipNumbers = new Map<string, number>();

/** Numeric value of a dotted IPv4 address, memoised (endpoint sorting compares the same IPs over and over). */
function ipNumber(ip: string): number {
  let n = ipNumbers.get(ip);
  if (n === undefined) {
    const p = ip.split(".");
    n = ((Number(p[0]) * 256 + Number(p[1])) * 256 + Number(p[2])) * 256 + Number(p[3]);
    if (ipNumbers.size > 100_000) ipNumbers.clear();
    ipNumbers.set(ip, n);
  }
  return n;
}

/**
 * podEndpointsChanged (pkg/controller/util/endpoint): whether a pod update can change any
 * endpoint — its IP, readiness, deletion, node, hostname, phase or labels. Other status
 * updates (container restarts counted, probe times) do not wake the endpoint controllers.
 */
export function podEndpointsChanged(oldPod: StoredObject | undefined, newPod: StoredObject): boolean {
  const n = newPod as StoredPod;
  // A pod without an IP is in no endpoint, before and after.
  if (!oldPod) return n.status?.podIP !== undefined;
  const o = oldPod as StoredPod;
  if (!o.status?.podIP && !n.status?.podIP) return false;
  if (o.metadata.labels !== n.metadata.labels && !sameMap(o.metadata.labels, n.metadata.labels)) return true;
  if (o.metadata.deletionTimestamp !== n.metadata.deletionTimestamp) return true;
  if (o.status?.podIP !== n.status?.podIP || o.status?.phase !== n.status?.phase) return true;
  if (
    o.spec?.nodeName !== n.spec?.nodeName ||
    o.spec?.hostname !== n.spec?.hostname ||
    o.spec?.subdomain !== n.spec?.subdomain
  )
    return true;
  const ready = (p: StoredPod) => p.status?.conditions?.find((c) => c.type === "Ready")?.status;
  return ready(o) !== ready(n);
}

function sameMap(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => a![k] === b?.[k]);
}
