/**
 * Events as the control plane records them: names, fields, the recorder's aggregation of
 * identical events into one with a count, the scheduler's events.k8s.io/v1 shape, and the
 * API server's one-hour event TTL.
 */
import { describe, expect, it } from "vitest";
import type { StoredEvent, StoredReplicaSet } from "./helpers.ts";
import { eventsFor, list, mustGet, mustOk, newCluster, pod } from "./helpers.ts";

describe("events", () => {
  it("names an event <object>.<nanoseconds in hex> and fills involvedObject, source, timestamps and count", () => {
    const c = newCluster();
    mustOk(
      c.create({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "front" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "front" } },
          template: {
            metadata: { labels: { app: "front" } },
            spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
          },
        },
      }),
    );
    c.settle();
    const rs = mustGet<StoredReplicaSet>(c, "replicasets", "front");
    const [e, ...rest] = eventsFor(c, "ReplicaSet", "front");
    expect(rest).toEqual([]);
    const [p] = list(c, "pods");
    // The recorder's clock reading in nanoseconds, in hex (bumped by a nanosecond when two events share an instant).
    const [prefix, hex] = e!.metadata.name.split(".");
    expect(prefix).toBe("front");
    const nanos = BigInt(`0x${hex}`) - BigInt(c.nowMs) * 1_000_000n;
    expect(nanos >= 0n && nanos < 1000n).toBe(true);
    expect(e).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      metadata: { namespace: "default" },
      involvedObject: {
        kind: "ReplicaSet",
        namespace: "default",
        name: "front",
        uid: rs.metadata.uid,
        apiVersion: "apps/v1",
      },
      reason: "SuccessfulCreate",
      message: `Created pod: ${p!.metadata.name}`,
      source: { component: "replicaset-controller" },
      firstTimestamp: c.now,
      lastTimestamp: c.now,
      count: 1,
      type: "Normal",
      reportingComponent: "replicaset-controller",
      reportingInstance: "",
    });
  });

  // core/v1 Event.eventTime is a MicroTime without omitempty: the API returns `eventTime: null` for recorder events.
  it("returns eventTime: null on events recorded through the core/v1 recorder", () => {
    const c = newCluster();
    mustOk(c.create(pod("web", { image: "nginx:1.27" })));
    c.advance(10);
    const pulling = eventsFor(c, "Pod", "web").find((e) => e.reason === "Pulling")!;
    expect(pulling).toHaveProperty("eventTime", null);
  });

  it("gives two events at the same instant different names", () => {
    const c = newCluster();
    mustOk(c.create(pod("a", { image: "nginx:1.27" })));
    mustOk(c.create(pod("b", { image: "nginx:1.27" })));
    c.advance(10);
    const all = list<StoredEvent>(c, "events");
    expect(new Set(all.map((e) => e.metadata.name)).size).toBe(all.length);
    for (const e of all) expect(e.metadata.name).toMatch(new RegExp(`^${e.involvedObject.name}\\.[0-9a-f]+$`));
  });

  it("aggregates identical events into one, counting them and moving lastTimestamp while firstTimestamp stays", () => {
    const c = newCluster();
    mustOk(c.create(pod("bb", { image: "busybox:1.36" })));
    c.advance(5);
    const first = eventsFor(c, "Pod", "bb").find((e) => e.reason === "BackOff")!;
    expect(first.count).toBe(1);
    c.advance(120);
    const backOffs = eventsFor(c, "Pod", "bb").filter((e) => e.reason === "BackOff");
    expect(backOffs).toHaveLength(1);
    const later = backOffs[0]!;
    expect(later.metadata.name).toBe(first.metadata.name);
    expect(later.count).toBe(4);
    expect(later.firstTimestamp).toBe(first.firstTimestamp);
    expect(Date.parse(later.lastTimestamp!)).toBeGreaterThan(Date.parse(first.lastTimestamp!));
    // Started and Created are counted the same way, one event each.
    const counts = Object.fromEntries(eventsFor(c, "Pod", "bb").map((e) => [e.reason, e.count]));
    expect(counts).toMatchObject({ Created: 5, Started: 5, BackOff: 4 });
  });

  it("keeps events with different messages apart", () => {
    const c = newCluster();
    mustOk(
      c.create({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "front" },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: "front" } },
          template: {
            metadata: { labels: { app: "front" } },
            spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
          },
        },
      }),
    );
    c.settle();
    const events = eventsFor(c, "ReplicaSet", "front");
    expect(events.map((e) => e.count)).toEqual([1, 1, 1]);
    expect(new Set(events.map((e) => e.message)).size).toBe(3);
  });

  // kube-scheduler records through k8s.io/client-go/tools/events (events.k8s.io/v1), which the core/v1 view shows
  // with eventTime set, first/lastTimestamp null, an action, and source {}.
  it("records the scheduler's events in the events.k8s.io/v1 shape", () => {
    const c = newCluster();
    mustOk(c.create(pod("web", { image: "nginx:1.27" })));
    c.advance(2);
    const scheduled = eventsFor(c, "Pod", "web").find((e) => e.reason === "Scheduled")!;
    expect(scheduled).toMatchObject({
      action: "Binding",
      reportingComponent: "default-scheduler",
      reportingInstance: "default-scheduler-kind-control-plane",
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
    });
    expect(scheduled.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  // kube-apiserver --event-ttl defaults to 1h: every write of an event renews a one-hour lease.
  it("lets an event expire an hour after it was last written", () => {
    const c = newCluster();
    mustOk(c.create(pod("web", { image: "nginx:1.27" })));
    c.advance(10);
    const before = eventsFor(c, "Pod", "web").length;
    expect(before).toBe(5);
    c.advance(3600);
    expect(eventsFor(c, "Pod", "web")).toEqual([]);
  });
});
