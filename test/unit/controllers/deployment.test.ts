/**
 * The Deployment controller (pkg/controller/deployment), seen from outside: ReplicaSet and
 * pod naming, scaling, RollingUpdate and Recreate, revisions and rollbacks, history
 * cleanup, status and conditions, and the progress deadline.
 */
import type { Deployment, DeploymentCondition } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { Manifest, StoredDeployment, StoredPod, StoredReplicaSet } from "./helpers.ts";
import {
  change,
  deployment,
  eventsFor,
  everyStep,
  hashPattern,
  isReady,
  list,
  mustGet,
  mustOk,
  names,
  newCluster,
  podsIn,
  scale,
  setImage,
  suffixPattern,
} from "./helpers.ts";

const replicaSets = (c: Cluster) => list<StoredReplicaSet>(c, "replicasets");
const deploy = (c: Cluster, name = "web") => mustGet<Deployment>(c, "deployments", name);
const rsOf = (c: Cluster, image: string) =>
  replicaSets(c).find((rs) => rs.spec?.template?.spec?.containers[0]?.image === image)!;
const scalingEvents = (c: Cluster, name = "web") => eventsFor(c, "Deployment", name).map((e) => e.message);
const conditionSummary = (conds: readonly DeploymentCondition[] | undefined) =>
  (conds ?? []).map((x) => `${x.type}=${x.status}/${x.reason}`);

