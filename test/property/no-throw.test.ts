/**
 * Property 1: nothing a caller passes makes a public Cluster method throw. User mistakes
 * come back as values (an ApiStatus, a SettleResult); a thrown error — a KubookBug
 * included — is a failure of the engine.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cluster, ClusterOptions, DeleteOptions, ListOptions, WriteOptions } from "../../engine/index.ts";
import { resolveClusterOptions, resources } from "../../engine/index.ts";
import { hostileOp, mutatedObject, opResources, weirdValue } from "./arbitraries.ts";
import { fcParams, newCluster, runOp } from "./harness.ts";

/** Every way to name a resource that a caller might try, sensible or not. */
const resourceName = fc.oneof(
  fc.constantFrom(...resources.flatMap((r) => [r.resource, r.kind, r.singular, ...r.shortNames])),
  fc.constantFrom("", "pod ", "PODS", "constructor", "__proto__", "toString", "hasOwnProperty", "deployments.apps"),
  fc.string({ maxLength: 12 }),
);

/** Anything at all where a string or an options object is expected (the API is called from JavaScript too). */
const anyName = fc.oneof(
  fc.constantFrom("a", "web", "coredns", "kube-dns", "kubernetes", "default", "kind-worker", ""),
  fc.constantFrom("kube-system/kube-dns", "default/kubernetes", "../x", "a\u0000b", "x".repeat(300)),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);

const anyWriteOpts = fc.oneof(
  fc.record({ namespace: fc.oneof(anyName, weirdValue), dryRun: fc.oneof(fc.boolean(), weirdValue) }, { requiredKeys: [] }),
  fc.constant(undefined),
  fc.constant({}),
) as fc.Arbitrary<WriteOptions | undefined>;

