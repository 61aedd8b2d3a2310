/**
 * The scheduler, reduced to its deterministic core: filter nodes (Ready, schedulable,
 * taints tolerated, nodeSelector and required node affinity matched), then score by the
 * fewest pods already on the node, ties broken by node name. Real kube-scheduler breaks
 * ties at random; the simulation spreads the same way every run instead.
 */
import type { Node, NodeSelectorTerm, Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import { deepClone } from "../core/clone.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import { matchesMap } from "./selectors.ts";

type StoredNode = StoredObject & Mutable<Node>;
type StoredPod = StoredObject & Mutable<Pod>;

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

export function isNodeReady(node: StoredNode): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** NodeResourcesFit: the kubelet's maxPods (110 on kind) is the allocatable `pods` resource. */
function maxPodsOf(node: StoredNode): number {
  return Number(node.status?.allocatable?.pods ?? "110");
}

type Verdict = "fits" | "taint" | "selector" | "unschedulable" | "notready" | "full";

function filterNode(pod: StoredPod, node: StoredNode, podsOnNode: number): Verdict {
  if (!isNodeReady(node)) return "notready";
  if (node.spec?.unschedulable) return "unschedulable";
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect === "PreferNoSchedule") continue;
    if (!tolerates(pod.spec?.tolerations, taint)) return "taint";
  }
  if (pod.spec?.nodeSelector && !matchesMap(pod.spec.nodeSelector, node.metadata.labels)) return "selector";
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !required.nodeSelectorTerms.some((term) => termMatches(term, node))) return "selector";
  if (podsOnNode >= maxPodsOf(node)) return "full";
  return "fits";
}