/** Pods of a deployment that are not being deleted. */
function activePods(c: Cluster, app = "web"): StoredPod[] {
  return podsIn(c).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

describe("Deployment → ReplicaSet → pods", () => {
  it("names the ReplicaSet <deployment>-<pod-template-hash> and its pods <replicaset>-<five random characters>", () => {
    const c = newCluster();
    const created = mustOk(c.create(deployment("web", 3))) as StoredDeployment;
    c.advance(10);
    const [rs, ...others] = replicaSets(c);
    expect(others).toEqual([]);
    const hash = rs!.metadata.labels!["pod-template-hash"]!;
    expect(hash).toMatch(new RegExp(`^${hashPattern}$`));
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.metadata.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(rs!.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs!.spec!.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs!.spec!.template?.metadata).toEqual({ labels: { app: "web", "pod-template-hash": hash } });
    const pods = podsIn(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-${suffixPattern}$`));
      expect(p.metadata.generateName).toBe(`web-${hash}-`);
      expect(p.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: `web-${hash}`,
          uid: rs!.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(scalingEvents(c)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(
      eventsFor(c, "ReplicaSet", `web-${hash}`)
        .map((e) => e.message)
        .sort(),
    ).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it("gives the same template the same hash in any namespace and a different template a different hash", () => {
    const c = newCluster();
    mustOk(c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } }));
    c.settle();
    mustOk(c.create(deployment("web", 1)));
    mustOk(c.create(deployment("web", 1), { namespace: "other" }));
    mustOk(c.create(deployment("api", 1)));
    c.settle();
    const hashOf = (ns: string, app: string) =>
      list<StoredReplicaSet>(c, "replicasets", ns).find((rs) => rs.metadata.labels?.app === app)!.metadata.labels![
        "pod-template-hash"
      ];
    expect(hashOf("other", "web")).toBe(hashOf("default", "web"));
    expect(hashOf("default", "api")).not.toBe(hashOf("default", "web"));
  });

  it("reports Progressing before Available, then Available before Progressing once the rollout completes, with upstream's reasons", () => {
    const c = newCluster();
    const history: string[][] = [];
    c.watch((e) => {
      if (e.resource.kind !== "Deployment") return;
      const summary = conditionSummary((e.object as StoredDeployment).status?.conditions);
      if (JSON.stringify(summary) !== JSON.stringify(history.at(-1))) history.push(summary);
    });
    mustOk(c.create(deployment("web", 3)));
    const createdAt = c.now;
    c.advance(15);
    expect(history).toEqual([
      [],
      ["Progressing=True/NewReplicaSetCreated"],
      ["Progressing=True/NewReplicaSetCreated", "Available=False/MinimumReplicasUnavailable"],
      ["Available=False/MinimumReplicasUnavailable", "Progressing=True/ReplicaSetUpdated"],
      ["Available=True/MinimumReplicasAvailable", "Progressing=True/NewReplicaSetAvailable"],
    ]);
    const d = deploy(c);
    const rs = replicaSets(c)[0]!;
    const readyAt = condition(d, "Available").lastTransitionTime;
    expect(d.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: "Available",
          status: "True",
          lastUpdateTime: readyAt,
          lastTransitionTime: readyAt,
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        },
        {
          type: "Progressing",
          status: "True",
          lastUpdateTime: readyAt,
          lastTransitionTime: createdAt,
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
        },
      ],
    });
    expect(rs.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
  });

  it("counts replicas that are not ready yet as unavailable while they start", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 2)));
    c.settle();
    c.advance(1);
    expect(deploy(c).status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(deploy(c).status).not.toHaveProperty("availableReplicas");
    c.advance(10);
    expect(deploy(c).status).not.toHaveProperty("unavailableReplicas");
  });
});

describe("scaling", () => {
  it("scales the one ReplicaSet up and down and records each step as a ScalingReplicaSet event", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 2)));
    c.advance(10);
    const rs = replicaSets(c)[0]!.metadata.name;
    scale(c, "web", 5);
    c.advance(10);
    expect(activePods(c)).toHaveLength(5);
    expect(podsIn(c).every(isReady)).toBe(true);
    scale(c, "web", 1);
    c.advance(35);
    expect(podsIn(c)).toHaveLength(1);
    expect(names(replicaSets(c))).toEqual([rs]);
    expect(replicaSets(c)[0]!.metadata.annotations!["deployment.kubernetes.io/desired-replicas"]).toBe("1");
    expect(scalingEvents(c)).toEqual([
      `Scaled up replica set ${rs} from 0 to 2`,
      `Scaled up replica set ${rs} from 2 to 5`,
      `Scaled down replica set ${rs} from 5 to 1`,
    ]);
  });

  it("deletes the pods that are not running yet before running ones when scaling down", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 2)));
    c.advance(10);
    const running = names(podsIn(c));
    scale(c, "web", 4);
    c.settle();
    const starting = names(podsIn(c)).filter((n) => !running.includes(n));
    expect(starting).toHaveLength(2);
    expect(
      podsIn(c)
        .filter((p) => starting.includes(p.metadata.name))
        .map((p) => p.status?.phase),
    ).toEqual(["Pending", "Pending"]);
    scale(c, "web", 2);
    c.advance(5);
    expect(names(podsIn(c))).toEqual(running);
  });

  // ActivePodsWithRanks rule 5: pods on a node that runs more pods of the same set are deleted first.
  it("deletes a pod from the node that runs the most of the ReplicaSet's pods first when scaling down", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 3)));
    c.advance(10);
    // Three pods on two workers: one worker runs two of them.
    expect(
      podsIn(c)
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(["kind-worker", "kind-worker", "kind-worker2"]);
    scale(c, "web", 2);
    c.advance(5);
    expect(
      podsIn(c)
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(["kind-worker", "kind-worker2"]);
  });
});

describe("RollingUpdate", () => {
  function checkBounds(replicas: number, maxSurge: number, maxUnavailable: number, strategy: Manifest | undefined) {
    const c = newCluster();
    mustOk(
      c.create(
        deployment(
          "web",
          replicas,
          "nginx:1.27",
          strategy ? { strategy: { type: "RollingUpdate", rollingUpdate: strategy } } : {},
        ),
      ),
    );
    c.advance(15);
    setImage(c, "web", "nginx:1.25");
    const violations: string[] = [];
    let steps = 0;
    everyStep(c, 90, () => {
      steps++;
      const pods = activePods(c);
      const available = pods.filter(isReady).length;
      if (pods.length > replicas + maxSurge) violations.push(`${c.now}: ${pods.length} pods > ${replicas}+${maxSurge}`);
      if (available < replicas - maxUnavailable)
        violations.push(`${c.now}: ${available} available < ${replicas}-${maxUnavailable}`);
    });
    expect(steps).toBeGreaterThan(5);
    expect(violations).toEqual([]);
    // And the rollout finished.
    expect(activePods(c).map((p) => p.spec?.containers[0]?.image)).toEqual(Array(replicas).fill("nginx:1.25"));
  }

  it("never exceeds replicas + maxSurge pods nor drops below replicas − maxUnavailable available pods (25% defaults, 3 replicas)", () => {
    // 25% of 3: maxSurge rounds up to 1, maxUnavailable rounds down to 0.
    checkBounds(3, 1, 0, undefined);
  });

  it("never exceeds replicas + maxSurge pods nor drops below replicas − maxUnavailable available pods (maxSurge 1, maxUnavailable 1, 4 replicas)", () => {
    checkBounds(4, 1, 1, { maxSurge: 1, maxUnavailable: 1 });
  });

  it("ends with every pod from the new ReplicaSet, the old one at zero, and revision 2 on the new one", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 3)));
    c.advance(15);
    const oldRs = replicaSets(c)[0]!;
    setImage(c, "web", "nginx:1.25");
    c.advance(90);
    const newRs = rsOf(c, "nginx:1.25");
    const old = mustGet<StoredReplicaSet>(c, "replicasets", oldRs.metadata.name) as StoredReplicaSet;
    expect(newRs.metadata.name).not.toBe(oldRs.metadata.name);
    expect(newRs.spec?.replicas).toBe(3);
    expect(old.spec?.replicas).toBe(0);
    expect(old.status).toEqual({ replicas: 0, observedGeneration: old.metadata.generation });
    expect(newRs.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    expect(old.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
    expect(podsIn(c).map((p) => p.metadata.labels!["pod-template-hash"])).toEqual(
      Array(3).fill(newRs.metadata.labels!["pod-template-hash"]),
    );
    const events = scalingEvents(c);
    expect(events[0]).toBe(`Scaled up replica set ${oldRs.metadata.name} from 0 to 3`);
    expect(events[1]).toBe(`Scaled up replica set ${newRs.metadata.name} from 0 to 1`);
    expect(events.at(-1)).toBe(`Scaled down replica set ${oldRs.metadata.name} from 1 to 0`);
    const d = deploy(c);
    expect(d.status?.observedGeneration).toBe(2);
    expect(conditionSummary(d.status?.conditions)).toEqual([
      "Available=True/MinimumReplicasAvailable",
      "Progressing=True/NewReplicaSetAvailable",
    ]);
    expect(condition(d, "Progressing").message).toBe(
      `ReplicaSet "${newRs.metadata.name}" has successfully progressed.`,
    );
  });
});

describe("Recreate", () => {
  it("scales the old ReplicaSet to zero before it scales the new one up", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 3, "nginx:1.27", { strategy: { type: "Recreate" } })));
    c.advance(15);
    const oldRs = replicaSets(c)[0]!.metadata.name;
    setImage(c, "web", "nginx:1.25");
    c.advance(30);
    const newRs = rsOf(c, "nginx:1.25").metadata.name;
    expect(scalingEvents(c)).toEqual([
      `Scaled up replica set ${oldRs} from 0 to 3`,
      `Scaled down replica set ${oldRs} from 3 to 0`,
      `Scaled up replica set ${newRs} from 0 to 3`,
    ]);
    expect(activePods(c).every((p) => p.metadata.labels!["pod-template-hash"] === newRs.slice(4))).toBe(true);
  });

  // rolloutRecreate waits in oldPodsRunning until no old pod is left, terminating ones included.
  it("creates no new pod while any old pod still exists, even one that is terminating", () => {
    const c = newCluster();
    mustOk(
      c.create(
        deployment("web", 2, "busybox:1.36", { strategy: { type: "Recreate" } }, { command: ["sleep", "3600"] }),
      ),
    );
    c.advance(15);
    const oldPods = names(podsIn(c));
    setImage(c, "web", "busybox:1.37");
    const order: string[] = [];
    c.watch((e) => {
      if (e.resource.kind !== "Pod") return;
      const old = oldPods.includes(e.object.metadata.name);
      if (e.type === "DELETED" && old) order.push("old pod gone");
      if (e.type === "ADDED" && !old) order.push("new pod created");
    });
    c.advance(60);
    // busybox `sleep` ignores SIGTERM: the old pods stay Terminating for their 30 s grace period.
    expect(order).toEqual(["old pod gone", "old pod gone", "new pod created", "new pod created"]);
  });
});

describe("revisions and rollback", () => {
  it("reuses the old ReplicaSet on a rollback to an earlier template, bumping its revision and recording the old one in revision-history", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 2, "nginx:1.27", { strategy: { type: "Recreate" } })));
    c.advance(15);
    const first = replicaSets(c)[0]!.metadata.name;
    setImage(c, "web", "nginx:1.25");
    c.advance(20);
    const second = rsOf(c, "nginx:1.25").metadata.name;
    setImage(c, "web", "nginx:1.27");
    c.advance(20);
    const sets = replicaSets(c).map((rs) => ({
      name: rs.metadata.name,
      replicas: rs.spec?.replicas,
      revision: rs.metadata.annotations!["deployment.kubernetes.io/revision"],
      history: rs.metadata.annotations!["deployment.kubernetes.io/revision-history"],
    }));
    expect(sets.sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(
      [
        { name: first, replicas: 2, revision: "3", history: "1" },
        { name: second, replicas: 0, revision: "2", history: undefined },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    // Rolling back twice more keeps appending to the history.
    setImage(c, "web", "nginx:1.25");
    c.advance(20);
    setImage(c, "web", "nginx:1.27");
    c.advance(20);
    const back = mustGet<StoredReplicaSet>(c, "replicasets", first) as StoredReplicaSet;
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("5");
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1,3");
    expect(
      mustGet<StoredReplicaSet>(c, "replicasets", second).metadata.annotations![
        "deployment.kubernetes.io/revision-history"
      ],
    ).toBe("2");
  });

  // SetDeploymentRevision: the Deployment's own annotation follows its newest ReplicaSet (kubectl rollout history reads it).
  it("writes the newest revision on the Deployment itself as deployment.kubernetes.io/revision", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 1)));
    c.advance(10);
    expect(deploy(c).metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    setImage(c, "web", "nginx:1.25");
    c.advance(30);
    expect(deploy(c).metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "2" });
  });

  it("keeps only revisionHistoryLimit old ReplicaSets, deleting the lowest revisions first", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 1, "nginx:1.27", { strategy: { type: "Recreate" }, revisionHistoryLimit: 2 })));
    c.advance(10);
    for (const image of ["nginx:1.25", "nginx:1.21", "nginx:1.19", "nginx:1.16"]) {
      setImage(c, "web", image);
      c.advance(20);
    }
    const kept = replicaSets(c)
      .map((rs) => [
        rs.metadata.annotations!["deployment.kubernetes.io/revision"],
        rs.spec?.template?.spec?.containers[0]?.image,
        rs.spec?.replicas,
      ])
      .sort();
    expect(kept).toEqual([
      ["3", "nginx:1.21", 0],
      ["4", "nginx:1.19", 0],
      ["5", "nginx:1.16", 1],
    ]);
  });

  it("does not roll out a paused Deployment's new template until it is resumed", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 1)));
    c.advance(10);
    change<Deployment>(c, "deployments", "web", (d) => ({ ...d, spec: { ...d.spec!, paused: true } }));
    setImage(c, "web", "nginx:1.25");
    c.advance(20);
    expect(replicaSets(c)).toHaveLength(1);
    change<Deployment>(c, "deployments", "web", (d) => ({ ...d, spec: { ...d.spec!, paused: false } }));
    c.advance(20);
    expect(replicaSets(c)).toHaveLength(2);
    expect(activePods(c).map((p) => p.spec?.containers[0]?.image)).toEqual(["nginx:1.25"]);
  });

  // getReplicaSetsForDeployment claims orphans whose labels match the selector (ClaimReplicaSets).
  it("adopts an orphaned ReplicaSet with the same template instead of creating another", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 2)));
    c.advance(10);
    const rs = replicaSets(c)[0]!.metadata.name;
    const pods = names(podsIn(c));
    mustOk(c.delete("deployments", "web", { propagationPolicy: "Orphan" }));
    c.advance(5);
    const again = mustOk(c.create(deployment("web", 2)));
    c.advance(10);
    expect(names(replicaSets(c))).toEqual([rs]);
    expect(replicaSets(c)[0]!.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: again.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(names(podsIn(c))).toEqual(pods);
    expect(deploy(c).status?.collisionCount).toBeUndefined();
  });
});

describe("progress deadline", () => {
  it("marks Progressing False with ProgressDeadlineExceeded when an image that cannot be pulled holds the rollout past progressDeadlineSeconds", () => {
    const c = newCluster();
    mustOk(c.create(deployment("bad", 1, "nginx:doesnotexist", { progressDeadlineSeconds: 30 })));
    c.advance(25);
    expect(conditionSummary(deploy(c, "bad").status?.conditions)).toEqual([
      "Available=False/MinimumReplicasUnavailable",
      "Progressing=True/ReplicaSetUpdated",
    ]);
    const exceeded = c.waitFor(() => condition(deploy(c, "bad"), "Progressing").status === "False", {
      timeoutSeconds: 30,
    });
    expect(exceeded).toBe(true);
    const d = deploy(c, "bad");
    const rs = replicaSets(c)[0]!.metadata.name;
    expect(condition(d, "Progressing")).toEqual({
      type: "Progressing",
      status: "False",
      lastUpdateTime: c.now,
      lastTransitionTime: c.now,
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${rs}" has timed out progressing.`,
    });
    expect(conditionSummary(d.status?.conditions)).toEqual([
      "Available=False/MinimumReplicasUnavailable",
      "Progressing=False/ProgressDeadlineExceeded",
    ]);
    expect(d.status).toMatchObject({ replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
    const [p] = podsIn(c);
    expect(["ErrImagePull", "ImagePullBackOff"]).toContain(p!.status?.containerStatuses?.[0]?.state?.waiting?.reason);
  });
});

function condition(d: StoredDeployment, type: string): DeploymentCondition {
  const found = d.status?.conditions?.find((x) => x.type === type);
  if (!found) throw new Error(`no ${type} condition`);
  return found;
}
