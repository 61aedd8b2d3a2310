/**
 * Property 2: a write the API server refuses changes nothing. After any rejected create,
 * update, status update, apply or delete — and after any dry run, accepted or not — every
 * object of every resource is byte-for-byte what it was, and no ClusterIP or NodePort is
 * left allocated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../engine/index.ts";
import type { Op } from "./arbitraries.ts";
import {
  brokenObject,
  hostileOp,
  mutatedObject,
  names,
  namespaces,
  opResources,
  shapedObject,
  userOp,
} from "./arbitraries.ts";
import { execOp, fcParams, itOpen, newCluster, runOps, stateJson } from "./harness.ts";
import { allocatorViolations } from "./invariants.ts";
import { openBugs } from "./known-bugs.ts";

/** A cluster with some user objects in it, so that updates and deletes find something. */
function populated(seed: number, setup: readonly Op[]): Cluster {
  const cluster = newCluster(seed, 2);
  runOps(cluster, setup);
  cluster.settle();
  return cluster;
}

/** What the allocators hold, as the public snapshot shows it. */
function allocations(cluster: Cluster): string {
  const s = cluster.snapshot();
  return JSON.stringify({
    ips: [...s.clusterIPs].sort((a, b) => a - b),
    ports: [...s.nodePorts].sort((a, b) => a - b),
  });
}

const setupOps = fc.array(
  userOp.filter((op) => op.type === "create" || op.type === "apply" || op.type === "advance"),
  {
    maxLength: 6,
  },
);

/** Writes that are likely to be refused: broken objects, anything at all, mutated existing objects, deletes of what is not there. */
const likelyRejected: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("create" as const), object: fc.oneof(brokenObject, fc.anything(), fc.jsonValue()) }),
  fc.record({ type: fc.constant("update" as const), object: fc.oneof(brokenObject, mutatedObject, fc.anything()) }),
  fc.record({ type: fc.constant("updateStatus" as const), object: fc.oneof(brokenObject, fc.anything()) }),
  fc.record({
    type: fc.constant("apply" as const),
    objects: fc.array(fc.oneof(brokenObject, fc.anything()), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant("delete" as const),
    resource: fc.constantFrom(...opResources, "nodes", "no-such-resource"),
    name: fc.constantFrom(...names, "kubernetes", "default", "kube-system"),
    opts: fc.record({ namespace: fc.constantFrom(...namespaces, "kube-system", "nope") }, { requiredKeys: [] }),
  }),
  hostileOp.filter((op) => op.type !== "advance" && op.type !== "settle"),
);

describe("a rejected write", () => {
  it("leaves every object and every allocation as it was", () => {
    fc.assert(
      fc.property(setupOps, likelyRejected, (setup, op) => {
        const cluster = populated(21, setup);
        const before = stateJson(cluster);
        const allocatedBefore = allocations(cluster);
        const { writes } = execOp(cluster, op);
        fc.pre(writes.length > 0 && writes.every((w) => !w.ok));
        expect(stateJson(cluster)).toBe(before);
        expect(allocations(cluster)).toBe(allocatedBefore);
        // And after the controllers have run, nothing was set off by it either.
        cluster.settle();
        expect(stateJson(cluster)).toBe(before);
      }),
      fcParams(0x5eed_0002, 300, { maxSkipsPerRun: 1000 }),
    );
  });

  it("leaves the allocators holding exactly what the Services hold", () => {
    fc.assert(
      fc.property(setupOps, fc.array(likelyRejected, { minLength: 1, maxLength: 5 }), (setup, ops) => {
        const cluster = populated(22, setup);
        runOps(cluster, ops);
        cluster.settle();
        expect(allocatorViolations(cluster, cluster.snapshot())).toEqual([]);
      }),
      fcParams(0x5eed_0012, 100),
    );
  });
});

describe("a dry-run write", () => {
  it("changes nothing, whether the server accepts it or not", () => {
    const dryRunOp: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        type: fc.constant("create" as const),
        object: fc.oneof(shapedObject, brokenObject),
        opts: fc.constant({ dryRun: true }),
      }),
      fc.record({
        type: fc.constant("update" as const),
        object: fc.oneof(shapedObject, brokenObject),
        opts: fc.constant({ dryRun: true }),
      }),
      fc.record({
        type: fc.constant("updateStatus" as const),
        object: shapedObject,
        opts: fc.constant({ dryRun: true }),
      }),
      fc.record({
        type: fc.constant("apply" as const),
        objects: fc.array(shapedObject, { maxLength: 3 }),
        opts: fc.constant({ dryRun: true }),
      }),
      fc.record({
        type: fc.constant("deleteExisting" as const),
        resource: fc.constantFrom(...opResources),
        index: fc.nat(50),
        opts: fc.record(
          {
            dryRun: fc.constant(true),
            propagationPolicy: fc.constantFrom("Background", "Foreground", "Orphan") as fc.Arbitrary<"Background">,
          },
          { requiredKeys: ["dryRun"] },
        ),
      }),
    );
    fc.assert(
      fc.property(setupOps, dryRunOp, (setup, op) => {
        const cluster = populated(23, setup);
        const before = stateJson(cluster);
        const allocatedBefore = allocations(cluster);
        execOp(cluster, op);
        expect(stateJson(cluster)).toBe(before);
        expect(allocations(cluster)).toBe(allocatedBefore);
        cluster.settle();
        expect(stateJson(cluster)).toBe(before);
      }),
      fcParams(0x5eed_0022, 200),
    );
  });
});

describe("a delete", () => {
  itOpen(openBugs.slashNameReachesOtherNamespace)("reaches only the object it names, in the namespace it names", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("pods", "services", "configmaps", "deployments", "serviceaccounts"),
        fc.nat(40),
        fc.constantFrom("", "default", "kube-public"),
        (resource, index, requestNamespace) => {
          const cluster = newCluster(24, 2);
          const list = cluster.list(resource).filter((o) => o.metadata.namespace !== requestNamespace);
          const target = list[index % list.length]!;
          const before = stateJson(cluster);
          // "kube-system/coredns" is not a name: no object is called that in any namespace.
          const qualified = `${target.metadata.namespace}/${target.metadata.name}`;
          const r = cluster.delete(resource, qualified, { namespace: requestNamespace });
          expect(r.ok).toBe(false);
          expect(cluster.get(resource, qualified, { namespace: requestNamespace }).ok).toBe(false);
          expect(stateJson(cluster)).toBe(before);
        },
      ),
      fcParams(0x5eed_0032, 30),
    );
  });
});
