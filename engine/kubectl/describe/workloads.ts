/**
 * `kubectl describe deployment` and `kubectl describe replicaset` (k/kubectl
 * `describeDeployment`, `describeReplicaSet`, `getPodStatusForController`, and the
 * deployment util's old/new ReplicaSet split).
 */
import type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorAsSelector,
  matches,
  selectorString,
} from "../../api/labels.ts";
import type { StoredObject } from "../../api/object.ts";
import { controllerOf } from "../../api/object.ts";
import { equalIgnoreHash } from "../../controllers/deployment-util.ts";
import { describePodTemplate } from "./containers.ts";
import { describeEvents, eventsFor } from "./events.ts";
import { intOrString, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.ts";

type StoredDeployment = Deployment & StoredObject;
type StoredReplicaSet = ReplicaSet & StoredObject;
type StoredPod = Pod & StoredObject;

export function describeDeployment(ctx: DescribeContext, obj: StoredObject): string {
  const d = obj as StoredDeployment;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  const { oldRSs, newRS } = replicaSetsOf(ctx, d);
  const spec = d.spec!;
  const status = d.status ?? {};
  const selector = labelSelectorAsSelector(spec.selector);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata.annotations);
    // The selector's own String(): empty for an empty selector (no "<none>" here).
    w.write(LEVEL_0, `Selector:\t${selector.ok ? selectorString(selector.value) : ""}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    describePodTemplate(spec.template, w);
    describeConditions(status.conditions, w);
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

export function describeReplicaSet(ctx: DescribeContext, obj: StoredObject): string {
  const rs = obj as StoredReplicaSet;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  const pods = podStatusCounts(ctx, rs, rs.spec?.selector);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
    const controller = controllerOf(rs);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(
      LEVEL_0,
      `${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`,
    );
    describePodTemplate(rs.spec?.template, w);
    describeConditions(rs.status?.conditions, w);
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

export function describeDaemonSet(ctx: DescribeContext, obj: StoredObject): string {
  const ds = obj as DaemonSet & StoredObject;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  const pods = podStatusCounts(ctx, ds, ds.spec?.selector);
  const selector = labelSelectorAsSelector(ds.spec?.selector);
  const status = ds.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selector.ok ? selectorString(selector.value) : ""}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
    w.write(
      LEVEL_0,
      `Pods Status:\t${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`,
    );
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

/** The workload conditions table: `Type Status Reason` (note the space after the type, as upstream prints it). */
function describeConditions(
  conditions: readonly { type: string; status: string; reason?: string }[] | undefined,
  w: PrefixWriter,
): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
}

/** `printReplicaSetsByLabels`: `name (current/desired replicas created)`, comma-joined; `<none>`. */
function replicaSetsText(sets: readonly StoredReplicaSet[]): string {
  const text = sets.map(
    (rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
  );
  return text.length === 0 ? "<none>" : text.join(", ");
}

/**
 * The ReplicaSets the deployment controls (by label selector, then controllerRef), oldest
 * first (ties by name); the new one is the oldest whose template equals the deployment's
 * apart from the hash label, and every other one is old — also those scaled to 0.
 */
function replicaSetsOf(
  ctx: DescribeContext,
  d: StoredDeployment,
): { oldRSs: StoredReplicaSet[]; newRS: StoredReplicaSet | undefined } {
  const selector = labelSelectorAsSelector(d.spec?.selector);
  if (!selector.ok) return { oldRSs: [], newRS: undefined };
  const owned = (ctx.cluster.list("replicasets", { namespace: d.metadata.namespace }) as StoredReplicaSet[])
    .filter((rs) => matches(selector.value, rs.metadata.labels))
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
    .sort((a, b) => {
      const ta = Date.parse(a.metadata.creationTimestamp);
      const tb = Date.parse(b.metadata.creationTimestamp);
      if (ta !== tb) return ta - tb;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

/** `getPodStatusForController`: pods matching the selector and controlled by this uid, by phase. */
function podStatusCounts(ctx: DescribeContext, owner: StoredObject, labelSelector: LabelSelector | undefined) {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  const selector = labelSelectorAsSelector(labelSelector);
  if (!selector.ok) return counts;
  for (const pod of ctx.cluster.list("pods", { namespace: owner.metadata.namespace }) as StoredPod[]) {
    if (!matches(selector.value, pod.metadata.labels)) continue;
    if (controllerOf(pod)?.uid !== owner.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (phase === "Running") counts.running++;
    else if (phase === "Pending") counts.waiting++;
    else if (phase === "Succeeded") counts.succeeded++;
    else if (phase === "Failed") counts.failed++;
  }
  return counts;
}
