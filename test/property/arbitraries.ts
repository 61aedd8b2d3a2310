/**
 * fast-check generators for the property tests: objects shaped like the kinds the cluster
 * serves (mostly valid, drawn from small pools of names and labels so that objects collide,
 * select each other and own each other), mutations that break them in the ways users and
 * buggy tools do, and sequences of operations on a cluster.
 */
import fc from "fast-check";
import type { DeleteOptions, ListOptions, PropagationPolicy, WriteOptions } from "../../engine/index.ts";
import { mutateAt } from "./harness.ts";
import { openBugs } from "./known-bugs.ts";

// ---- pools --------------------------------------------------------------------------------

export const names = ["a", "b", "web", "db"] as const;
export const userNamespaces = ["ns1", "ns2"] as const;
export const namespaces = ["default", ...userNamespaces] as const;
/** Resources the generated ops read, write and delete (Nodes and Events are left to the cluster). */
export const opResources = [
  "pods",
  "services",
  "deployments",
  "replicasets",
  "daemonsets",
  "endpointslices",
  "endpoints",
  "networkpolicies",
  "namespaces",
  "configmaps",
  "serviceaccounts",
] as const;

const name = fc.constantFrom(...names);
const namespace = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.constant("default"), weight: 2 },
  { arbitrary: fc.constantFrom(...userNamespaces), weight: 2 },
);
const labelMap = fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("a", "b"), { maxKeys: 2 });
const nonEmptyLabelMap = fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("a", "b"), {
  minKeys: 1,
  maxKeys: 2,
});
const image = fc.constantFrom("nginx", "nginx:1.27", "busybox", "registry.k8s.io/pause:3.10", "example.com/missing:v9");
const portNumber = fc.constantFrom(80, 443, 8080, 53);
const portName = fc.constantFrom("http", "https", "dns");

function meta(extra: { labels?: fc.Arbitrary<Record<string, string>> } = {}) {
  return fc.record(
    {
      name,
      namespace,
      labels: extra.labels ?? labelMap,
    },
    { requiredKeys: ["name"] },
  );
}

const container = fc.record(
  {
    name: fc.constantFrom("c", "main"),
    image,
    ports: fc
      .uniqueArray(fc.record({ containerPort: portNumber, name: portName }, { requiredKeys: ["containerPort"] }), {
        maxLength: 2,
        selector: (p) => p.containerPort,
      })
      .map((ps) => ps.map((p, i) => (p.name ? { ...p, name: `${p.name}${i === 0 ? "" : i}` } : p))),
    command: fc.constantFrom(["sleep", "3600"], ["sh", "-c", "exit 1"], ["false"]),
  },
  { requiredKeys: ["name", "image"] },
);

const podSpec = fc.record(
  {
    containers: fc
      .array(container, { minLength: 1, maxLength: 2 })
      .map((cs) => cs.map((c, i) => ({ ...c, name: `${c.name}${i}` }))),
    terminationGracePeriodSeconds: fc.constantFrom(0, 1, 5, 30),
    nodeName: fc.constantFrom("kind-worker", "kind-control-plane", "kind-worker9"),
    hostNetwork: fc.boolean(),
    restartPolicy: fc.constantFrom("Always", "OnFailure", "Never"),
    hostname: fc.constantFrom("h1"),
    subdomain: fc.constantFrom(...names),
  },
  { requiredKeys: ["containers"] },
);

export const pod = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("Pod"),
  metadata: meta(),
  spec: podSpec,
});

/** A workload (Deployment, ReplicaSet, DaemonSet): the template's labels usually include the selector. */
function workload(apiVersion: string, kind: string, withReplicas: boolean) {
  return fc
    .record({
      metadata: meta(),
      selector: nonEmptyLabelMap,
      extraLabels: labelMap,
      matching: fc.integer({ min: 0, max: 19 }),
      replicas: fc.integer({ min: 0, max: 4 }),
      spec: podSpec.map(({ nodeName: _, ...s }) => ({ ...s, restartPolicy: "Always" })),
      minReadySeconds: fc.option(fc.constantFrom(0, 2), { nil: undefined }),
    })
    .map((w) => ({
      apiVersion,
      kind,
      metadata: w.metadata,
      spec: {
        ...(withReplicas ? { replicas: w.replicas } : {}),
        ...(w.minReadySeconds !== undefined ? { minReadySeconds: w.minReadySeconds } : {}),
        selector: { matchLabels: w.selector },
        template: {
          metadata: { labels: w.matching > 0 ? { ...w.extraLabels, ...w.selector } : w.extraLabels },
          spec: JSON.parse(JSON.stringify(w.spec)) as object,
        },
      },
    }));
}