function termMatches(term: NodeSelectorTerm, node: StoredNode): boolean {
  const labelOk = (term.matchExpressions ?? []).every((e) => {
    const v = node.metadata.labels?.[e.key];
    switch (e.operator) {
      case "In":
        return v !== undefined && (e.values ?? []).includes(v);
      case "NotIn":
        return v === undefined || !(e.values ?? []).includes(v);
      case "Exists":
        return v !== undefined;
      case "DoesNotExist":
        return v === undefined;
      default:
        return false;
    }
  });
  const fieldOk = (term.matchFields ?? []).every((f) =>
    f.key === "metadata.name" && f.operator === "In"
      ? (f.values ?? []).includes(node.metadata.name)
      : f.key === "metadata.name" && f.operator === "NotIn"
        ? !(f.values ?? []).includes(node.metadata.name)
        : false,
  );
  return labelOk && fieldOk && (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0;
}

/** The FailedScheduling summary: `0/3 nodes are available: 1 node(s) had untolerated taint {…}, …`. */
export function unschedulableMessage(
  pod: StoredPod,
  nodes: readonly StoredNode[],
  verdicts: readonly Verdict[],
): string {
  const counts = new Map<string, number>();
  verdicts.forEach((v, i) => {
    let text: string;
    if (v === "taint") {
      const taint = (nodes[i]!.spec?.taints ?? []).find(
        (t) => t.effect !== "PreferNoSchedule" && !tolerates(pod.spec?.tolerations, t),
      )!;
      text = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
    } else if (v === "selector") text = "node(s) didn't match Pod's node affinity/selector";
    else if (v === "unschedulable") text = "node(s) were unschedulable";
    else if (v === "full") text = "Too many pods";
    else text = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
    counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  // FitError sorts the whole "count reason" strings, as strings.
  const parts = [...counts.entries()].map(([t, n]) => `${n} ${t}`).sort();
  const n = nodes.length;
  // Only a node that is merely full could take the pod by preempting others; the rest cannot.
  const full = verdicts.filter((v) => v === "full").length;
  const preemption = [
    ...(full > 0 ? [`${full} No preemption victims found for incoming pod`] : []),
    ...(n - full > 0 ? [`${n - full} Preemption is not helpful for scheduling`] : []),
  ].sort();
  return `0/${n} nodes are available: ${parts.join(", ")}. preemption: 0/${n} nodes are available: ${preemption.join(", ")}.`;
}

export class Scheduler implements Controller {
  readonly name = "default-scheduler";
  readonly kinds = ["Node", "Pod"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;
  /** Pods bound per node, kept incrementally so scoring never scans all pods. */
  private readonly podsPerNode = new Map<string, number>();
  /** Nodes sorted by name, rebuilt when a node changes. */
  private nodesCache: StoredNode[] | undefined;
  /**
   * Filter verdicts that do not depend on load (readiness, taints, selectors, affinity),
   * per scheduling signature of a pod; cleared when a node changes. Pods of one template
   * share a signature, so 10,000 pods are filtered against the nodes a handful of times.
   */
  private readonly verdictCache = new Map<string, Verdict[]>();
  /** Pods that did not fit; retried whenever a node changes. */
  private readonly unschedulable = new Set<string>();

  /** The scheduler records through events.k8s.io/v1. */
  private readonly binding;
  private readonly scheduling;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    const instance = `default-scheduler-${ctx.controlPlaneNode}`;
    this.binding = { component: "default-scheduler", newApi: { action: "Binding", instance } };
    this.scheduling = { component: "default-scheduler", newApi: { action: "Scheduling", instance } };
  }

  resync(): void {
    this.nodesCache = undefined;
    this.verdictCache.clear();
    this.podsPerNode.clear();
    this.unschedulable.clear();
    for (const p of this.ctx.store.list("pods") as StoredPod[]) {
      if (p.spec?.nodeName) this.podsPerNode.set(p.spec.nodeName, (this.podsPerNode.get(p.spec.nodeName) ?? 0) + 1);
      else if (!p.metadata.deletionTimestamp) this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
    }
  }

  observe(e: WatchEvent): void {
    if (e.resource.kind === "Node") {
      this.nodesCache = undefined;
      this.verdictCache.clear();
      for (const key of [...this.unschedulable].sort()) this.queue.add(key);
      return;
    }
    if (e.resource.kind !== "Pod") return;
    const pod = e.object as StoredPod;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const oldNode = (e.old as StoredPod | undefined)?.spec?.nodeName;
    const node = pod.spec?.nodeName;
    if (e.type === "DELETED") {
      if (node) this.bump(node, -1);
      this.unschedulable.delete(key);
      for (const k of [...this.unschedulable].sort()) this.queue.add(k);
      return;
    }
    if (node && node !== oldNode) this.bump(node, 1);
    if (
      !node &&
      !pod.metadata.deletionTimestamp &&
      (pod.spec?.schedulerName ?? "default-scheduler") === "default-scheduler"
    )
      this.queue.add(key);
  }

  private bump(node: string, by: number): void {
    this.podsPerNode.set(node, Math.max(0, (this.podsPerNode.get(node) ?? 0) + by));
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const pod = this.ctx.store.get("pods", ns, name) as StoredPod | undefined;
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) {
      this.unschedulable.delete(key);
      return;
    }
    this.nodesCache ??= this.ctx.store.list("nodes") as StoredNode[];
    const nodes = this.nodesCache;
    const signature = JSON.stringify([pod.spec?.tolerations, pod.spec?.nodeSelector, pod.spec?.affinity?.nodeAffinity]);
    let fixed = this.verdictCache.get(signature);
    if (!fixed) {
      fixed = nodes.map((n) => filterNode(pod, n, 0));
      if (this.verdictCache.size > 10_000) this.verdictCache.clear();
      this.verdictCache.set(signature, fixed);
    }
    const verdicts = fixed.map((v, i) =>
      v === "fits" && (this.podsPerNode.get(nodes[i]!.metadata.name) ?? 0) >= maxPodsOf(nodes[i]!) ? "full" : v,
    );
    const fitting = nodes.filter((_, i) => verdicts[i] === "fits");
    if (fitting.length === 0) {
      const wasUnschedulable = this.unschedulable.has(key);
      this.unschedulable.add(key);
      const message = unschedulableMessage(pod, nodes, verdicts);
      const cond = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
      if (!wasUnschedulable || cond?.message !== message) {
        this.ctx.events.record(pod, "Warning", "FailedScheduling", message, this.scheduling);
        const next = deepClone(pod);
        next.status = {
          ...(next.status ?? {}),
          conditions: [
            {
              type: "PodScheduled",
              status: "False",
              lastProbeTime: null as unknown as string,
              lastTransitionTime: this.ctx.clock.rfc3339(),
              reason: "Unschedulable",
              message,
            },
          ],
        };
        this.ctx.api.updateStatus(next);
      }
      return;
    }
    this.unschedulable.delete(key);
    let best = fitting[0]!;
    for (const n of fitting) {
      const a = this.podsPerNode.get(n.metadata.name) ?? 0;
      const b = this.podsPerNode.get(best.metadata.name) ?? 0;
      if (a < b) best = n;
    }
    this.bind(pod, best.metadata.name);
  }

  /** The pods/binding subresource: nodeName and the PodScheduled condition in one write. */
  private bind(pod: StoredPod, nodeName: string): void {
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled"),
      {
        type: "PodScheduled",
        status: "True",
        lastProbeTime: null as unknown as string,
        lastTransitionTime: this.ctx.clock.rfc3339(),
      },
    ];
    const bound = {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: "" },
      spec: { ...pod.spec!, nodeName },
      status: { ...(pod.status ?? {}), conditions },
    };
    // Binding sets nodeName without counting as a spec change: generation stays.
    const updated = this.ctx.store.update(resourceForKind("Pod")!, bound as StoredObject, { keepGeneration: true });
    if (!updated.ok) return;
    this.ctx.events.record(
      pod,
      "Normal",
      "Scheduled",
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      this.binding,
    );
  }
}
