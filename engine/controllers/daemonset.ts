/**
 * The DaemonSet controller (pkg/controller/daemon), as far as kind's system DaemonSets
 * need it: one pod per node that the pod's tolerations and nodeSelector allow, pinned to
 * its node through required node affinity on `metadata.name`, and status counts.
 * Rolling updates of DaemonSets are not simulated (a template change replaces pods at once).
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Node, Toleration } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import { deepEqual, stableStringify } from "../core/clone.ts";
import { fnv1a32 } from "../core/hash.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import type { StoredPod } from "./podutil.ts";
import { isPodActive, isPodReady, podFromTemplate } from "./podutil.ts";
import { isNodeReady, tolerates } from "./scheduler.ts";
import { matchesMap } from "./selectors.ts";

type StoredDaemonSet = StoredObject & Mutable<DaemonSet>;
type StoredNode = StoredObject & Mutable<Node>;

const source = { component: "daemonset-controller" };

/** Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
const daemonTolerations: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export function revisionHash(ds: StoredDaemonSet): string {
  return String(fnv1a32(stableStringify(ds.spec?.template ?? {})) % 10_000_000_000)
    .split("")
    .map((d) => "bcdfghjklmnpqrstvwxz2456789"[d.charCodeAt(0) % 27])
    .join("");
}

/** The node a daemon pod is meant for: where it runs, or the node its affinity pins it to before it is scheduled. */
function targetNode(pod: StoredPod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In") return f.values?.[0];
  return undefined;
}

export class DaemonSetController implements Controller {
  readonly name = "daemonset-controller";
  readonly kinds = ["DaemonSet", "Node", "Pod"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    if (e.resource.kind === "DaemonSet") this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (e.resource.kind === "Node")
      for (const ds of this.ctx.store.list("daemonsets"))
        this.queue.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
    else if (e.resource.kind === "Pod") {
      const ref = e.object.metadata.ownerReferences?.find((r) => r.controller && r.kind === "DaemonSet");
      if (ref) this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
    }
  }

  private eligible(ds: StoredDaemonSet, node: StoredNode): boolean {
    const tolerations = [...(ds.spec?.template?.spec?.tolerations ?? []), ...daemonTolerations];
    for (const taint of node.spec?.taints ?? []) {
      if (taint.effect === "PreferNoSchedule") continue;
      if (!tolerates(tolerations, taint)) return false;
    }
    const nodeSelector = ds.spec?.template?.spec?.nodeSelector;
    return !nodeSelector || matchesMap(nodeSelector, node.metadata.labels);
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const ds = this.ctx.store.get("daemonsets", ns, name) as StoredDaemonSet | undefined;
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = revisionHash(ds);
    const generation = String(ds.metadata.generation ?? 1);
    const pods: StoredPod[] = [];
    for (const k of this.ctx.store.byIndex("ownerUid:pods", ds.metadata.uid)) {
      const p = this.ctx.store.getByKey("pods", k) as StoredPod | undefined;
      if (p) pods.push(p);
    }
    const nodes = this.ctx.store.list("nodes") as StoredNode[];
    const podResource = resourceForKind("Pod")!;
    for (const node of nodes) {
      const onNode = pods.filter((p) => targetNode(p) === node.metadata.name && isPodActive(p));
      const shouldRun = this.eligible(ds, node);
      const current = onNode.filter((p) => p.metadata.labels?.["controller-revision-hash"] === hash);
      for (const p of onNode) {
        if (!shouldRun || p.metadata.labels?.["controller-revision-hash"] !== hash || current.indexOf(p) > 0) {
          this.ctx.api.delete(podResource, ns, p.metadata.name);
          this.ctx.events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, source);
        }
      }
      if (shouldRun && current.length === 0) {
        const pod = podFromTemplate(ds.spec?.template, ds, `${ds.metadata.name}-`);
        pod.metadata!.labels = {
          ...(pod.metadata!.labels ?? {}),
          "controller-revision-hash": hash,
          "pod-template-generation": generation,
        };
        const spec = pod.spec!;
        spec.affinity = {
          ...(spec.affinity ?? {}),
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: "metadata.name", operator: "In", values: [node.metadata.name] }] },
              ],
            },
          },
        };
        const existing = spec.tolerations ?? [];
        spec.tolerations = [
          ...existing,
          ...daemonTolerations.filter((t) => !existing.some((e) => e.key === t.key && e.effect === t.effect)),
        ];
        const created = this.ctx.api.create(pod, { namespace: ns });
        if (created.ok)
          this.ctx.events.record(
            ds,
            "Normal",
            "SuccessfulCreate",
            `Created pod: ${created.value.metadata.name}`,
            source,
          );
      }
    }
    this.updateStatus(ds, hash, nodes);
  }

  private updateStatus(ds: StoredDaemonSet, hash: string, nodes: StoredNode[]): void {
    const current = this.ctx.store.get("daemonsets", ds.metadata.namespace, ds.metadata.name) as
      | StoredDaemonSet
      | undefined;
    if (!current) return;
    const pods: StoredPod[] = [];
    for (const k of this.ctx.store.byIndex("ownerUid:pods", ds.metadata.uid)) {
      const p = this.ctx.store.getByKey("pods", k) as StoredPod | undefined;
      if (p && isPodActive(p)) pods.push(p);
    }
    const desired = nodes.filter((n) => this.eligible(current, n) && isNodeReady(n)).length;
    const scheduled = pods.filter((p) => p.spec?.nodeName);
    const ready = scheduled.filter(isPodReady).length;
    const status = {
      currentNumberScheduled: scheduled.length,
      desiredNumberScheduled: desired,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: current.metadata.generation ?? 1,
      updatedNumberScheduled: scheduled.filter((p) => p.metadata.labels?.["controller-revision-hash"] === hash).length,
    };
    if (deepEqual(status, current.status)) return;
    this.ctx.api.updateStatus({ ...current, status });
  }
}
