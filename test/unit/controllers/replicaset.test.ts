/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeping spec.replicas active pods,
 * adopting and releasing pods by selector, and the status counts (minReadySeconds included).
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { Manifest, StoredPod, StoredReplicaSet } from "./helpers.ts";
import {
  change,
  eventsFor,
  isReady,
  mustGet,
  mustOk,
  names,
  newCluster,
  pod,
  podsIn,
  suffixPattern,
} from "./helpers.ts";

function replicaSet(name: string, replicas: number, extra: Manifest = {}): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } },
      ...extra,
    },
  };
}

const rs = (c: Cluster, name: string) => mustGet<ReplicaSet>(c, "replicasets", name) as StoredReplicaSet;
const ownerNames = (p: StoredPod) => (p.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);

describe("ReplicaSet", () => {
  it("creates spec.replicas pods named <replicaset>-<five random characters> and reports them in status", () => {
    const c = newCluster();
    const created = mustOk(c.create(replicaSet("front", 3)));
    c.advance(10);
    const pods = podsIn(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^front-${suffixPattern}$`));
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "front",
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(rs(c, "front").status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(
      eventsFor(c, "ReplicaSet", "front")
        .map((e) => `${e.type} ${e.reason} ${e.message} ${e.source?.component}`)
        .sort(),
    ).toEqual(names(pods).map((n) => `Normal SuccessfulCreate Created pod: ${n} replicaset-controller`));
  });

  it("replaces a deleted pod at once, without waiting for it to finish terminating", () => {
    const c = newCluster();
    mustOk(c.create(replicaSet("front", 2)));
    c.advance(10);
    const [victim, survivor] = names(podsIn(c));
    mustOk(c.delete("pods", victim!));
    c.settle();
    const now = podsIn(c);
    expect(now).toHaveLength(3);
    expect(now.find((p) => p.metadata.name === victim)?.metadata.deletionTimestamp).toBeDefined();
    const replacement = names(now).find((n) => n !== victim && n !== survivor);
    expect(replacement).toMatch(new RegExp(`^front-${suffixPattern}$`));
    c.advance(10);
    expect(names(podsIn(c)).sort()).toEqual([replacement!, survivor!].sort());
  });

  it("adopts a running orphan pod whose labels match and creates only the missing pods", () => {
    const c = newCluster();
    mustOk(c.create(pod("stray", { image: "nginx:1.27" }, { labels: { app: "front" } })));
    c.advance(5);
    const set = mustOk(c.create(replicaSet("front", 2)));
    c.advance(5);
    const pods = podsIn(c);
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata.name === "stray")!;
    expect(stray.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: "front",
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const other = pods.find((p) => p.metadata.name !== "stray")!;
    expect(eventsFor(c, "ReplicaSet", "front").map((e) => e.message)).toEqual([`Created pod: ${other.metadata.name}`]);
  });

  it("leaves a finished orphan pod alone and creates a new pod instead", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod(
          "done",
          { image: "busybox:1.36", command: ["true"] },
          { labels: { app: "front" }, spec: { restartPolicy: "Never" } },
        ),
      ),
    );
    c.advance(10);
    expect(mustGet<StoredPod>(c, "pods", "done").status?.phase).toBe("Succeeded");
    mustOk(c.create(replicaSet("front", 1)));
    c.advance(5);
    const pods = podsIn(c);
    expect(pods).toHaveLength(2);
    expect(ownerNames(pods.find((p) => p.metadata.name === "done")!)).toEqual([]);
    expect(ownerNames(pods.find((p) => p.metadata.name !== "done")!)).toEqual(["ReplicaSet/front"]);
  });

  // ClaimPods releases owned pods whose labels stop matching the selector (the "quarantine a pod" trick).
  it("releases a pod whose labels no longer match the selector and creates a replacement", () => {
    const c = newCluster();
    mustOk(c.create(replicaSet("front", 2)));
    c.advance(10);
    const [quarantined] = names(podsIn(c));
    change<StoredPod>(c, "pods", quarantined!, (p) => ({
      ...p,
      metadata: { ...p.metadata, labels: { app: "debug" } },
    }));
    c.advance(10);
    const pods = podsIn(c);
    expect(pods).toHaveLength(3);
    expect(ownerNames(pods.find((p) => p.metadata.name === quarantined)!)).toEqual([]);
    expect(pods.filter((p) => p.metadata.labels?.app === "front").map(ownerNames)).toEqual([
      ["ReplicaSet/front"],
      ["ReplicaSet/front"],
    ]);
  });

  it("scales down to zero by deleting every pod, reporting each with SuccessfulDelete", () => {
    const c = newCluster();
    mustOk(c.create(replicaSet("front", 2)));
    c.advance(10);
    const before = names(podsIn(c));
    change<ReplicaSet>(c, "replicasets", "front", (r) => ({ ...r, spec: { ...r.spec!, replicas: 0 } }));
    c.advance(5);
    expect(podsIn(c)).toEqual([]);
    expect(
      eventsFor(c, "ReplicaSet", "front")
        .filter((e) => e.reason === "SuccessfulDelete")
        .map((e) => e.message)
        .sort(),
    ).toEqual(before.map((n) => `Deleted pod: ${n}`));
    expect(rs(c, "front").status).toEqual({ replicas: 0, observedGeneration: 2 });
  });

  it("counts a ready pod as available only after minReadySeconds", () => {
    const c = newCluster();
    mustOk(c.create(replicaSet("front", 1, { minReadySeconds: 10 })));
    const ready = c.waitFor(() => podsIn(c).some(isReady), { timeoutSeconds: 30 });
    expect(ready).toBe(true);
    expect(rs(c, "front").status).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      observedGeneration: 1,
    });
    c.advance(9);
    expect(rs(c, "front").status?.availableReplicas).toBeUndefined();
    c.advance(2);
    expect(rs(c, "front").status).toEqual({
      replicas: 1,
      fullyLabeledReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    });
  });

  it("counts pods missing a template label in replicas but not in fullyLabeledReplicas", () => {
    const c = newCluster();
    mustOk(
      c.create(
        replicaSet("front", 1, {
          template: {
            metadata: { labels: { app: "front", tier: "web" } },
            spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
          },
        }),
      ),
    );
    c.advance(10);
    const [p] = podsIn(c);
    change<StoredPod>(c, "pods", p!.metadata.name, (x) => ({
      ...x,
      metadata: { ...x.metadata, labels: { app: "front" } },
    }));
    c.advance(5);
    expect(rs(c, "front").status).toEqual({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    });
  });
});
