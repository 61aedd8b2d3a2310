/**
 * Snapshots: `restore` brings back every object byte for byte, and the restored cluster has
 * the same future as the original — timers, back-offs, allocators, names and IPs included.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredPod } from "./helpers.ts";
import { deployment, dumpAll, mustGet, mustOk, newCluster, pod, scale, service, setImage } from "./helpers.ts";

/** A cluster in the middle of things: a rollout under way, a crash loop, a failing pull, a terminating pod. */
function busyCluster(): Cluster {
  const c = newCluster();
  mustOk(c.create(deployment("web", 3)));
  mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }], type: "NodePort" })));
  mustOk(c.create(pod("crash", { image: "busybox:1.36" })));
  mustOk(c.create(pod("bad", { image: "nginx:doesnotexist" })));
  mustOk(c.create(pod("sleeper", { image: "busybox:1.36", command: ["sleep", "3600"] })));
  c.advance(20);
  setImage(c, "web", "nginx:1.25");
  mustOk(c.delete("pods", "sleeper"));
  c.advance(3);
  return c;
}

/** The same actions, whatever cluster they run on. */
function moreActions(c: Cluster): void {
  mustOk(c.create(deployment("api", 2, "busybox:1.36", {}, { command: ["sleep", "3600"] })));
  mustOk(c.create(service("api", { selector: { app: "api" }, ports: [{ port: 8080 }] })));
  c.advance(30);
  scale(c, "web", 5);
  mustOk(c.delete("pods", "crash"));
  c.advance(90);
}

describe("snapshot and restore", () => {
  it("restores every object byte for byte after later changes", () => {
    const c = busyCluster();
    const snap = c.snapshot();
    const atSnapshot = dumpAll(c);
    const time = c.now;
    moreActions(c);
    expect(dumpAll(c)).not.toBe(atSnapshot);
    c.restore(snap);
    expect(c.now).toBe(time);
    expect(dumpAll(c)).toBe(atSnapshot);
  });

  it("replays the same timers after a restore: a crash-looping pod and a failing pull go through the same states at the same times", () => {
    const c = busyCluster();
    const snap = c.snapshot();
    const statusOf = () => ["crash", "bad"].map((n) => JSON.stringify(mustGet<StoredPod>(c, "pods", n).status));
    c.advance(120);
    const original = statusOf();
    const at = c.now;
    c.restore(snap);
    c.advance(120);
    expect(c.now).toBe(at);
    expect(statusOf()).toEqual(original);
  });

  // RandomSource.load replaces its stream objects, but the store, the API server and the allocators keep the ones
  // they were given at construction, so names and UIDs drawn after a restore do not continue from the snapshot.
  it("gives the restored cluster the same future as the original after the same actions", () => {
    const c = busyCluster();
    const snap = c.snapshot();
    moreActions(c);
    const future = dumpAll(c);
    c.restore(snap);
    moreActions(c);
    expect(dumpAll(c)).toBe(future);
  });

  it("can be restored any number of times, each time giving the same future", () => {
    const c = busyCluster();
    const snap = c.snapshot();
    const futures = [0, 1, 2].map(() => {
      c.restore(snap);
      moreActions(c);
      return dumpAll(c);
    });
    expect(new Set(futures).size).toBe(1);
  });

  it("gives an object created after a restore the name and UID the original cluster gave it", () => {
    const a = busyCluster();
    const snap = a.snapshot();
    const original = mustOk(a.create(pod("next", { image: "nginx:1.27" }, { spec: { nodeName: "kind-worker" } }), {}));
    const generated = mustOk(a.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-" } }));
    a.restore(snap);
    const again = mustOk(a.create(pod("next", { image: "nginx:1.27" }, { spec: { nodeName: "kind-worker" } }), {}));
    const generatedAgain = mustOk(a.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-" } }));
    expect([again.metadata.uid, generatedAgain.metadata.name]).toEqual([
      original.metadata.uid,
      generated.metadata.name,
    ]);
  });

  // Restoring into another cluster built with the same seed leaves that cluster's UID stream at its post-boot state,
  // so it hands out again the UIDs the snapshot's objects already carry (and the controllers then loop on the clash).
  it("never gives a new object the UID of an object the restored snapshot holds, even in another cluster", () => {
    const a = busyCluster();
    const snap = a.snapshot();
    const b = newCluster();
    b.restore(snap);
    expect(dumpAll(b)).toBe(dumpAll(a));
    const taken = new Set(b.list("pods").map((p) => p.metadata.uid));
    for (const r of [
      "configmaps",
      "services",
      "replicasets",
      "deployments",
      "endpointslices",
      "events",
      "namespaces",
    ]) {
      for (const o of b.list(r)) taken.add(o.metadata.uid);
    }
    const fresh = [0, 1, 2, 3, 4].map(
      (i) => mustOk(b.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `fresh-${i}` } })).metadata.uid,
    );
    expect(fresh.filter((u) => taken.has(u))).toEqual([]);
  });

  it("gives back released and allocated addresses exactly: a NodePort freed after the snapshot is taken again after restore", () => {
    const c = newCluster();
    const svc = mustOk(c.create(service("np", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] })));
    const snap = c.snapshot();
    mustOk(c.delete("services", "np"));
    c.settle();
    mustOk(c.create(service("other", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] })));
    c.restore(snap);
    const r = c.create(service("other", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.status.message).toBe(
        'Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
      );
    expect(c.get("services", "np").ok).toBe(true);
    expect(svc.metadata.name).toBe("np");
  });
});