export const deployment = workload("apps/v1", "Deployment", true);
export const replicaSet = workload("apps/v1", "ReplicaSet", true);
export const daemonSet = workload("apps/v1", "DaemonSet", false);

const servicePort = fc.record(
  {
    name: portName,
    port: portNumber,
    targetPort: fc.oneof(portNumber, portName),
    protocol: fc.constantFrom("TCP", "UDP"),
    nodePort: fc.integer({ min: 30000, max: 30004 }),
  },
  { requiredKeys: ["port"] },
);

/** A Service of any type, valid as far as its own fields go (allocation may still refuse it). */
export const service = fc
  .record(
    {
      metadata: meta(),
      type: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer", "ExternalName", undefined),
      selector: labelMap,
      ports: fc.uniqueArray(servicePort, {
        minLength: 1,
        maxLength: 2,
        selector: (p) => `${p.port}/${p.protocol ?? "TCP"}`,
      }),
      clusterIP: fc.constantFrom("None", "", "10.96.100.1", "10.96.100.2", "10.96.0.10"),
      publishNotReadyAddresses: fc.boolean(),
    },
    { requiredKeys: ["metadata", "ports"] },
  )
  .map(({ metadata, type, clusterIP, ports, ...rest }) => {
    const nodePorts = type === "NodePort" || type === "LoadBalancer";
    return {
      apiVersion: "v1",
      kind: "Service",
      metadata,
      spec: {
        ...rest,
        ...(type ? { type } : {}),
        ...(type === "ExternalName" ? { externalName: "example.com" } : {}),
        ...(clusterIP !== undefined && type !== "ExternalName" && !(clusterIP === "None" && nodePorts)
          ? { clusterIP }
          : {}),
        // Distinct names per port, as validation requires when there are several; nodePorts only where they mean something.
        ports: ports.map(({ nodePort, ...p }, i) => ({
          ...p,
          name: `${p.name ?? "p"}${i}`,
          ...(nodePorts && nodePort !== undefined ? { nodePort } : {}),
        })),
      },
    };
  });

const podIP = fc.constantFrom("10.244.0.50", "10.244.1.50", "10.244.1.2", "192.168.9.9");

export const endpointSlice = fc
  .record({
    metadata: meta({ labels: fc.constant({}) }),
    service: name,
    managedBy: fc.constantFrom(undefined, "endpointslice-controller.k8s.io", "someone-else"),
    endpoints: fc.array(fc.record({ addresses: fc.tuple(podIP), conditions: fc.record({ ready: fc.boolean() }) }), {
      maxLength: 3,
    }),
    ports: fc.array(fc.record({ name: portName, port: portNumber, protocol: fc.constant("TCP") }), { maxLength: 1 }),
  })
  .map((s) => ({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      ...s.metadata,
      labels: {
        "kubernetes.io/service-name": s.service,
        ...(s.managedBy ? { "endpointslice.kubernetes.io/managed-by": s.managedBy } : {}),
      },
    },
    addressType: "IPv4",
    endpoints: s.endpoints,
    ports: s.ports,
  }));

export const endpoints = fc
  .record({
    metadata: meta(),
    skipMirror: fc.boolean(),
    subsets: fc.array(
      fc.record(
        {
          addresses: fc.array(fc.record({ ip: podIP }), { minLength: 1, maxLength: 2 }),
          notReadyAddresses: fc.array(fc.record({ ip: podIP }), { maxLength: 1 }),
          ports: fc.array(fc.record({ name: portName, port: portNumber }), { maxLength: 1 }),
        },
        { requiredKeys: ["addresses"] },
      ),
      { maxLength: 2 },
    ),
  })
  .map((e) => ({
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      ...e.metadata,
      labels: { ...e.metadata.labels, ...(e.skipMirror ? { "endpointslice.kubernetes.io/skip-mirror": "true" } : {}) },
    },
    // Subsets sharing a port set send the mirroring controller into a loop (openBugs.mirroringLoopsOnSubsetsWithSamePorts).
    subsets: openBugs.mirroringLoopsOnSubsetsWithSamePorts
      ? e.subsets.map((s, i) => ({ ...s, ports: [{ name: `p${i}`, port: 9000 + i }] }))
      : e.subsets,
  }));

export const networkPolicy = fc
  .record({
    metadata: meta(),
    podSelector: labelMap,
    policyTypes: fc.subarray(["Ingress", "Egress"]),
    port: portNumber,
  })
  .map((n) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: n.metadata,
    spec: {
      podSelector: { matchLabels: n.podSelector },
      policyTypes: n.policyTypes,
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: n.port, protocol: "TCP" }] }],
    },
  }));

