/**
 * The garbage collector (pkg/controller/garbagecollector) and the delete propagation
 * policies: Background cascades after the owner is gone, Orphan strips ownerReferences,
 * Foreground keeps the owner (deletionTimestamp + foregroundDeletion finalizer) until its
 * blocking dependents are gone.
 */
import { describe, expect, it } from "vitest";
import type { Cluster, WatchEvent } from "../../../engine/index.ts";
import type { StoredDeployment, StoredPod, StoredReplicaSet } from "./helpers.ts";
import { deployment, list, mustGet, mustOk, names, newCluster, podsIn } from "./helpers.ts";

/** A Deployment of two pods whose containers ignore SIGTERM, so they take their whole 30 s grace period. */
function setUp(): { c: Cluster; rs: string; pods: string[] } {
  const c = newCluster();
  mustOk(c.create(deployment("web", 2, "busybox:1.36", {}, { command: ["sleep", "3600"] })));
  c.advance(10);
  return { c, rs: names(list<StoredReplicaSet>(c, "replicasets"))[0]!, pods: names(podsIn(c)) };
}

function record(c: Cluster): string[] {
  const log: string[] = [];
  c.watch((e: WatchEvent) => {
    if (!["Deployment", "ReplicaSet", "Pod"].includes(e.resource.kind) || e.object.metadata.namespace !== "default")
      return;
    if (e.type === "DELETED") log.push(`${e.resource.kind} deleted`);
  });
  return log;
}

describe("garbage collection", () => {
  it("with Background propagation deletes the Deployment at once, then its ReplicaSet, then the ReplicaSet's pods", () => {
    const { c, rs, pods } = setUp();
    const log = record(c);
    const deleted = mustOk(c.delete("deployments", "web"));
    expect(deleted.metadata.finalizers).toBeUndefined();
    c.settle();
    expect(c.get("deployments", "web").ok).toBe(false);
    expect(c.get("replicasets", rs).ok).toBe(false);
    // The pods are terminating: marked, still there for their grace period.
    expect(podsIn(c).map((p) => [p.metadata.name, p.metadata.deletionGracePeriodSeconds])).toEqual(
      pods.map((n) => [n, 30]),
    );
    c.advance(29);
    expect(names(podsIn(c))).toEqual(pods);
    c.advance(2);
    expect(podsIn(c)).toEqual([]);
    expect(log).toEqual(["Deployment deleted", "ReplicaSet deleted", "Pod deleted", "Pod deleted"]);
  });

  it("with Orphan propagation removes the Deployment and strips its ownerReference from the ReplicaSet, leaving the pods running", () => {
    const { c, rs, pods } = setUp();
    const marked = mustOk(c.delete("deployments", "web", { propagationPolicy: "Orphan" })) as StoredDeployment;
    expect(marked.metadata.finalizers).toEqual(["orphan"]);
    expect(marked.metadata.deletionTimestamp).toBe(c.now);
    c.advance(60);
    expect(c.get("deployments", "web").ok).toBe(false);
    const orphan = mustGet<StoredReplicaSet>(c, "replicasets", rs);
    expect(orphan.metadata.ownerReferences).toBeUndefined();
    expect(orphan.spec?.replicas).toBe(2);
    expect(names(podsIn(c))).toEqual(pods);
    expect(podsIn(c).map((p) => [p.status?.phase, p.metadata.ownerReferences?.map((r) => r.name)])).toEqual([
      ["Running", [rs]],
      ["Running", [rs]],
    ]);
  });

  it("with Foreground propagation keeps the Deployment, marked and finalized, until its ReplicaSet and pods are gone", () => {
    const { c, rs } = setUp();
    const log = record(c);
    const marked = mustOk(c.delete("deployments", "web", { propagationPolicy: "Foreground" })) as StoredDeployment;
    expect(marked.metadata.finalizers).toEqual(["foregroundDeletion"]);
    c.settle();
    const d = mustGet<StoredDeployment>(c, "deployments", "web");
    expect([d.metadata.deletionTimestamp, d.metadata.finalizers]).toEqual([
      marked.metadata.deletionTimestamp,
      ["foregroundDeletion"],
    ]);
    const set = mustGet<StoredReplicaSet>(c, "replicasets", rs);
    expect(set.metadata.deletionTimestamp).toBeDefined();
    expect(set.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(podsIn(c).every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    c.advance(25);
    expect(c.get("deployments", "web").ok).toBe(true);
    c.advance(10);
    expect(c.get("deployments", "web").ok).toBe(false);
    expect(list(c, "replicasets")).toEqual([]);
    expect(podsIn(c)).toEqual([]);
    expect(log).toEqual(["Pod deleted", "Pod deleted", "ReplicaSet deleted", "Deployment deleted"]);
  });

  // attemptToDeleteItem deletes a dependent that has no dependents of its own with its own (Background) policy.
  it("does not put the foregroundDeletion finalizer on pods, which have no dependents", () => {
    const { c } = setUp();
    const finalized: string[] = [];
    c.watch((e) => {
      if (e.resource.kind === "Pod" && (e.object.metadata.finalizers ?? []).length > 0)
        finalized.push(e.object.metadata.name);
    });
    mustOk(c.delete("deployments", "web", { propagationPolicy: "Foreground" }));
    c.advance(40);
    expect(finalized).toEqual([]);
  });

  it("collects an object created with an ownerReference to an owner that no longer exists", () => {
    const c = newCluster();
    const cm = mustOk(c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner" } }));
    mustOk(c.delete("configmaps", "owner"));
    mustOk(
      c.create({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "dependent",
          ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: cm.metadata.uid }],
        },
      }),
    );
    c.settle();
    expect(c.get("configmaps", "dependent").ok).toBe(false);
  });

  it("keeps a dependent that still has another owner, dropping only the reference to the deleted one", () => {
    const c = newCluster();
    const a = mustOk(c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }));
    const b = mustOk(c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" } }));
    const refA = { apiVersion: "v1", kind: "ConfigMap", name: "a", uid: a.metadata.uid };
    const refB = { apiVersion: "v1", kind: "ConfigMap", name: "b", uid: b.metadata.uid };
    mustOk(
      c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shared", ownerReferences: [refA, refB] } }),
    );
    mustOk(c.delete("configmaps", "a"));
    c.settle();
    expect(mustGet(c, "configmaps", "shared").metadata.ownerReferences).toEqual([refB]);
    mustOk(c.delete("configmaps", "b"));
    c.settle();
    expect(c.get("configmaps", "shared").ok).toBe(false);
  });

  it("leaves a pod that nothing owns untouched by a neighbouring cascade", () => {
    const { c } = setUp();
    mustOk(
      c.create({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "bare", labels: { app: "other" } },
        spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
      }),
    );
    c.advance(5);
    mustOk(c.delete("deployments", "web"));
    c.advance(40);
    expect(names(podsIn(c))).toEqual(["bare"]);
    expect((podsIn(c)[0] as StoredPod).metadata.deletionTimestamp).toBeUndefined();
  });
});
