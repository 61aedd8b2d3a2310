/**
 * Property 3: whatever a user does, once the controllers have settled and a little time has
 * passed, the cluster is consistent — owners exist, ReplicaSets own only what they select,
 * addresses and ports are unique and inside their ranges, endpoints follow pods, watch
 * events come in resourceVersion order, and settle() always terminates.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredObject, WatchEvent } from "../../engine/index.ts";
import { userOp, workloadOp } from "./arbitraries.ts";
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
        const found = [
          ...violations(cluster, { events, quiet: true, strictOwners: !openBugs.ownerIdentityNotChecked }),
          ...allocatorViolations(cluster, cluster.snapshot()),
        ];
        expect(found).toEqual([]);
      }),
      fcParams(0x5eed_0003, 150),
    );
  });

  it("hold after long lesson-like sequences of Deployments, Services, rollouts, scaling and pod deletions", () => {
    fc.assert(
      fc.property(fc.array(workloadOp, { minLength: 5, maxLength: 30 }), (ops) => {
        const cluster = newCluster(5, 3);
        const events: WatchEvent[] = [];
        cluster.watch((e) => events.push(e));
        const outcome = runOps(cluster, ops);
        expect(outcome.allSettled, "every settle and advance reports settled").toBe(true);
        expect(cluster.advance(quietSeconds).settled).toBe(true);
        const found = [
          ...violations(cluster, { events, quiet: true, strictOwners: !openBugs.ownerIdentityNotChecked }),
          ...allocatorViolations(cluster, cluster.snapshot()),
        ];
        expect(found).toEqual([]);
      }),
      fcParams(0x5eed_0073, 80),
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
          const found = [
            ...violations(cluster, { events, strictOwners: !openBugs.ownerIdentityNotChecked }),
            ...allocatorViolations(cluster, cluster.snapshot()),
          ];
          expect(found, `after ${fc.stringify(op).slice(0, 300)}`).toEqual([]);
        }
      }),
      fcParams(0x5eed_0013, 80),
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

  itOpen(openBugs.mirroringLoopsOnSubsetsWithSamePorts)(
    "hold for hand-written Endpoints whose subsets share a port set (the mirroring controller settles)",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom<unknown[]>(
            [{ addresses: [{ ip: "10.0.0.1" }] }, { addresses: [{ ip: "10.0.0.2" }] }],
            [
              { addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] },
              { addresses: [{ ip: "10.0.0.2" }], ports: [{ port: 80 }] },
            ],
            [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }] }, { addresses: [{ ip: "10.0.0.2" }] }],
          ),
          (subsets) => {
            // A few hundred events at most when it works; a loop hits the guard quickly.
            const cluster = newCluster(7, 2, 5_000);
            const svc = {
              apiVersion: "v1",
              kind: "Service",
              metadata: { name: "manual" },
              spec: { ports: [{ port: 80 }] },
            };
            expect(cluster.create(svc).ok).toBe(true);
            expect(
              cluster.create({ apiVersion: "v1", kind: "Endpoints", metadata: { name: "manual" }, subsets }).ok,
            ).toBe(true);
            // Without the runaway guard this settle() would spin for about two minutes and report settled: false.
            expect(cluster.settle().settled).toBe(true);
            expect(violations(cluster)).toEqual([]);
          },
        ),
        fcParams(0x5eed_0043, 3),
      );
    },
  );

  itOpen(openBugs.ownerIdentityNotChecked)(
    "hold after an ownerReference names a live object's uid under another name, or reaches into another namespace",
    () => {
      fc.assert(
        fc.property(fc.constantFrom("wrong name", "other namespace"), (how) => {
          const cluster = newCluster(7, 2);
          const cm = cluster.list("configmaps", { namespace: "default" })[0]!;
          const owner =
            how === "wrong name"
              ? cluster.list("services", { namespace: "default" })[0]!
              : cluster.list("services", { namespace: "kube-system" })[0]!;
          const ref = {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: how === "wrong name" ? `${owner.metadata.name}-other` : owner.metadata.name,
            uid: owner.metadata.uid,
          };
          expect(cluster.update({ ...cm, metadata: { ...cm.metadata, ownerReferences: [ref] } }).ok).toBe(true);
          cluster.advance(60);
          expect(violations(cluster)).toEqual([]);
        }),
        fcParams(0x5eed_0053, 2),
      );
    },
  );

  itOpen(openBugs.editedDeploymentReplicaSetLoops)(
    "hold after the pod template of a Deployment's ReplicaSet is edited (the Deployment controller settles)",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom("nginx:1.27", "busybox"),
          fc.constantFrom("kube-system", "local-path-storage"),
          (image, ns) => {
            // A few hundred events at most when it works; a loop hits the guard quickly.
            const cluster = newCluster(7, 2, 5_000);
            const rs = cluster.list("replicasets", { namespace: ns })[0] as StoredObject & {
              spec: { template: { spec: { containers: { image: string }[] } } };
            };
            const containers = rs.spec.template.spec.containers.map((c) => ({ ...c, image }));
            const next = {
              ...rs,
              spec: { ...rs.spec, template: { ...rs.spec.template, spec: { ...rs.spec.template.spec, containers } } },
            };
            expect(cluster.update(next).ok).toBe(true);
            expect(cluster.settle().settled).toBe(true);
            cluster.advance(90);
            expect(violations(cluster)).toEqual([]);
          },
        ),
        fcParams(0x5eed_0063, 2),
      );
    },
  );

  itOpen(openBugs.orphanedReplicaSetNotReadopted)(
    "hold after an update orphans a Deployment's ReplicaSet (the Deployment adopts it back)",
    () => {
      fc.assert(
        fc.property(fc.constantFrom("kube-system", "local-path-storage"), fc.boolean(), (ns, keepOtherOwner) => {
          const cluster = newCluster(7, 2);
          const rs = cluster.list("replicasets", { namespace: ns })[0]!;
          const cm = cluster.list("configmaps", { namespace: ns })[0]!;
          // The Deployment's controller reference replaced by a plain reference to another object, or removed.
          const refs = keepOtherOwner
            ? [{ apiVersion: "v1", kind: "ConfigMap", name: cm.metadata.name, uid: cm.metadata.uid }]
            : [];
          expect(cluster.update({ ...rs, metadata: { ...rs.metadata, ownerReferences: refs } }).ok).toBe(true);
          cluster.advance(30);
          expect(violations(cluster)).toEqual([]);
        }),
        fcParams(0x5eed_0083, 4),
      );
    },
  );
});
