/**
 * The default scheduler: spreading over the workers, the control-plane taint, nodeSelector,
 * the kubelet's 110-pod limit, and what an unschedulable pod shows (PodScheduled False and
 * a FailedScheduling event with kube-scheduler's summary text).
 */
import type { Node } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredPod } from "./helpers.ts";
import { change, deployment, eventsFor, isReady, mustGet, mustOk, newCluster, pod, podsIn, scale } from "./helpers.ts";

const scheduledCondition = (p: StoredPod) => p.status?.conditions?.find((x) => x.type === "PodScheduled");
const byNode = (c: Cluster) => {
  const counts: Record<string, number> = {};
  for (const p of podsIn(c)) {
    const n = p.spec?.nodeName ?? "<none>";
    counts[n] = (counts[n] ?? 0) + 1;
  }
  return counts;
};

/** kube-scheduler joins "<count> <reason>" strings sorted as strings (FitError.Error). Trailing dots vary by version. */
const normaliseDots = (m: string | undefined) => m?.replace(/\.\.$/, ".");

describe("scheduler", () => {
  it("spreads a Deployment's pods evenly over the two workers and puts none on the tainted control plane", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 6)));
    c.advance(10);
    const counts = byNode(c);
    expect(Object.keys(counts).sort()).toEqual(["kind-worker", "kind-worker2"]);
    expect(Math.abs(counts["kind-worker"]! - counts["kind-worker2"]!)).toBeLessThanOrEqual(1);
    for (const p of podsIn(c)) {
      expect(scheduledCondition(p)).toEqual({
        type: "PodScheduled",
        status: "True",
        observedGeneration: p.metadata.generation,
        lastProbeTime: null,
        lastTransitionTime: p.metadata.creationTimestamp,
      });
      expect(
        eventsFor(c, "Pod", p.metadata.name)
          .filter((e) => e.reason === "Scheduled")
          .map((e) => [e.type, e.message, e.reportingComponent]),
      ).toEqual([
        ["Normal", `Successfully assigned default/${p.metadata.name} to ${p.spec?.nodeName}`, "default-scheduler"],
      ]);
    }
  });

  // The pods/binding subresource writes nodeName and PodScheduled straight to storage, not through the pod
  // strategy's PrepareForUpdate, so binding does not count as a spec change.
  it("binds a pod without bumping its metadata.generation", () => {
    const c = newCluster();
    mustOk(c.create(pod("p", { image: "nginx:1.27" })));
    c.advance(10);
    const p = mustGet<StoredPod>(c, "pods", "p");
    expect(p.spec?.nodeName).toBeDefined();
    expect(p.metadata.generation).toBe(1);
    // observedGeneration is v1.34 (PodObservedGenerationTracking), newer than the typings.
    expect((p.status as { observedGeneration?: number } | undefined)?.observedGeneration).toBe(1);
  });

  it("leaves a pod whose nodeSelector no node matches Pending with PodScheduled False / Unschedulable and a FailedScheduling warning", () => {
    const c = newCluster();
    mustOk(c.create(pod("picky", { image: "nginx:1.27" }, { spec: { nodeSelector: { disktype: "ssd" } } })));
    c.advance(30);
    const p = mustGet<StoredPod>(c, "pods", "picky");
    expect(p.spec?.nodeName).toBeUndefined();
    expect(p.status?.phase).toBe("Pending");
    expect(scheduledCondition(p)).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
    expect(eventsFor(c, "Pod", "picky").map((e) => [e.type, e.reason, e.reportingComponent])).toEqual([
      ["Warning", "FailedScheduling", "default-scheduler"],
    ]);
  });

  // FitError.Error sorts "<count> <reason>" strings, so "1 node(s) had untolerated taint…" comes before "2 node(s) didn't match…".
  it("explains the nodeSelector mismatch the way kube-scheduler does, reasons sorted by their counted text", () => {
    const c = newCluster();
    mustOk(c.create(pod("picky", { image: "nginx:1.27" }, { spec: { nodeSelector: { disktype: "ssd" } } })));
    c.advance(5);
    const expected =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(normaliseDots(scheduledCondition(mustGet<StoredPod>(c, "pods", "picky"))?.message)).toBe(expected);
    expect(eventsFor(c, "Pod", "picky").map((e) => normaliseDots(e.message))).toEqual([expected]);
  });

  it("schedules the waiting pod as soon as a node gets the label its nodeSelector asks for", () => {
    const c = newCluster();
    mustOk(c.create(pod("picky", { image: "nginx:1.27" }, { spec: { nodeSelector: { disktype: "ssd" } } })));
    c.advance(5);
    change<Node>(
      c,
      "nodes",
      "kind-worker2",
      (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata!.labels, disktype: "ssd" } } }),
      "",
    );
    c.advance(10);
    const p = mustGet<StoredPod>(c, "pods", "picky");
    expect(p.spec?.nodeName).toBe("kind-worker2");
    expect(scheduledCondition(p)).toMatchObject({ type: "PodScheduled", status: "True" });
    expect(isReady(p)).toBe(true);
    expect(
      eventsFor(c, "Pod", "picky")
        .map((e) => e.reason)
        .slice(0, 2),
    ).toEqual(["FailedScheduling", "Scheduled"]);
  });

  it("places a pod on the control plane only when it tolerates the control-plane taint", () => {
    const c = newCluster();
    const toControlPlane = { nodeSelector: { "node-role.kubernetes.io/control-plane": "" } };
    mustOk(c.create(pod("plain", { image: "nginx:1.27" }, { spec: toControlPlane })));
    mustOk(
      c.create(
        pod(
          "tolerant",
          { image: "nginx:1.27" },
          {
            spec: {
              ...toControlPlane,
              tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
            },
          },
        ),
      ),
    );
    c.advance(10);
    expect(mustGet<StoredPod>(c, "pods", "plain").spec?.nodeName).toBeUndefined();
    expect(mustGet<StoredPod>(c, "pods", "tolerant").spec?.nodeName).toBe("kind-control-plane");
  });

  it("runs every pod on the control plane of a one-node cluster, which kind leaves untainted", () => {
    const c = newCluster({ nodes: 1 });
    mustOk(c.create(deployment("web", 2)));
    c.advance(10);
    expect(byNode(c)).toEqual({ "kind-control-plane": 2 });
  });

  it("does not schedule a pod that names its node, nor one that asks for another scheduler", () => {
    const c = newCluster();
    mustOk(c.create(pod("pinned", { image: "nginx:1.27" }, { spec: { nodeName: "kind-worker2" } })));
    mustOk(c.create(pod("custom", { image: "nginx:1.27" }, { spec: { schedulerName: "my-scheduler" } })));
    c.advance(10);
    expect(mustGet<StoredPod>(c, "pods", "pinned").status?.phase).toBe("Running");
    expect(eventsFor(c, "Pod", "pinned").map((e) => e.reason)).not.toContain("Scheduled");
    const custom = mustGet<StoredPod>(c, "pods", "custom");
    expect(custom.spec?.nodeName).toBeUndefined();
    expect(custom.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    expect(eventsFor(c, "Pod", "custom")).toEqual([]);
  });

  describe("the kubelet's limit of 110 pods per node", () => {
    function fill(): Cluster {
      // One worker: 110 pods minus kindnet and kube-proxy leaves room for 108.
      const c = newCluster({ nodes: 2 });
      mustOk(c.create(deployment("many", 112)));
      c.advance(10);
      return c;
    }

    it("leaves the pods that do not fit Pending once the only worker runs 110 pods", () => {
      const c = fill();
      expect(byNode(c)).toEqual({ "kind-worker": 108, "<none>": 4 });
      expect(c.list("pods").filter((p) => (p as StoredPod).spec?.nodeName === "kind-worker")).toHaveLength(110);
      const pending = podsIn(c).filter((p) => !p.spec?.nodeName);
      for (const p of pending) {
        expect(p.status?.phase).toBe("Pending");
        expect(scheduledCondition(p)).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
        expect(scheduledCondition(p)?.message).toMatch(
          /^0\/2 nodes are available: 1 Too many pods, 1 node\(s\) had untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}\. /,
        );
      }
    });

    // No pod has a lower priority than the new one, so preemption finds no victims on the full worker.
    it("says preemption found no victims on the full worker", () => {
      const c = fill();
      const pending = podsIn(c).filter((p) => !p.spec?.nodeName);
      expect(pending.map((p) => normaliseDots(scheduledCondition(p)?.message))).toEqual(
        Array(4).fill(
          "0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
        ),
      );
    });

    it("drops the unscheduled pods first when the Deployment is scaled down to what fits", () => {
      const c = fill();
      const running = podsIn(c)
        .filter((p) => p.spec?.nodeName)
        .map((p) => p.metadata.name);
      scale(c, "many", 108);
      c.advance(5);
      expect(byNode(c)).toEqual({ "kind-worker": 108 });
      expect(podsIn(c).map((p) => p.metadata.name)).toEqual(running);
    });
  });
});
