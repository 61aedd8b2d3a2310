/**
 * Determinism: the same seed and the same calls give the same objects, names, IPs, times and
 * watch events; another seed gives other names and addresses. Debug checks stay on
 * throughout (debugFreeze: the control plane never changes a stored object in place, and its
 * own writes are validated).
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredPod, StoredService } from "./helpers.ts";
import { deployment, dumpAll, list, mustGet, mustOk, newCluster, pod, scale, service, setImage } from "./helpers.ts";

function script(c: Cluster): string[] {
  const dumps: string[] = [];
  mustOk(c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }));
  mustOk(c.create(deployment("web", 3)));
  mustOk(c.create(deployment("cart", 2, "busybox:1.36", {}, { command: ["sleep", "3600"] }), { namespace: "shop" }));
  mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }], type: "NodePort" })));
  mustOk(c.create(service("cart", { selector: { app: "cart" }, ports: [{ port: 8080 }] }), { namespace: "shop" }));
  mustOk(c.create(pod("crash", { image: "busybox:1.36" })));
  c.advance(15);
  dumps.push(dumpAll(c));
  setImage(c, "web", "nginx:1.25");
  c.advance(45);
  dumps.push(dumpAll(c));
  scale(c, "web", 1);
  mustOk(c.delete("deployments", "cart", { namespace: "shop" }));
  c.advance(60);
  dumps.push(dumpAll(c));
  return dumps;
}

function watched(c: Cluster): string[] {
  const events: string[] = [];
  c.watch((e) =>
    events.push(
      `${e.type} ${e.resource.resource} ${e.object.metadata.namespace ?? ""}/${e.object.metadata.name} ${e.object.metadata.resourceVersion}`,
    ),
  );
  return events;
}

describe("determinism", () => {
  it("boots with debugFreeze on: the control plane never mutates a stored object and writes only valid objects", () => {
    const c = newCluster();
    expect(list<StoredPod>(c, "pods", "kube-system").every((p) => p.status?.phase === "Running")).toBe(true);
  });

  it("gives two clusters with the same seed and the same actions identical objects and identical watch streams", () => {
    const a = newCluster();
    const b = newCluster();
    expect(dumpAll(b)).toBe(dumpAll(a));
    const ea = watched(a);
    const eb = watched(b);
    const da = script(a);
    const db = script(b);
    expect(db).toEqual(da);
    expect(eb).toEqual(ea);
    expect(ea.length).toBeGreaterThan(100);
  });

  it("gives another seed other generated names, UIDs and ClusterIPs, on the same nodes and pod CIDRs", () => {
    const a = newCluster({ seed: 1 });
    const b = newCluster({ seed: 2 });
    for (const c of [a, b]) {
      mustOk(c.create(deployment("web", 2)));
      mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
      c.advance(10);
    }
    const podNames = (c: Cluster) => list<StoredPod>(c, "pods").map((p) => p.metadata.name);
    expect(podNames(b)).not.toEqual(podNames(a));
    expect(mustGet<StoredService>(b, "services", "web").spec?.clusterIP).not.toBe(
      mustGet<StoredService>(a, "services", "web").spec?.clusterIP,
    );
    expect(mustGet(b, "services", "web").metadata.uid).not.toBe(mustGet(a, "services", "web").metadata.uid);
    // What is not random stays put: node names and addresses, the well-known Service IPs.
    expect(list(b, "nodes", undefined).map((n) => n.metadata.name)).toEqual(
      list(a, "nodes", undefined).map((n) => n.metadata.name),
    );
    expect(mustGet<StoredService>(b, "services", "kube-dns", "kube-system").spec?.clusterIP).toBe("10.96.0.10");
    // The ReplicaSet's name comes from the template, not the seed.
    const rsNames = (c: Cluster) => list(c, "replicasets").map((r) => r.metadata.name);
    expect(rsNames(b)).toEqual(rsNames(a));
  });

  it("assigns dynamic ClusterIPs in the upper band of 10.96.0.0/16 and dynamic NodePorts from 30086 up", () => {
    const c = newCluster();
    for (let i = 0; i < 20; i++) mustOk(c.create(service(`s${i}`, { type: "NodePort", ports: [{ port: 80 }] })));
    for (const s of list<StoredService>(c, "services").filter((x) => x.metadata.name.startsWith("s"))) {
      const [a, b, third, fourth] = s.spec!.clusterIP!.split(".").map(Number);
      expect([a, b]).toEqual([10, 96]);
      expect(third! * 256 + fourth!).toBeGreaterThan(256);
      expect(s.spec!.ports![0]!.nodePort).toBeGreaterThanOrEqual(30086);
      expect(s.spec!.ports![0]!.nodePort).toBeLessThanOrEqual(32767);
    }
  });
});
