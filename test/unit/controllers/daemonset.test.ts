/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, pinned by
 * node affinity, with the daemon tolerations; status counts.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { Manifest, StoredDaemonSet } from "./helpers.ts";
import { change, eventsFor, isReady, mustGet, mustOk, newCluster, podsIn, suffixPattern } from "./helpers.ts";

function daemonSet(name: string, podSpec: Manifest = {}): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "agent", image: "busybox:1.36", command: ["sleep", "3600"] }], ...podSpec },
      },
    },
  };
}

const ds = (c: Cluster, name: string) => mustGet<DaemonSet>(c, "daemonsets", name) as StoredDaemonSet;
const placement = (c: Cluster) =>
  podsIn(c)
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.spec?.nodeName)
    .sort();

const daemonTolerations = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

describe("DaemonSet", () => {
  it("runs exactly one pod on each worker and none on the tainted control plane", () => {
    const c = newCluster();
    const created = mustOk(c.create(daemonSet("agent")));
    c.advance(10);
    expect(placement(c)).toEqual(["kind-worker", "kind-worker2"]);
    for (const p of podsIn(c)) {
      expect(p.metadata.name).toMatch(new RegExp(`^agent-${suffixPattern}$`));
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "DaemonSet",
          name: "agent",
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(Object.keys(p.metadata.labels!).sort()).toEqual([
        "app",
        "controller-revision-hash",
        "pod-template-generation",
      ]);
      expect(p.metadata.labels!["pod-template-generation"]).toBe("1");
      expect(p.spec?.affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: "metadata.name", operator: "In", values: [p.spec?.nodeName] }] },
            ],
          },
        },
      });
      expect(p.spec?.tolerations).toEqual(daemonTolerations);
      expect(isReady(p)).toBe(true);
    }
    expect(ds(c, "agent").status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
    expect(eventsFor(c, "DaemonSet", "agent").map((e) => e.reason)).toEqual(["SuccessfulCreate", "SuccessfulCreate"]);
  });

  it("also runs on the control plane when the pods tolerate its NoSchedule taint", () => {
    const c = newCluster();
    mustOk(
      c.create(
        daemonSet("agent", {
          tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
        }),
      ),
    );
    c.advance(10);
    expect(placement(c)).toEqual(["kind-control-plane", "kind-worker", "kind-worker2"]);
    expect(ds(c, "agent").status).toMatchObject({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberReady: 3,
    });
  });

  it("runs only on the nodes its nodeSelector matches", () => {
    const c = newCluster();
    mustOk(c.create(daemonSet("agent", { nodeSelector: { "kubernetes.io/hostname": "kind-worker2" } })));
    c.advance(10);
    expect(placement(c)).toEqual(["kind-worker2"]);
    expect(ds(c, "agent").status).toMatchObject({
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberReady: 1,
    });
  });

  it("runs on the only node of a one-node cluster, whose control plane kind leaves untainted", () => {
    const c = newCluster({ nodes: 1 });
    mustOk(c.create(daemonSet("agent")));
    c.advance(10);
    expect(placement(c)).toEqual(["kind-control-plane"]);
  });

  it("puts a new pod on the same node when its daemon pod is deleted", () => {
    const c = newCluster();
    mustOk(c.create(daemonSet("agent")));
    c.advance(10);
    const victim = podsIn(c).find((p) => p.spec?.nodeName === "kind-worker")!.metadata.name;
    mustOk(c.delete("pods", victim, { gracePeriodSeconds: 0 }));
    c.advance(10);
    expect(placement(c)).toEqual(["kind-worker", "kind-worker2"]);
    expect(podsIn(c).map((p) => p.metadata.name)).not.toContain(victim);
  });

  it("replaces its pods when the template changes, labelling the new ones with the next pod-template-generation", () => {
    const c = newCluster();
    mustOk(c.create(daemonSet("agent")));
    c.advance(10);
    const before = podsIn(c).map((p) => p.metadata.name);
    change<DaemonSet>(c, "daemonsets", "agent", (d) => {
      const copy = structuredClone(d) as {
        spec: { template: { spec: { containers: { image: string }[] } } };
      } & DaemonSet;
      copy.spec.template.spec.containers[0]!.image = "busybox:1.37";
      return copy;
    });
    c.advance(60);
    const after = podsIn(c);
    expect(after.map((p) => p.metadata.name).filter((n) => before.includes(n))).toEqual([]);
    expect(
      after
        .map((p) => [p.spec?.nodeName, p.spec?.containers[0]?.image, p.metadata.labels!["pod-template-generation"]])
        .sort(),
    ).toEqual([
      ["kind-worker", "busybox:1.37", "2"],
      ["kind-worker2", "busybox:1.37", "2"],
    ]);
    expect(ds(c, "agent").status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 2, numberReady: 2 });
  });
});