const anyDeleteOpts = fc.record(
  {
    namespace: fc.oneof(anyName, weirdValue),
    gracePeriodSeconds: fc.oneof(fc.integer({ min: -10, max: 100 }), weirdValue),
    propagationPolicy: fc.oneof(fc.constantFrom("Background", "Foreground", "Orphan", "orphan", ""), weirdValue),
    dryRun: fc.oneof(fc.boolean(), weirdValue),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<DeleteOptions & ListOptions>;

/** One call of a public method with hostile arguments; returns nothing, may not throw. */
type Call = (cluster: Cluster) => unknown;

const call: fc.Arbitrary<Call> = fc.oneof(
  hostileOp.map((op) => Object.assign((c: Cluster) => runOp(c, op), { [fc.toStringMethod]: () => fc.stringify(op) })),
  fc
    .tuple(resourceName, anyName, anyDeleteOpts)
    .map(([r, n, o]) =>
      Object.assign((c: Cluster) => c.delete(r, n, o), { [fc.toStringMethod]: () => `delete(${fc.stringify([r, n, o])})` }),
    ),
  fc
    .tuple(resourceName, anyName, anyDeleteOpts)
    .map(([r, n, o]) => Object.assign((c: Cluster) => c.get(r, n, o), { [fc.toStringMethod]: () => `get(${fc.stringify([r, n, o])})` })),
  fc
    .tuple(resourceName, fc.oneof(anyName, weirdValue))
    .map(([r, ns]) =>
      Object.assign((c: Cluster) => c.list(r, { namespace: ns as string }), {
        [fc.toStringMethod]: () => `list(${fc.stringify([r, ns])})`,
      }),
    ),
  fc
    .tuple(fc.oneof(fc.array(fc.oneof(mutatedObject, fc.anything()), { maxLength: 3 })), anyWriteOpts)
    .map(([objs, o]) =>
      Object.assign((c: Cluster) => c.apply(objs, o), { [fc.toStringMethod]: () => `apply(${fc.stringify([objs, o])})` }),
    ),
  fc
    .tuple(fc.oneof(mutatedObject, fc.anything()), anyWriteOpts, fc.constantFrom("create", "update", "updateStatus") as fc.Arbitrary<"create" | "update" | "updateStatus">)
    .map(([obj, o, m]) =>
      Object.assign((c: Cluster) => c[m](obj, o), { [fc.toStringMethod]: () => `${m}(${fc.stringify([obj, o])})` }),
    ),
  fc
    .oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(1e-9, -0))
    .map((s) => Object.assign((c: Cluster) => c.advance(s), { [fc.toStringMethod]: () => `advance(${s})` })),
  fc
    .tuple(anyName, anyName, anyName, fc.boolean())
    .map(([ns, pod, ctr, prev]) =>
      Object.assign((c: Cluster) => c.logs(ns, pod, ctr, { previous: prev }), {
        [fc.toStringMethod]: () => `logs(${fc.stringify([ns, pod, ctr, prev])})`,
      }),
    ),
  fc
    .tuple(fc.constantFrom(...opResources), fc.nat(40))
    .map(([r, i]) =>
      Object.assign(
        (c: Cluster) => {
          const list = c.list(r);
          const obj = list[i % Math.max(1, list.length)];
          return obj ? c.ownerChain(obj) : undefined;
        },
        { [fc.toStringMethod]: () => `ownerChain(${r}[${i}])` },
      ),
    ),
  fc.constant(Object.assign((c: Cluster) => c.restore(c.snapshot()), { [fc.toStringMethod]: () => "restore(snapshot())" })),
  fc.constant(Object.assign((c: Cluster) => c.settle(), { [fc.toStringMethod]: () => "settle()" })),
);

describe("the public Cluster API", () => {
  it("never throws for any sequence of calls with any arguments", () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 10 }), (calls) => {
        const cluster = newCluster(3, 2);
        for (const c of calls) c(cluster);
        // Reading the cluster afterwards works too.
        expect(() => [cluster.now, cluster.nowMs, cluster.pendingTimers, cluster.settle()]).not.toThrow();
      }),
      fcParams(0x5eed_0001, 80),
    );
  });

  it("never throws when any object, of any shape, is created, updated, status-updated or applied", () => {
    const cluster = newCluster(5, 2);
    const base = cluster.snapshot();
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutatedObject), anyWriteOpts, (obj, opts) => {
        cluster.restore(base);
        cluster.create(obj, opts);
        cluster.update(obj, opts);
        cluster.updateStatus(obj, opts);
        cluster.apply([obj], opts);
        cluster.settle();
      }),
      fcParams(0x5eed_0011, 300),
    );
  });

  it("never throws when deleting with any grace period, policy or name", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("pods", "deployments", "services", "namespaces", "replicasets"),
        fc.nat(40),
        anyDeleteOpts,
        fc.integer({ min: 0, max: 60 }),
        (resource, index, opts, later) => {
          const cluster = newCluster(9, 2);
          const list = cluster.list(resource);
          const target = list[index % list.length]!;
          cluster.delete(resource, target.metadata.name, { ...opts, namespace: target.metadata.namespace });
          cluster.advance(later);
          expect(() => cluster.now).not.toThrow();
        },
      ),
      fcParams(0x5eed_0021, 60),
    );
  });

  it("never throws when time is advanced by any amount, and the clock stays readable", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), weirdValue.filter((v) => typeof v === "number")), (seconds) => {
        const cluster = newCluster(13, 2);
        const before = cluster.nowMs;
        cluster.advance(seconds as number);
        expect(() => cluster.now).not.toThrow();
        expect(Number.isFinite(cluster.nowMs)).toBe(true);
        expect(cluster.nowMs).toBeGreaterThanOrEqual(before);
      }),
      fcParams(0x5eed_0031, 30),
    );
  });

  it("checks cluster options without throwing, whatever their types", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            seed: fc.oneof(fc.nat(), weirdValue),
            nodes: fc.oneof(fc.integer({ min: -1, max: 300 }), weirdValue),
            startTime: fc.oneof(fc.constantFrom("2025-09-01T09:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"), weirdValue),
            serviceCidr: fc.oneof(fc.constantFrom("10.96.0.0/16", "10.0.0.0/8", "0.0.0.0/0", "10.96.0.0/33"), weirdValue),
            podCidr: fc.oneof(fc.constantFrom("10.244.0.0/16", "10.244.0.0/24", "0.0.0.0/0"), weirdValue),
            nodePortRange: fc.oneof(fc.constantFrom("30000-32767", "1-65535", "0-0", "99999-1"), weirdValue),
            clusterName: fc.oneof(fc.constantFrom("kind", "Kind", ""), weirdValue),
            debugFreeze: fc.oneof(fc.boolean(), weirdValue),
          },
          { requiredKeys: [] },
        ),
        (options) => {
          const r = resolveClusterOptions(options as ClusterOptions);
          expect(typeof r.ok).toBe("boolean");
        },
      ),
      fcParams(0x5eed_0041, 300),
    );
  });
});
