/**
 * Pure helpers of the Deployment controller (pkg/controller/deployment/util): the
 * pod-template-hash, surge and unavailability arithmetic, and revision bookkeeping.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { deepEqual, stableStringify } from "../core/clone.ts";
import { fnv1a32 } from "../core/hash.ts";

export type StoredDeployment = StoredObject & Mutable<Deployment>;
export type StoredRS = StoredObject & Mutable<ReplicaSet>;

export const revisionAnnotation = "deployment.kubernetes.io/revision";
export const revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
export const desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
export const maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

/** deploymentutil.skipCopyAnnotation: the Deployment's annotations a ReplicaSet does not inherit. */
const skipCopyAnnotations = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  "deprecated.deployment.rollback.to",
]);

/**
 * copyDeploymentAnnotationsToReplicaSet: the new ReplicaSet carries the Deployment's own
 * annotations (so `kubernetes.io/change-cause` shows in `rollout history`). Returns whether
 * `annotations` changed.
 */
export function copyDeploymentAnnotations(
  from: Readonly<Record<string, string>> | undefined,
  annotations: Record<string, string>,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(from ?? {})) {
    if (skipCopyAnnotations.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}
export const podTemplateHashLabel = "pod-template-hash";

const alphanums = "bcdfghjklmnpqrstvwxz2456789";

/**
 * rand.SafeEncodeString of the decimal form of a 32-bit FNV hash: every digit maps into the
 * name alphabet, which is why real hashes only use `4 5 6 7 8 9 b c d f`. Upstream hashes
 * Go's dump of the template; we hash a stable JSON form, so values differ from a real
 * cluster's but have the same shape and the same stability.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount: number | undefined): string {
  let text = stableStringify(template ?? {});
  if (collisionCount !== undefined && collisionCount > 0) text += `\0${collisionCount}`;
  const digits = String(fnv1a32(text));
  let out = "";
  for (const d of digits) out += alphanums[d.charCodeAt(0) % alphanums.length];
  return out;
}

/** Template equality ignoring the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  if (!deepEqual(a?.spec, b?.spec)) return false;
  const { labels: la, ...restA } = a?.metadata ?? {};
  const { labels: lb, ...restB } = b?.metadata ?? {};
  if (!deepEqual(restA, restB)) return false;
  const strip = (l: Readonly<Record<string, string>> | undefined) => {
    const { [podTemplateHashLabel]: _hash, ...rest } = l ?? {};
    return rest;
  };
  return deepEqual(strip(la), strip(lb));
}

/** intstr.GetScaledValueFromIntOrPercent: percentages round up for surge, down for unavailable. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: maxSurge and maxUnavailable; both zero becomes unavailable 1. */
export function resolveFenceposts(d: StoredDeployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge, replicas, true, Math.ceil(replicas * 0.25));
  let maxUnavailable = scaledValue(ru?.maxUnavailable, replicas, false, Math.floor(replicas * 0.25));
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function revisionOf(rs: StoredRS): number {
  return Number(rs.metadata.annotations?.[revisionAnnotation] ?? "0") || 0;
}

export function maxRevision(sets: readonly StoredRS[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

export function specReplicas(rs: StoredRS): number {
  return rs.spec?.replicas ?? 0;
}

export function availableReplicas(rs: StoredRS): number {
  return rs.status?.availableReplicas ?? 0;
}
