/**
 * The Deployment controller (pkg/controller/deployment): find or create the new
 * ReplicaSet for the current template (`<deployment>-<pod-template-hash>`), move replicas
 * from old ReplicaSets to it by the strategy (RollingUpdate with maxSurge/maxUnavailable,
 * or Recreate), keep `revisionHistoryLimit` old ReplicaSets for `rollout undo`, and report
 * status and the Available/Progressing conditions. Each sync plans the scaling from the
 * current counts, applies it, and lets the next ReplicaSet or pod change bring it back.
 */
import type { DeploymentCondition, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import { deepClone, deepEqual } from "../core/clone.ts";
import { limits } from "../core/limits.ts";
import type { WatchEvent } from "../store/store.ts";
import type { StoredDeployment, StoredRS } from "./deployment-util.ts";
import {
  availableReplicas,
  computeHash,
  copyDeploymentAnnotations,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  maxReplicasAnnotation,
  maxRevision,
  podTemplateHashLabel,
  resolveFenceposts,
  revisionAnnotation,
  revisionHistoryAnnotation,
  revisionOf,
  specReplicas,
} from "./deployment-util.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import { matchesLabelSelector } from "./selectors.ts";

const source = { component: "deployment-controller" };

export interface ScalingStep {
  readonly rs: StoredRS;
  readonly to: number;
}

export class DeploymentController implements Controller {
  readonly name = "deployment-controller";
  readonly kinds = ["Deployment", "ReplicaSet", "Pod"] as const;
  readonly queue = new WorkQueue();
  readonly timerKinds = ["deployment.progress"] as const;
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    ctx.store.addIndex(
      "orphanReplicaSets",
      "replicasets",
      (o) => (o.metadata.ownerReferences?.some((r) => r.controller) ? [] : [o.metadata.namespace ?? ""]),
      (o) => o.metadata.ownerReferences,
    );
  }

  observe(e: WatchEvent): void {
    if (e.resource.kind === "Deployment") {
      this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    } else if (e.resource.kind === "ReplicaSet") {
      const ref = e.object.metadata.ownerReferences?.find((r) => r.controller && r.kind === "Deployment");
      if (ref) this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      const oldRef = e.old?.metadata.ownerReferences?.find((r) => r.controller && r.kind === "Deployment");
      if (oldRef && oldRef.name !== ref?.name) this.queue.add(`${e.object.metadata.namespace}/${oldRef.name}`);
      // An orphan (created so, or released) is offered to every Deployment that selects it (updateReplicaSet).
      if (!e.object.metadata.ownerReferences?.some((r) => r.controller) && e.type !== "DELETED") {
        for (const d of this.ctx.store.list("deployments", e.object.metadata.namespace) as StoredDeployment[]) {
          if (matchesLabelSelector(d.spec?.selector, e.object.metadata.labels))
            this.queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
        }
      }
    } else if (e.resource.kind === "Pod" && e.type === "DELETED") {
      // A Recreate rollout waits for the last old pod to be gone (deletePod upstream).
      const rsRef = e.object.metadata.ownerReferences?.find((r) => r.controller && r.kind === "ReplicaSet");
      const rs = rsRef ? this.ctx.store.get("replicasets", e.object.metadata.namespace, rsRef.name) : undefined;
      const ref = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === "Deployment");
      if (!ref) return;
      const d = this.ctx.store.get("deployments", e.object.metadata.namespace, ref.name) as
        | StoredDeployment
        | undefined;
      if (d?.spec?.strategy?.type === "Recreate") this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    }
  }

  onTimer(_kind: string, key: string): void {
    this.queue.add(key);
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const d = this.ctx.store.get("deployments", ns, name) as StoredDeployment | undefined;
    if (!d || d.metadata.deletionTimestamp) return;
    const all = this.claimReplicaSets(d);
    let newRS = all.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
    const old = all.filter((rs) => rs !== newRS);
    if (d.spec?.paused) {
      this.syncStatus(d, newRS, old);
      return;
    }
    const recreate = (d.spec?.strategy?.type ?? "RollingUpdate") === "Recreate";
    let steps: ScalingStep[];
    if (recreate) {
      // rolloutRecreate: old ReplicaSets to zero; the new one is created and scaled up only
      // once no old pod is left (terminating ones included).
      steps = old.filter((rs) => specReplicas(rs) > 0).map((rs) => ({ rs, to: 0 }));
      if (steps.length === 0 && !this.oldPodsRunning(old)) {
        newRS = newRS ? this.ensureRevision(d, newRS, old) : this.createNewReplicaSet(d, all);
        if (newRS && specReplicas(newRS) !== (d.spec?.replicas ?? 1))
          steps = [{ rs: newRS, to: d.spec?.replicas ?? 1 }];
      }
    } else {
      newRS = newRS ? this.ensureRevision(d, newRS, old) : this.createNewReplicaSet(d, all);
      if (!newRS) return;
      steps = this.planRollingUpdate(d, newRS, old);
    }
    for (const step of steps) this.scale(d, step.rs, step.to);
    const fresh = this.ownedReplicaSets(d);
    const freshNew = newRS ? fresh.find((rs) => rs.metadata.uid === newRS!.metadata.uid) : undefined;
    const freshOld = fresh.filter((rs) => rs !== freshNew);
    this.cleanupOldReplicaSets(d, freshOld);
    if (freshNew) this.annotateRevision(d, freshNew);
    this.syncStatus(d, freshNew, freshOld);
  }

  /** Any pod of an old ReplicaSet that has not finished, terminating ones included (oldPodsRunning). */
  private oldPodsRunning(old: readonly StoredRS[]): boolean {
    for (const rs of old) {
      for (const key of this.ctx.store.byIndex("ownerUid:pods", rs.metadata.uid)) {
        const pod = this.ctx.store.getByKey("pods", key) as
          | (StoredObject & { status?: { phase?: string } })
          | undefined;
        if (pod && pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed") return true;
      }
    }
    return false;
  }

  /** The Deployment carries its newest revision as an annotation too. */
  private annotateRevision(d: StoredDeployment, newRS: StoredRS): void {
    const current = this.ctx.store.get("deployments", d.metadata.namespace, d.metadata.name) as
      | StoredDeployment
      | undefined;
    const rev = newRS.metadata.annotations?.[revisionAnnotation];
    if (!current || !rev || current.metadata.annotations?.[revisionAnnotation] === rev) return;
    const next = {
      ...current,
      metadata: {
        ...current.metadata,
        annotations: { ...(current.metadata.annotations ?? {}), [revisionAnnotation]: rev },
        resourceVersion: "",
      },
    };
    this.ctx.api.update(deepClone(next));
  }

  /** ClaimReplicaSets: owned ones, plus orphans whose labels match the selector, which are adopted. */
  private claimReplicaSets(d: StoredDeployment): StoredRS[] {
    const owned = this.ownedReplicaSets(d);
    const adopted: StoredRS[] = [];
    for (const key of [...this.ctx.store.byIndex("orphanReplicaSets", d.metadata.namespace ?? "")].sort()) {
      const rs = this.ctx.store.getByKey("replicasets", key) as StoredRS | undefined;
      if (!rs || rs.metadata.ownerReferences?.some((r) => r.controller) || rs.metadata.deletionTimestamp) continue;
      if (!matchesLabelSelector(d.spec?.selector, rs.metadata.labels)) continue;
      const next = deepClone(rs);
      next.metadata.ownerReferences = [
        ...(next.metadata.ownerReferences ?? []),
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: d.metadata.name,
          uid: d.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
      next.metadata.resourceVersion = "";
      const r = this.ctx.api.update(next);
      if (r.ok) adopted.push(r.value as StoredRS);
    }
    return adopted.length === 0 ? owned : [...owned, ...adopted];
  }

  private ownedReplicaSets(d: StoredDeployment): StoredRS[] {
    const out: StoredRS[] = [];
    for (const key of this.ctx.store.byIndex("ownerUid:replicasets", d.metadata.uid)) {
      const rs = this.ctx.store.getByKey("replicasets", key) as StoredRS | undefined;
      if (rs?.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller)) out.push(rs);
    }
    return out.sort((a, b) =>
      a.metadata.creationTimestamp === b.metadata.creationTimestamp
        ? a.metadata.name < b.metadata.name
          ? -1
          : 1
        : a.metadata.creationTimestamp < b.metadata.creationTimestamp
          ? -1
          : 1,
    );
  }

  private createNewReplicaSet(d: StoredDeployment, all: StoredRS[]): StoredRS | undefined {
    const _rsResource = resourceForKind("ReplicaSet")!;
    let collisionCount = d.status?.collisionCount ?? 0;
    // A name collision with a ReplicaSet that is not ours bumps collisionCount and retries.
    for (let attempt = 0; attempt < limits.generateNameAttemptsMax; attempt++) {
      const hash = computeHash(d.spec?.template, collisionCount);
      const template = deepClone(d.spec?.template ?? {}) as Mutable<NonNullable<ReplicaSet["spec"]>>["template"] &
        object;
      template.metadata = {
        ...(template.metadata ?? {}),
        labels: { ...(template.metadata?.labels ?? {}), [podTemplateHashLabel]: hash },
      };
      const replicas = this.initialNewReplicas(d, all);
      const { maxSurge } = resolveFenceposts(d);
      const rs: Mutable<ReplicaSet> = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...(d.spec?.template?.metadata?.labels ?? {}), [podTemplateHashLabel]: hash },
          annotations: {
            ...copiedAnnotations(d.metadata.annotations),
            [desiredReplicasAnnotation]: String(d.spec?.replicas ?? 1),
            [maxReplicasAnnotation]: String(
              (d.spec?.replicas ?? 1) +
                ((d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate" ? maxSurge : 0),
            ),
            [revisionAnnotation]: String(maxRevision(all) + 1),
          },
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: "Deployment",
              name: d.metadata.name,
              uid: d.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas,
          minReadySeconds: d.spec?.minReadySeconds,
          selector: {
            ...(d.spec?.selector ?? {}),
            matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [podTemplateHashLabel]: hash },
          },
          template,
        },
      };
      if (rs.spec!.minReadySeconds === undefined) delete rs.spec!.minReadySeconds;
      const created = this.ctx.api.create(rs, { namespace: d.metadata.namespace });
      if (created.ok) {
        const newRS = created.value as StoredRS;
        if (replicas > 0) {
          this.ctx.events.record(
            d,
            "Normal",
            "ScalingReplicaSet",
            `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicas}`,
            source,
          );
        }
        this.setCondition(
          d,
          "Progressing",
          "True",
          "NewReplicaSetCreated",
          `Created new replica set "${newRS.metadata.name}"`,
        );
        return newRS;
      }
      if (created.status.reason !== "AlreadyExists") return undefined;
      const existing = this.ctx.store.get("replicasets", d.metadata.namespace, `${d.metadata.name}-${hash}`) as
        | StoredRS
        | undefined;
      // Ours and still of this template: it is the new ReplicaSet. Anything else under that
      // name (another owner, or ours with an edited template) is a collision: next hash.
      if (
        existing?.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid) &&
        equalIgnoreHash(existing.spec?.template, d.spec?.template)
      ) {
        return existing;
      }
      collisionCount++;
      const next = deepClone(d);
      next.status = { ...(next.status ?? {}), collisionCount };
      this.ctx.api.updateStatus(next);
    }
    return undefined;
  }

  /** The first size of a new ReplicaSet: what the strategy allows right away. */
  private initialNewReplicas(d: StoredDeployment, all: StoredRS[]): number {
    const replicas = d.spec?.replicas ?? 1;
    if ((d.spec?.strategy?.type ?? "RollingUpdate") === "Recreate") {
      return all.some((rs) => specReplicas(rs) > 0) ? 0 : replicas;
    }
    const { maxSurge } = resolveFenceposts(d);
    const current = all.reduce((n, rs) => n + specReplicas(rs), 0);
    return Math.max(0, Math.min(replicas + maxSurge - current, replicas));
  }

  /** A ReplicaSet that becomes new again (rollout undo) takes the next revision. */
  private ensureRevision(d: StoredDeployment, newRS: StoredRS, old: StoredRS[]): StoredRS {
    const maxOld = maxRevision(old);
    const rev = revisionOf(newRS);
    const annotations = { ...(newRS.metadata.annotations ?? {}) };
    let changed = copyDeploymentAnnotations(d.metadata.annotations, annotations);
    if (rev <= maxOld) {
      const history = annotations[revisionHistoryAnnotation];
      annotations[revisionHistoryAnnotation] = history ? `${history},${rev}` : String(rev);
      annotations[revisionAnnotation] = String(maxOld + 1);
      changed = true;
    }
    const desired = String(d.spec?.replicas ?? 1);
    if (annotations[desiredReplicasAnnotation] !== desired) {
      annotations[desiredReplicasAnnotation] = desired;
      const { maxSurge } = resolveFenceposts(d);
      annotations[maxReplicasAnnotation] = String((d.spec?.replicas ?? 1) + maxSurge);
      changed = true;
    }
    if (!changed) return newRS;
    const next = deepClone(newRS);
    next.metadata.annotations = annotations;
    next.metadata.resourceVersion = "";
    const updated = this.ctx.api.update(next);
    return updated.ok ? (updated.value as StoredRS) : newRS;
  }

  /**
   * rolloutRolling: one direction per sync. First the new ReplicaSet, up to what maxSurge
   * allows; only when it did not move, the old ones down: their unhealthy replicas first,
   * then as far as availability stays at replicas − maxUnavailable.
   */
  planRollingUpdate(d: StoredDeployment, newRS: StoredRS, old: StoredRS[]): ScalingStep[] {
    const replicas = d.spec?.replicas ?? 1;
    const { maxSurge, maxUnavailable } = resolveFenceposts(d);
    const all = [newRS, ...old];
    const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
    // reconcileNewReplicaSet
    const newReplicas = specReplicas(newRS);
    if (newReplicas > replicas) return [{ rs: newRS, to: replicas }];
    if (newReplicas < replicas) {
      const room = replicas + maxSurge - total;
      const up = Math.max(0, Math.min(room, replicas - newReplicas));
      if (up > 0) return [{ rs: newRS, to: newReplicas + up }];
    }
    // reconcileOldReplicaSets
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = newReplicas - availableReplicas(newRS);
    const maxScaledDown = total - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return [];
    const olds = [...old].sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
    const target = new Map(olds.map((rs) => [rs, specReplicas(rs)]));
    // cleanupUnhealthyReplicas
    let cleaned = 0;
    for (const rs of olds) {
      if (cleaned >= maxScaledDown) break;
      const current = target.get(rs)!;
      if (current === 0) continue;
      const unhealthy = current - availableReplicas(rs);
      if (unhealthy <= 0) continue;
      const cut = Math.min(maxScaledDown - cleaned, unhealthy);
      target.set(rs, current - cut);
      cleaned += cut;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const available = all.reduce((n, rs) => n + availableReplicas(rs), 0);
    if (available > minAvailable) {
      const budget = available - minAvailable;
      let done = 0;
      for (const rs of olds) {
        if (done >= budget) break;
        const current = target.get(rs)!;
        if (current === 0) continue;
        const cut = Math.min(current, budget - done);
        target.set(rs, current - cut);
        done += cut;
      }
    }
    return olds.filter((rs) => target.get(rs) !== specReplicas(rs)).map((rs) => ({ rs, to: target.get(rs)! }));
  }

  private scale(d: StoredDeployment, rs: StoredRS, to: number): void {
    const current = this.ctx.store.get("replicasets", rs.metadata.namespace, rs.metadata.name) as StoredRS | undefined;
    if (!current) return;
    const from = specReplicas(current);
    if (from === to) return;
    const next = deepClone(current);
    next.spec = { ...(next.spec ?? {}), replicas: to } as typeof next.spec;
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [desiredReplicasAnnotation]: String(d.spec?.replicas ?? 1),
    };
    next.metadata.resourceVersion = "";
    const updated = this.ctx.api.update(next);
    if (updated.ok) {
      const verb = to > from ? "up" : "down";
      this.ctx.events.record(
        d,
        "Normal",
        "ScalingReplicaSet",
        `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`,
        source,
      );
    }
  }

  private cleanupOldReplicaSets(d: StoredDeployment, old: StoredRS[]): void {
    const limit = Math.min(d.spec?.revisionHistoryLimit ?? 10, limits.revisionHistoryMax);
    const idle = old.filter(
      (rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp,
    );
    const excess = idle.length - limit;
    if (excess <= 0) return;
    idle.sort((a, b) => revisionOf(a) - revisionOf(b));
    const rsResource = resourceForKind("ReplicaSet")!;
    for (const rs of idle.slice(0, excess)) this.ctx.api.delete(rsResource, rs.metadata.namespace, rs.metadata.name);
  }

  private syncStatus(d: StoredDeployment, newRS: StoredRS | undefined, old: StoredRS[]): void {
    const current = this.ctx.store.get("deployments", d.metadata.namespace, d.metadata.name) as
      | StoredDeployment
      | undefined;
    if (!current) return;
    const all = newRS ? [newRS, ...old] : old;
    const replicas = current.spec?.replicas ?? 1;
    const { maxUnavailable } = resolveFenceposts(current);
    const total = all.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
    const updated = newRS?.status?.replicas ?? 0;
    const ready = all.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
    const available = all.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    const unavailable = Math.max(0, total - available);
    const status: Mutable<NonNullable<StoredDeployment["status"]>> = {
      ...(current.status ?? {}),
      observedGeneration: current.metadata.generation ?? 1,
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: unavailable,
    };
    for (const k of [
      "replicas",
      "updatedReplicas",
      "readyReplicas",
      "availableReplicas",
      "unavailableReplicas",
    ] as const) {
      if (status[k] === 0) delete status[k];
    }
    const conditions = [...(current.status?.conditions ?? [])] as Mutable<DeploymentCondition>[];
    const now = this.ctx.clock.rfc3339();
    // SetDeploymentCondition: an unchanged status and reason is left alone; otherwise the
    // condition is removed and appended, which is why the order of conditions moves.
    const setCond = (type: string, st: string, reason: string, message: string) => {
      const i = conditions.findIndex((c) => c.type === type);
      const prev = conditions[i];
      if (prev && prev.status === st && prev.reason === reason) {
        if (prev.message !== message) conditions[i] = { ...prev, message, lastUpdateTime: now };
        else if (type === "Progressing" && reason === "ReplicaSetUpdated")
          conditions[i] = { ...prev, lastUpdateTime: now };
        return;
      }
      const lastTransitionTime = prev && prev.status === st ? prev.lastTransitionTime : now;
      if (i >= 0) conditions.splice(i, 1);
      conditions.push({ type, status: st, lastUpdateTime: now, lastTransitionTime, reason, message });
    };
    if (available >= replicas - maxUnavailable)
      setCond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
    else setCond("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    if (newRS && !current.spec?.paused) {
      const key = `${d.metadata.namespace}/${d.metadata.name}`;
      const progressing = conditions.find((c) => c.type === "Progressing");
      const before = current.status ?? {};
      const complete =
        updated === replicas && (newRS.status?.availableReplicas ?? 0) === replicas && total === replicas;
      // DeploymentProgressing: any count moved the right way since the last status.
      const moved =
        (status.updatedReplicas ?? 0) > (before.updatedReplicas ?? 0) ||
        (status.readyReplicas ?? 0) > (before.readyReplicas ?? 0) ||
        (status.availableReplicas ?? 0) > (before.availableReplicas ?? 0) ||
        (status.replicas ?? 0) - (status.updatedReplicas ?? 0) < (before.replicas ?? 0) - (before.updatedReplicas ?? 0);
      if (complete) {
        setCond(
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`,
        );
        this.ctx.timers.cancel("deployment.progress", key);
      } else if (moved) {
        setCond("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${newRS.metadata.name}" is progressing.`);
        const deadline = current.spec?.progressDeadlineSeconds ?? 600;
        this.ctx.timers.schedule(this.ctx.clock.nowMs + deadline * 1000 + 1000, "deployment.progress", key);
      } else if (!progressing) {
        setCond("Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${newRS.metadata.name}"`);
      } else if (progressing.reason !== "ProgressDeadlineExceeded" && this.deadlineExceeded(current, progressing)) {
        setCond(
          "Progressing",
          "False",
          "ProgressDeadlineExceeded",
          `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
        );
      } else if (progressing.status === "True" && !this.ctx.timers.has("deployment.progress", key)) {
        const deadline = current.spec?.progressDeadlineSeconds ?? 600;
        const since = Date.parse(progressing.lastUpdateTime ?? this.ctx.clock.rfc3339());
        this.ctx.timers.schedule(since + deadline * 1000 + 1000, "deployment.progress", key);
      }
    }
    status.conditions = conditions;
    if (deepEqual(status, current.status)) return;
    this.ctx.api.updateStatus({ ...current, status });
  }

  private deadlineExceeded(d: StoredDeployment, progressing: DeploymentCondition | undefined): boolean {
    if (!progressing?.lastUpdateTime) return false;
    const deadline = d.spec?.progressDeadlineSeconds ?? 600;
    return this.ctx.clock.nowMs - Date.parse(progressing.lastUpdateTime) > deadline * 1000;
  }

  private setCondition(d: StoredDeployment, type: string, status: string, reason: string, message: string): void {
    const current = this.ctx.store.get("deployments", d.metadata.namespace, d.metadata.name) as
      | StoredDeployment
      | undefined;
    if (!current) return;
    const now = this.ctx.clock.rfc3339();
    const conditions = [...(current.status?.conditions ?? [])].filter(
      (c) => c.type !== type,
    ) as Mutable<DeploymentCondition>[];
    conditions.push({ type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message });
    this.ctx.api.updateStatus({ ...current, status: { ...(current.status ?? {}), conditions } });
  }
}

function copiedAnnotations(from: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  copyDeploymentAnnotations(from, out);
  return out;
}
