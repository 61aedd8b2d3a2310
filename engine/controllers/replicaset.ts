/**
 * The ReplicaSet controller (pkg/controller/replicaset): keep `spec.replicas` active pods
 * that it owns, adopting matching orphans; write status. Plan, then apply: `planReplicaSet`
 * decides which pods to create and delete, `sync` carries it out.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import { deepClone, deepEqual } from "../core/clone.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import type { StoredPod } from "./podutil.ts";
import { isPodActive, isPodAvailable, isPodReady, podFromTemplate, restartCount } from "./podutil.ts";
import { matchesLabelSelector } from "./selectors.ts";

export type StoredReplicaSet = StoredObject & Mutable<ReplicaSet>;

const source = { component: "replicaset-controller" };
/** Upstream creates pods in slow-start batches (1, 2, 4 …) capped at 500 per sync. */
const burstReplicas = 500;

export interface ReplicaSetPlan {
  readonly create: number;
  readonly delete: readonly StoredPod[];
  readonly adopt: readonly StoredPod[];
}

/** Which pods to delete first (controller.ActivePods ordering): the least useful ones. */
export function rankPodsForDeletion(pods: readonly StoredPod[]): StoredPod[] {
  const phaseRank = (p: StoredPod) => (p.status?.phase === "Pending" ? 0 : p.status?.phase === "Unknown" ? 1 : 2);
  // ActivePodsWithRanks: a pod on a node running more of the set goes first (spreads the rest).
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const colocated = (p: StoredPod) => (p.spec?.nodeName ? perNode.get(p.spec.nodeName)! : 0);
  return [...pods].sort((a, b) => {
    const an = a.spec?.nodeName ? 1 : 0;
    const bn = b.spec?.nodeName ? 1 : 0;
    if (an !== bn) return an - bn;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ar = isPodReady(a) ? 1 : 0;
    const br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    if (colocated(a) !== colocated(b)) return colocated(b) - colocated(a);
    if (restartCount(a) !== restartCount(b)) return restartCount(b) - restartCount(a);
    const at = a.metadata.creationTimestamp;
    const bt = b.metadata.creationTimestamp;
    if (at !== bt) return at > bt ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : 1;
  });
}

export function planReplicaSet(
  rs: StoredReplicaSet,
  owned: readonly StoredPod[],
  orphans: readonly StoredPod[],
): ReplicaSetPlan {
  const active = owned.filter(isPodActive);
  const adopt = orphans.filter(isPodActive);
  const have = active.length + adopt.length;
  const want = rs.metadata.deletionTimestamp ? have : (rs.spec?.replicas ?? 1);
  if (have < want) return { create: Math.min(want - have, burstReplicas), delete: [], adopt };
  if (have > want) {
    return {
      create: 0,
      delete: rankPodsForDeletion([...active, ...adopt]).slice(0, Math.min(have - want, burstReplicas)),
      adopt,
    };
  }
  return { create: 0, delete: [], adopt };
}

export class ReplicaSetController implements Controller {
  readonly name = "replicaset-controller";
  readonly kinds = ["ReplicaSet", "Pod"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    if (e.resource.kind === "ReplicaSet") {
      this.queue.add(keyOf(e.object));
      return;
    }
    if (e.resource.kind !== "Pod") return;
    // Only changes that move the ReplicaSet's counts matter (readiness, phase, deletion, labels, owner).
    if (e.type === "MODIFIED" && !podCountsChanged(e.old, e.object)) return;
    const ref = e.object.metadata.ownerReferences?.find((r) => r.controller);
    if (ref) {
      if (ref.kind === "ReplicaSet") this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      if (e.old) {
        const oldRef = e.old.metadata.ownerReferences?.find((r) => r.controller);
        if (oldRef && oldRef.kind === "ReplicaSet" && oldRef.name !== ref.name) {
          this.queue.add(`${e.object.metadata.namespace}/${oldRef.name}`);
        }
      }
      return;
    }
    if (e.type === "DELETED") return;
    // An orphan: any ReplicaSet whose selector matches may adopt it.
    for (const rs of this.ctx.store.list("replicasets", e.object.metadata.namespace)) {
      if (matchesLabelSelector((rs as StoredReplicaSet).spec?.selector, e.object.metadata.labels))
        this.queue.add(keyOf(rs));
    }
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const rs = this.ctx.store.get("replicasets", ns, name) as StoredReplicaSet | undefined;
    if (!rs) return;
    const owned = this.releaseMismatched(rs, this.ownedPods(rs));
    const orphans = rs.metadata.deletionTimestamp ? [] : this.orphans(rs);
    const plan = planReplicaSet(rs, owned, orphans);
    this.apply(rs, plan);
    this.updateStatus(rs);
  }

