import { describe, expect, it } from "vitest";
import type { StoredObject } from "../../../engine/api/object.ts";
import { resourceForKind } from "../../../engine/api/resources.ts";
import { VirtualClock } from "../../../engine/core/clock.ts";
import { RandomSource } from "../../../engine/core/random.ts";
import type { WatchEvent } from "../../../engine/store/store.ts";
import { ObjectStore } from "../../../engine/store/store.ts";

const configmaps = resourceForKind("ConfigMap")!;
const pods = resourceForKind("Pod")!;
const deployments = resourceForKind("Deployment")!;

function newStore() {
  const clock = new VirtualClock(Date.UTC(2025, 8, 1, 9));
  const random = new RandomSource(1);
  const store = new ObjectStore({ clock, names: random.stream("names"), uids: random.stream("uids"), freeze: true });
  const events: WatchEvent[] = [];
  store.watch((e) => events.push(e));
  return { clock, store, events };
}

describe("the object store", () => {
  it("fills in uid, resourceVersion and creationTimestamp on create", () => {
    const { store } = newStore();
    const r = store.create(configmaps, { metadata: { name: "a", namespace: "default" } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.apiVersion).toBe("v1");
    expect(r.value.kind).toBe("ConfigMap");
    expect(r.value.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.value.metadata.resourceVersion).toBe("1");
    expect(r.value.metadata.creationTimestamp).toBe("2025-09-01T09:00:00Z");
  });

  it("generates a name with a five-character suffix from the upstream alphabet", () => {
    const { store } = newStore();
    const r = store.create(pods, { metadata: { generateName: "web-7c5ddbdf54-", namespace: "default" } });
    expect(r.ok && r.value.metadata.name).toMatch(/^web-7c5ddbdf54-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("truncates a long generateName base to 58 characters", () => {
    const { store } = newStore();
    const r = store.create(pods, { metadata: { generateName: `${"a".repeat(70)}-`, namespace: "default" } });
    expect(r.ok && r.value.metadata.name.length).toBe(63);
  });

  it("refuses a second object with the same name as AlreadyExists", () => {
    const { store } = newStore();
    store.create(configmaps, { metadata: { name: "a", namespace: "default" } });
    const r = store.create(configmaps, { metadata: { name: "a", namespace: "default" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.reason).toBe("AlreadyExists");
    expect(r.status.message).toBe('configmaps "a" already exists');
  });

  it("rejects an update with a stale resourceVersion as a Conflict", () => {
    const { store } = newStore();
    const r = store.create(configmaps, { metadata: { name: "a", namespace: "default" } });
    if (!r.ok) throw new Error("setup");
    const first = JSON.parse(JSON.stringify(r.value)) as StoredObject;
    (first as StoredObject & { data?: Record<string, string> }).data = { k: "1" };
    expect(store.update(configmaps, first).ok).toBe(true);
    const stale = JSON.parse(JSON.stringify(r.value)) as StoredObject;
    (stale as StoredObject & { data?: Record<string, string> }).data = { k: "2" };
    const second = store.update(configmaps, stale);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.status.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("does not bump resourceVersion for an update that changes nothing", () => {
    const { store, events } = newStore();
    const r = store.create(configmaps, { metadata: { name: "a", namespace: "default" } });
    if (!r.ok) throw new Error("setup");
    const again = store.update(configmaps, JSON.parse(JSON.stringify(r.value)));
    expect(again.ok && again.value.metadata.resourceVersion).toBe("1");
    expect(events.map((e) => e.type)).toEqual(["ADDED"]);
  });

  it("bumps generation only when the spec changes", () => {
    const { store } = newStore();
    const r = store.create(deployments, {
      metadata: { name: "d", namespace: "default" },
      spec: { replicas: 1 },
    } as never);
    if (!r.ok) throw new Error("setup");
    expect(r.value.metadata.generation).toBe(1);
    const labelled = JSON.parse(JSON.stringify(r.value));
    labelled.metadata.labels = { a: "b" };
    labelled.metadata.resourceVersion = "";
    const u1 = store.update(deployments, labelled);
    expect(u1.ok && u1.value.metadata.generation).toBe(1);
    const scaled = JSON.parse(JSON.stringify(u1.ok ? u1.value : {}));
    scaled.spec.replicas = 3;
    const u2 = store.update(deployments, scaled);
    expect(u2.ok && u2.value.metadata.generation).toBe(2);
  });

  it("marks a pod with a grace period instead of removing it, and removes it on finalizeDelete", () => {
    const { store, events, clock } = newStore();
    store.create(pods, { metadata: { name: "p", namespace: "default" } });
    const marked = store.delete(pods, "default", "p", { gracePeriodSeconds: 30 });
    expect(marked.ok && marked.value.metadata.deletionTimestamp).toBe(clock.rfc3339(clock.nowMs + 30_000));
    expect(marked.ok && marked.value.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.get("pods", "default", "p")).toBeDefined();
    store.finalizeDelete(pods, "default", "p");
    expect(store.get("pods", "default", "p")).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
  });

  it("keeps an object with finalizers until the last one is removed", () => {
    const { store } = newStore();
    store.create(configmaps, { metadata: { name: "a", namespace: "default", finalizers: ["example.com/wait"] } });
    const marked = store.delete(configmaps, "default", "a");
    expect(marked.ok && marked.value.metadata.deletionTimestamp).toBeDefined();
    const current = JSON.parse(JSON.stringify(store.get("configmaps", "default", "a")));
    current.metadata.finalizers = [];
    store.update(configmaps, current);
    expect(store.get("configmaps", "default", "a")).toBeUndefined();
  });

  it("reports NotFound for a missing object on get-like operations", () => {
    const { store } = newStore();
    const r = store.delete(pods, "default", "nope");
    expect(!r.ok && r.status.message).toBe('pods "nope" not found');
  });

  it("lists objects sorted by namespace then name", () => {
    const { store } = newStore();
    for (const [ns, name] of [
      ["b", "x"],
      ["a", "z"],
      ["a", "y"],
    ] as const)
      store.create(configmaps, { metadata: { name, namespace: ns } });
    expect(store.list("configmaps").map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "a/y",
      "a/z",
      "b/x",
    ]);
    expect(store.list("configmaps", "a").length).toBe(2);
  });

  it("maintains indexes through create, update and delete", () => {
    const { store } = newStore();
    store.addIndex("byApp", "pods", (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
    store.create(pods, { metadata: { name: "p", namespace: "default", labels: { app: "web" } } });
    expect([...store.byIndex("byApp", "web")]).toEqual(["default/p"]);
    const relabel = JSON.parse(JSON.stringify(store.get("pods", "default", "p")));
    relabel.metadata.labels.app = "api";
    store.update(pods, relabel);
    expect(store.byIndex("byApp", "web").size).toBe(0);
    expect([...store.byIndex("byApp", "api")]).toEqual(["default/p"]);
    store.delete(pods, "default", "p");
    expect(store.byIndex("byApp", "api").size).toBe(0);
  });

  it("restores a saved state, indexes included", () => {
    const { store } = newStore();
    store.addIndex("byApp", "pods", (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
    store.create(pods, { metadata: { name: "p", namespace: "default", labels: { app: "web" } } });
    const saved = store.save();
    store.delete(pods, "default", "p");
    store.load(saved);
    expect(store.get("pods", "default", "p")?.metadata.name).toBe("p");
    expect([...store.byIndex("byApp", "web")]).toEqual(["default/p"]);
    expect(store.currentResourceVersion).toBe("1");
  });
});
