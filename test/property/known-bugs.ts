/**
 * Engine bugs the property tests found that are still open. Each one has its own minimal
 * reproduction marked `it.fails` (so the suite stays green while the bug is there), and the
 * broad properties steer around it while its flag is true, so that they keep guarding
 * everything else. When a bug is fixed its `it.fails` test starts failing: drop the
 * `.fails` there and set the flag here to false, and the broad properties cover it again.
 */
export const openBugs = {
  /**
   * A grace period that is NaN, infinite, or so large that now + grace is past year 275760
   * (JavaScript's last Date) makes `delete` throw `RangeError: Invalid time value` — whether
   * it comes from the delete options or from the pod's own terminationGracePeriodSeconds.
   */
  graceOutOfDateRange: false,
  /** `advance(Infinity)` or `advance(1e16)` moves the clock past the last Date; `cluster.now` then throws. */
  advanceOutOfDateRange: false,
  /**
   * A name or namespace that is not a string (`get("pods", 5)`, `create(pod, { namespace: 5 })`)
   * throws a TypeError from goQuote while the NotFound message is built.
   */
  nonStringNames: false,
  /**
   * `resolveClusterOptions` throws while formatting its message for a value String() cannot
   * print (`{ seed: Object.create(null) }`) or JSON.stringify cannot (`{ clusterName: <100000-deep object> }`).
   */
  unprintableOptions: false,
  /**
   * `delete("pods", "kube-system/etcd-kind-control-plane", { namespace: "" })` deletes a pod in
   * kube-system: an empty namespace plus a name with a slash forms another object's key.
   */
  slashNameReachesOtherNamespace: false,
  /** Deleting the Endpoints of a Service with a selector: the Endpoints controller never recreates it. */
  deletedEndpointsNotRecreated: false,
  /** An update that points ownerReferences at an owner that does not exist: the garbage collector never collects it. */
  danglingOwnerByUpdateNotCollected: false,
  /**
   * Endpoints written by hand with two subsets that share a port set — `subsets: [{ addresses: [A] },
   * { addresses: [B] }]`, or the same with `ports: [{ port: 80 }]` on both — for a Service without
   * a selector: the mirroring controller rewrites the mirrored slice back and forth forever (one
   * desired set per subset, both under the same port-set key), and settle() only stops at
   * limits.settleStepsMax (about two minutes) with settled: false.
   */
  mirroringLoopsOnSubsetsWithSamePorts: false,
  /**
   * An ownerReference whose uid belongs to a live object but whose name or kind does not match
   * it, or that points from one namespace into another, keeps its dependent alive: the garbage
   * collector only checks that the uid exists. Upstream's graph builder sees the mismatch
   * (ownerReferenceMatchesCoordinates, reportInvalidNamespaceOwnerRef), attemptToDelete's
   * isDangling looks the owner up by name in the dependent's namespace, and the dependent is
   * collected (or the dangling reference dropped when it has other owners).
   */
  ownerIdentityNotChecked: true,
  /**
   * Changing the pod template of a ReplicaSet that a Deployment owns (`kubectl set image rs/…`,
   * `kubectl edit rs`): the Deployment controller scales that ReplicaSet from 1 to 0 and back,
   * forever. Upstream treats it as an old ReplicaSet (its template no longer matches), makes a
   * new one from the Deployment's template (bumping collisionCount on a name clash) and settles.
   */
  editedDeploymentReplicaSetLoops: false,
  /**
   * The rest of nonStringNames: `update(obj, { namespace })` and `updateStatus(obj, { namespace })`
   * with a namespace that is a null-prototype object, a Symbol or an object whose toString throws,
   * the same values as `logs()` arguments, and `get(Object.create(null), "p")`, throw a TypeError
   * (objectKey builds a key from them before anything checks their type).
   */
  nonStringNamesRemaining: false,
  /**
   * A ReplicaSet that an update orphans (its ownerReferences replaced, the Deployment's controller
   * reference gone) is not adopted back: the Deployment controller is not woken by the change, so
   * the ReplicaSet stays orphaned and the Deployment's status keeps counting its pods until
   * something else makes the Deployment sync. Upstream's updateReplicaSet handler enqueues the
   * Deployments whose selector matches a newly orphaned ReplicaSet, which then adopt it.
   */
  orphanedReplicaSetNotReadopted: false,
  /**
   * Replaying after `restore` is not byte-identical when an object was re-indexed before the
   * snapshot: ObjectStore.load rebuilds its indexes in table order, not in the order the live
   * indexes had (an update that changes a Service's selector moves it to the end of the
   * selector index). The controllers then visit the Services of a pod in another order and
   * hand out resourceVersions in another order. Minimal: create Service a (selector app=x),
   * give Service kubernetes the same selector, snapshot, label a running pod app=x — Endpoints
   * a and kubernetes get resourceVersions 173/174 without a restore and 174/173 with one.
   */
  restoreReordersIndexes: true,
} as const;