  private ownedPods(rs: StoredReplicaSet): StoredPod[] {
    const out: StoredPod[] = [];
    for (const key of this.ctx.store.byIndex("ownerUid:pods", rs.metadata.uid)) {
      const pod = this.ctx.store.getByKey("pods", key) as StoredPod | undefined;
      if (pod?.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid && r.controller)) out.push(pod);
    }
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  /** ClaimPods releases owned pods whose labels no longer match the selector (they become orphans). */
  private releaseMismatched(rs: StoredReplicaSet, owned: StoredPod[]): StoredPod[] {
    if (rs.metadata.deletionTimestamp) return owned;
    const kept: StoredPod[] = [];
    for (const pod of owned) {
      if (matchesLabelSelector(rs.spec?.selector, pod.metadata.labels)) {
        kept.push(pod);
        continue;
      }
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
      const next = { ...pod, metadata: { ...pod.metadata, resourceVersion: "" } };
      if (refs.length > 0) next.metadata.ownerReferences = refs;
      else delete next.metadata.ownerReferences;
      this.ctx.api.update(deepClone(next));
    }
    return kept;
  }

  private orphans(rs: StoredReplicaSet): StoredPod[] {
    const selector = rs.spec?.selector;
    const pairs = Object.entries(selector?.matchLabels ?? {});
    if (pairs.length === 0) return [];
    const [k, v] = pairs[0]!;
    const out: StoredPod[] = [];
    for (const key of this.ctx.store.byIndex("podLabels", `${rs.metadata.namespace}\0${k}=${v}`)) {
      const pod = this.ctx.store.getByKey("pods", key) as StoredPod | undefined;
      if (!pod || pod.metadata.ownerReferences?.some((r) => r.controller)) continue;
      if (pod.metadata.deletionTimestamp) continue;
      if (matchesLabelSelector(selector, pod.metadata.labels)) out.push(pod);
    }
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  private apply(rs: StoredReplicaSet, plan: ReplicaSetPlan): void {
    const podResource = resourceForKind("Pod")!;
    for (const pod of plan.adopt) {
      const next = deepClone(pod);
      next.metadata.ownerReferences = [
        ...(next.metadata.ownerReferences ?? []),
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
      next.metadata.resourceVersion = "";
      this.ctx.store.update(podResource, next);
    }
    for (let i = 0; i < plan.create; i++) {
      const pod = podFromTemplate(rs.spec?.template, rs, `${rs.metadata.name}-`);
      const created = this.ctx.api.create(pod, { namespace: rs.metadata.namespace });
      if (created.ok) {
        this.ctx.events.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.value.metadata.name}`, source);
      } else {
        this.ctx.events.record(rs, "Warning", "FailedCreate", `Error creating: ${created.status.message}`, source);
        break;
      }
    }
    for (const pod of plan.delete) {
      const deleted = this.ctx.api.delete(podResource, pod.metadata.namespace, pod.metadata.name);
      if (deleted.ok)
        this.ctx.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, source);
    }
  }

  private updateStatus(rs: StoredReplicaSet): void {
    const current = this.ctx.store.get("replicasets", rs.metadata.namespace, rs.metadata.name) as
      | StoredReplicaSet
      | undefined;
    if (!current) return;
    const pods = this.ownedPods(current).filter(isPodActive);
    const templateLabels = current.spec?.template?.metadata?.labels ?? {};
    const minReady = current.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.nowMs;
    const status: Mutable<NonNullable<ReplicaSet["status"]>> = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.filter((p) =>
        Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
      ).length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: current.metadata.generation ?? 1,
    };
    // Zero counts are omitted, as the API's omitempty does.
    for (const k of ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"] as const)
      if (status[k] === 0) delete status[k];
    if (deepEqual(status, current.status)) return;
    this.ctx.api.updateStatus({ ...current, status });
    // Availability after minReadySeconds needs another look later.
    if (minReady > 0 && pods.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now))) {
      this.ctx.timers.schedule(now + minReady * 1000, "replicaset.resync", keyOf(current));
    }
  }

  readonly timerKinds = ["replicaset.resync"] as const;

  onTimer(_kind: string, key: string): void {
    this.queue.add(key);
  }
}

function podCountsChanged(oldObj: StoredObject | undefined, newObj: StoredObject): boolean {
  if (!oldObj) return true;
  const o = oldObj as StoredPod;
  const n = newObj as StoredPod;
  if (o.metadata.labels !== n.metadata.labels || o.metadata.ownerReferences !== n.metadata.ownerReferences) return true;
  if (o.metadata.deletionTimestamp !== n.metadata.deletionTimestamp || o.status?.phase !== n.status?.phase) return true;
  const ready = (p: StoredPod) => p.status?.conditions?.find((c) => c.type === "Ready");
  return ready(o)?.status !== ready(n)?.status || ready(o)?.lastTransitionTime !== ready(n)?.lastTransitionTime;
}

function keyOf(o: StoredObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}