export const namespaceObject = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("Namespace"),
  metadata: fc.record({ name: fc.constantFrom(...userNamespaces), labels: labelMap }, { requiredKeys: ["name"] }),
});

export const configMap = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("ConfigMap"),
  metadata: meta(),
  data: fc.dictionary(fc.constantFrom("k", "config.yaml", "a.b"), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
});

/** An object of one of the served kinds, shaped as a user would write it. */
export const shapedObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: pod, weight: 4 },
  { arbitrary: service, weight: 4 },
  { arbitrary: deployment, weight: 3 },
  { arbitrary: replicaSet, weight: 3 },
  { arbitrary: daemonSet, weight: 1 },
  { arbitrary: endpointSlice, weight: 2 },
  { arbitrary: endpoints, weight: 2 },
  { arbitrary: networkPolicy, weight: 1 },
  { arbitrary: namespaceObject, weight: 2 },
  { arbitrary: configMap, weight: 1 },
) as fc.Arbitrary<Record<string, unknown>>;

// ---- weird values and mutations -------------------------------------------------------------

/**
 * Nested `depth` levels deep, as an array or an object chain. fast-check prints it by its
 * depth (a hidden toString method), so reporting a counterexample does not overflow the stack.
 */
function nested(depth: number, asObject: boolean): unknown {
  let v: unknown = asObject ? {} : [];
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  const text = `nested(${depth}, ${asObject ? "object" : "array"})`;
  Object.defineProperty(v, fc.toStringMethod, { value: () => text, enumerable: false });
  return v;
}

/** Values that do not belong where they are put: wrong types, extremes, odd strings, deep nesting. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, "", true, false, 0, -0, -1, 1.5, -2147483649, 2147483648),
  // 2^53 is a valid int64 grace period that overflows the Date range (openBugs.graceOutOfDateRange).
  openBugs.graceOutOfDateRange
    ? fc.constantFrom(2 ** 40, 1e21, 1e308, -1e308, Number.MIN_VALUE)
    : fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e21, 1e308, -1e308, Number.MIN_VALUE),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("None", "0", "-1", "1e3", "a/b", "..", "A", "x".repeat(63), "x".repeat(64), "10.96.0.1", "::1"),
  fc.integer({ min: 250, max: 5000 }).map((n) => "a".repeat(n)),
  fc.constant("x".repeat(300_000)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constantFrom({ __proto__: null }, { constructor: 1 }, { toString: "x" }, { "": 1 }),
  fc.integer({ min: 1, max: 40 }).map((d) => nested(d, d % 2 === 0)),
  fc.constantFrom(10_001, 60_000).map((d) => nested(d, d % 2 === 0)),
);

/** Where to put a weird value: a path of indexes into sorted keys, read modulo their number. */
export const mutation = fc.record({ path: fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }), value: weirdValue });

/** A shaped object with zero to three of its fields replaced by weird values. */
export const mutatedObject: fc.Arbitrary<unknown> = fc
  .tuple(shapedObject, fc.array(mutation, { maxLength: 3 }))
  .map(([obj, muts]) => muts.reduce<unknown>((o, m) => mutateAt(o, m.path, m.value), obj));

/** A shaped object broken in at least one place. */
export const brokenObject: fc.Arbitrary<unknown> = fc
  .tuple(shapedObject, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([obj, muts]) => muts.reduce<unknown>((o, m) => mutateAt(o, m.path, m.value), obj));

// ---- operations ----------------------------------------------------------------------------------

export type Op =
  | { type: "create"; object: unknown; opts?: WriteOptions }
  | { type: "update"; object: unknown; opts?: WriteOptions }
  | { type: "updateStatus"; object: unknown; opts?: WriteOptions }
  | { type: "apply"; objects: unknown[]; opts?: WriteOptions }
  | { type: "delete"; resource: string; name: string; opts?: DeleteOptions & ListOptions }
  | { type: "deleteExisting"; resource: string; index: number; opts: DeleteOptions }
  | { type: "mutateExisting"; resource: string; index: number; path: number[]; value: unknown; status: boolean }
  | { type: "scale"; resource: string; index: number; replicas: number }
  | { type: "relabel"; resource: string; index: number; labels: Record<string, string> }
  | {
      type: "adopt";
      resource: string;
      index: number;
      ownerResource: string;
      ownerIndex: number;
      controller: boolean;
      block: boolean;
      wrongUid: boolean;
      wrongName: boolean;
    }
  | { type: "patch"; resource: string; index: number; patch: Record<string, unknown> }
  | { type: "setImage"; resource: string; index: number; image: string }
  | { type: "advance"; seconds: number }
  | { type: "settle" };

