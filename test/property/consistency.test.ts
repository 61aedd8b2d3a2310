/**
 * Property 3: whatever a user does, once the controllers have settled and a little time has
 * passed, the cluster is consistent — owners exist, ReplicaSets own only what they select,
 * addresses and ports are unique and inside their ranges, endpoints follow pods, watch
 * events come in resourceVersion order, and settle() always terminates.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WatchEvent } from "../../engine/index.ts";
import { userOp } from "./arbitraries.ts";
import { fcParams, itOpen, newCluster, runOps } from "./harness.ts";
import { allocatorViolations, violations } from "./invariants.ts";
import { openBugs } from "./known-bugs.ts";

/** Enough virtual time for grace periods (≤ 30 s), image pulls, probes and back-offs to play out. */
const quietSeconds = 90;

describe("the cluster's invariants after random operations", () => {
  it("hold after any sequence of creates, updates, deletes and time passing", () => {
    fc.assert(
      fc.property(fc.array(userOp, { minLength: 1, maxLength: 12 }), (ops) => {
        const cluster = newCluster(7, 2);
        const events: WatchEvent[] = [];
        cluster.watch((e) => events.push(e));
        const outcome = runOps(cluster, ops);
        expect(outcome.allSettled, "every settle and advance reports settled").toBe(true);
        expect(cluster.advance(quietSeconds).settled).toBe(true);
        expect(cluster.settle().settled).toBe(true);
        const found = [...violations(cluster, { events }), ...allocatorViolations(cluster, cluster.snapshot())];
        expect(found).toEqual([]);
      }),
      fcParams(0x5eed_0003, 60),
    );
  });

  it("hold at every step, not only at the end (settle after each operation)", () => {
    fc.assert(
      fc.property(fc.array(userOp, { minLength: 1, maxLength: 8 }), (ops) => {
        const cluster = newCluster(11, 3);
        const events: WatchEvent[] = [];
        cluster.watch((e) => events.push(e));
        for (const op of ops) {
          runOps(cluster, [op]);
          expect(cluster.settle().settled).toBe(true);
          // Endpoints lag pods only by controller work, which settle() has done.
          const found = [...violations(cluster, { events }), ...allocatorViolations(cluster, cluster.snapshot())];
          expect(found, `after ${fc.stringify(op).slice(0, 300)}`).toEqual([]);
        }
      }),
      fcParams(0x5eed_0013, 40),
    );
  });

  itOpen(openBugs.deletedEndpointsNotRecreated)(
    "hold after the Endpoints of a Service with a selector are deleted (the controller recreates them)",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom("kube-system/kube-dns", "default/web"),
          fc.integer({ min: 0, max: 30 }),
          (which, later) => {
            const cluster = newCluster(7, 2);
            cluster.create({
              apiVersion: "v1",
              kind: "Service",
              metadata: { name: "web" },
              spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
            });
            cluster.settle();
            const [namespace, name] = which.split("/") as [string, string];
            expect(cluster.delete("endpoints", name, { namespace }).ok).toBe(true);
            cluster.settle();
            cluster.advance(later);
            expect(violations(cluster)).toEqual([]);
          },
        ),
        fcParams(0x5eed_0023, 6),
      );
    },
  );

  itOpen(openBugs.danglingOwnerByUpdateNotCollected)(
    "hold after an update points an object's ownerReferences at an owner that does not exist (it is collected)",
    () => {
      fc.assert(
        fc.property(fc.constantFrom("configmaps", "pods", "services"), fc.boolean(), (resource, controller) => {
          const cluster = newCluster(7, 2);
          const obj = cluster.list(resource, { namespace: "default" })[0] ?? cluster.list(resource)[0]!;
          const ref = {
            apiVersion: "v1",
            kind: "Pod",
            name: "gone",
            uid: "00000000-0000-4000-8000-000000000000",
            controller,
          };
          expect(cluster.update({ ...obj, metadata: { ...obj.metadata, ownerReferences: [ref] } }).ok).toBe(true);
          cluster.advance(60);
          expect(violations(cluster)).toEqual([]);
        }),
        fcParams(0x5eed_0033, 6),
      );
    },
  );
});