const writeOpts: fc.Arbitrary<WriteOptions | undefined> = fc.option(
  fc.record({ namespace: fc.constantFrom(...namespaces), dryRun: fc.boolean() }, { requiredKeys: [] }),
  { nil: undefined, freq: 3 },
);

const policy: fc.Arbitrary<PropagationPolicy> = fc.constantFrom("Background", "Foreground", "Orphan");

/** Delete options a user could pass: grace periods from none to short, any policy. */
const deleteOpts: fc.Arbitrary<DeleteOptions> = fc.record(
  { gracePeriodSeconds: fc.integer({ min: 0, max: 10 }), propagationPolicy: policy, dryRun: fc.constant(true) },
  { requiredKeys: [] },
);

const resource = fc.constantFrom(...opResources);
/** What user ops delete, or re-own (which can get it collected). */
const deletableResource = openBugs.deletedEndpointsNotRecreated
  ? fc.constantFrom(...opResources.filter((r) => r !== "endpoints"))
  : resource;
const workloadResource = fc.constantFrom("deployments", "replicasets");
const index = fc.nat(50);

/** A change to a live Service's spec: another type, selector, ports or addressing. */
const servicePatch = fc.record(
  {
    type: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
    selector: labelMap,
    ports: fc
      .uniqueArray(servicePort, { minLength: 1, maxLength: 2, selector: (p) => `${p.port}/${p.protocol ?? "TCP"}` })
      .map((ps) => ps.map((p, i) => ({ ...p, name: `${p.name ?? "p"}${i}` }))),
    clusterIP: fc.constantFrom("", "None"),
    externalName: fc.constant("example.org"),
    publishNotReadyAddresses: fc.boolean(),
    sessionAffinity: fc.constantFrom("None", "ClientIP"),
    externalTrafficPolicy: fc.constantFrom("Cluster", "Local"),
    allocateLoadBalancerNodePorts: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** A change to a live workload: scale, rollout strategy, a new template. */
const workloadPatch = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 4 }),
    minReadySeconds: fc.integer({ min: 0, max: 3 }),
    paused: fc.boolean(),
    revisionHistoryLimit: fc.integer({ min: 0, max: 3 }),
    strategy: fc.oneof(
      fc.constant({ type: "Recreate" }),
      fc.record({
        type: fc.constant("RollingUpdate"),
        rollingUpdate: fc.record(
          { maxSurge: fc.constantFrom(0, 1, "50%"), maxUnavailable: fc.constantFrom(0, 1, "25%") },
          { requiredKeys: [] },
        ),
      }),
    ),
    template: fc.record(
      {
        metadata: fc.record(
          { labels: labelMap, annotations: fc.dictionary(fc.constantFrom("rev", "note"), fc.string({ maxLength: 4 })) },
          { requiredKeys: [] },
        ),
        spec: fc.record({ terminationGracePeriodSeconds: fc.constantFrom(0, 2, 10) }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const podPatch = fc.record(
  { activeDeadlineSeconds: fc.integer({ min: 1, max: 30 }), terminationGracePeriodSeconds: fc.constantFrom(0, 3) },
  { requiredKeys: [] },
);

/** Merge a patch into a live object's spec (objects merge, arrays and scalars replace), then update. */
const patchOp = fc.oneof(
  fc.record({ type: fc.constant("patch" as const), resource: fc.constant("services"), index, patch: servicePatch }),
  fc.record({
    type: fc.constant("patch" as const),
    resource: fc.constantFrom("deployments", "replicasets", "daemonsets"),
    index,
    patch: workloadPatch,
  }),
  fc.record({ type: fc.constant("patch" as const), resource: fc.constant("pods"), index, patch: podPatch }),
) as fc.Arbitrary<Op>;

/** Ops a user (or a lesson) does: mostly sensible, sometimes broken. The cluster stays consistent whatever they are. */
export const userOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant("create" as const), object: shapedObject, opts: writeOpts }), weight: 8 },
  { arbitrary: fc.record({ type: fc.constant("create" as const), object: brokenObject }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant("update" as const), object: shapedObject, opts: writeOpts }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constant("apply" as const), objects: fc.array(shapedObject, { maxLength: 3 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("deleteExisting" as const),
      resource: deletableResource,
      index,
      opts: deleteOpts,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("delete" as const),
      resource: deletableResource,
      name,
      opts: fc.record({ namespace: fc.constantFrom(...namespaces), propagationPolicy: policy }, { requiredKeys: [] }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("mutateExisting" as const),
      resource,
      index,
      path: fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }),
      value: weirdValue,
      status: fc.constant(false),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("scale" as const),
      resource: workloadResource,
      index,
      replicas: fc.integer({ min: 0, max: 5 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("relabel" as const),
      resource: fc.constantFrom("pods", "services"),
      index,
      labels: labelMap,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("adopt" as const),
      resource: deletableResource,
      index,
      ownerResource: resource,
      ownerIndex: index,
      controller: fc.boolean(),
      block: fc.boolean(),
      wrongUid: openBugs.danglingOwnerByUpdateNotCollected ? fc.constant(false) : fc.boolean(),
      wrongName: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: patchOp, weight: 4 },
  {
    arbitrary: fc.record({
      type: fc.constant("setImage" as const),
      resource: fc.constantFrom("pods", "deployments", "replicasets", "daemonsets"),
      index,
      image,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ type: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 40 }) }),
    weight: 5,
  },
  { arbitrary: fc.constant({ type: "settle" as const }), weight: 1 },
);

/** Ops that only touch what a user should be able to touch through the API, with anything at all as input. */
export const hostileOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("create" as const), object: fc.oneof(fc.anything(), fc.jsonValue(), mutatedObject) }),
  fc.record({ type: fc.constant("update" as const), object: fc.oneof(fc.anything(), mutatedObject) }),
  fc.record({ type: fc.constant("updateStatus" as const), object: fc.oneof(fc.anything(), mutatedObject) }),
  fc.record({
    type: fc.constant("apply" as const),
    objects: fc.array(fc.oneof(fc.anything(), mutatedObject), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant("mutateExisting" as const),
    resource,
    index,
    path: fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
    value: weirdValue,
    status: fc.boolean(),
  }),
  userOp,
);

/**
 * A lesson-shaped workload: Deployments and Services in the default namespace that select
 * each other (one label, app=a or app=b), then rollouts, scaling, pod deletions, Service
 * edits and time passing — the paths through the Deployment, ReplicaSet, scheduler, kubelet
 * and endpoint controllers that lessons use most, in longer sequences.
 */
const app = fc.constantFrom("a", "b");
const appDeployment = fc
  .record({ name, app, replicas: fc.integer({ min: 0, max: 4 }), image, probe: fc.boolean(), port: portNumber })
  .map((d) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: d.name },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { app: d.app } },
      template: {
        metadata: { labels: { app: d.app } },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [
            {
              name: "main",
              image: d.image,
              ports: [{ containerPort: d.port, name: "http" }],
              ...(d.probe ? { readinessProbe: { httpGet: { path: "/", port: d.port }, periodSeconds: 2 } } : {}),
            },
          ],
        },
      },
    },
  }));
const appService = fc
  .record({
    name,
    app,
    targetPort: fc.oneof(portNumber, fc.constant("http")),
    type: fc.constantFrom("ClusterIP", "NodePort"),
    headless: fc.boolean(),
    publishNotReadyAddresses: fc.boolean(),
  })
  .map((s) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: s.name },
    spec: {
      selector: { app: s.app },
      type: s.type,
      ...(s.headless && s.type === "ClusterIP" ? { clusterIP: "None" } : {}),
      publishNotReadyAddresses: s.publishNotReadyAddresses,
      ports: [{ name: "http", port: 80, targetPort: s.targetPort }],
    },
  }));

export const workloadOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant("create" as const), object: appDeployment }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant("create" as const), object: appService }), weight: 3 },
  {
    arbitrary: fc.record({
      type: fc.constant("scale" as const),
      resource: fc.constant("deployments"),
      index,
      replicas: fc.integer({ min: 0, max: 5 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("setImage" as const),
      resource: fc.constant("deployments"),
      index,
      image,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("patch" as const),
      resource: fc.constant("deployments"),
      index,
      patch: workloadPatch,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("patch" as const),
      resource: fc.constant("services"),
      index,
      patch: servicePatch,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("deleteExisting" as const),
      resource: fc.constant("pods"),
      index,
      opts: deleteOpts,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("deleteExisting" as const),
      resource: fc.constantFrom("deployments", "services", "replicasets"),
      index,
      opts: deleteOpts,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("relabel" as const),
      resource: fc.constant("pods"),
      index,
      labels: labelMap,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ type: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 20 }) }),
    weight: 6,
  },
);
