/**
 * Whole `kubectl describe` outputs, one golden file per kind and shape, read from clusters
 * the simulation built (scenarios.ts). Each file was checked line by line against
 * k/kubectl v0.34 pkg/describe/describe.go and the Go tabwriter rules; after a deliberate
 * change, `UPDATE=1 npx vitest run test/unit/kubectl/describe` rewrites them for review.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../engine/index.ts";
import { resourceByName } from "../../../../engine/index.ts";
import { describeMany } from "../../../../engine/kubectl/describe/index.ts";
import { busyCluster, describeNamed, named, webCluster } from "./scenarios.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

function expectGolden(name: string, text: string): void {
  const file = `${fixtures}${name}.txt`;
  if (process.env.UPDATE || !existsSync(file)) {
    mkdirSync(fixtures, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("kubectl describe of a freshly rolled-out web Deployment", () => {
  let c: Cluster;
  beforeAll(() => {
    c = webCluster();
  });

  it("prints the Service with its ready endpoints from EndpointSlices, aligned on Internal Traffic Policy", () => {
    expectGolden("service-clusterip", describeNamed(c, "services", "web"));
  });

  it("prints a running pod with node/IP, container IDs, conditions, the projected token volume and its events", () => {
    expectGolden("pod-running", describeNamed(c, "pods", named(c, "pods", "web-").metadata.name));
  });

  it("prints the Deployment with replicas, strategy, pod template, conditions and its one ReplicaSet", () => {
    expectGolden("deployment", describeNamed(c, "deployments", "web"));
  });

  it("prints the ReplicaSet with its controller, pod phase counts and create events", () => {
    expectGolden("replicaset", describeNamed(c, "replicasets", named(c, "replicasets", "web-").metadata.name));
  });

  it("prints the v1 Endpoints subsets with a ports table and a separately aligned Events line", () => {
    expectGolden("endpoints", describeNamed(c, "endpoints", "web"));
  });

  it("prints the EndpointSlice's ports and each endpoint's conditions, hostname, target, node and zone", () => {
    expectGolden("endpointslice", describeNamed(c, "endpointslices", named(c, "endpointslices", "web-").metadata.name));
  });

  it("prints a worker node with lease, conditions, resources, its non-terminated pods and allocations", () => {
    expectGolden("node-worker", describeNamed(c, "nodes", "kind-worker"));
  });

  it("prints a namespace with the quota and limit-range sentences and no events", () => {
    expectGolden("namespace", describeNamed(c, "namespaces", "default"));
  });

  it("prints a NetworkPolicy's selectors, ports, peers and policy types, with no events", () => {
    expectGolden("networkpolicy", describeNamed(c, "networkpolicies", "db"));
  });

  it("prints a ServiceAccount with its three secret headers", () => {
    expectGolden("serviceaccount", describeNamed(c, "serviceaccounts", "default"));
  });

  it("prints an Event through the generic describer, its fields sorted and named in words", () => {
    expectGolden("event-generic", describeNamed(c, "events", named(c, "events", "web.").metadata.name));
  });

  it("prints every Service of a namespace with two blank lines between descriptions", () => {
    const info = resourceByName("services")!;
    expectGolden("services-many", describeMany(c, info, c.list(info, { namespace: "default" })));
  });
});

describe("kubectl describe after a rollout, failing probes, a crash loop and unusual Services", () => {
  let c: Cluster;
  beforeAll(() => {
    c = busyCluster();
  });

  it("lists the scaled-down ReplicaSet as old and every scaling event in time order", () => {
    expectGolden("deployment-rolled", describeNamed(c, "deployments", "web"));
  });

  it("prints command, args, resources, probes, resolved and unresolved env and aggregated probe warnings", () => {
    expectGolden("pod-probes", describeNamed(c, "pods", "rich"));
  });

  it("prints a crash-looping container's waiting state, last termination and x N over ages", () => {
    expectGolden("pod-crashloop", describeNamed(c, "pods", "crash"));
  });

  it("aligns an ExternalName Service on Session Affinity and pads its empty IP", () => {
    expectGolden("service-externalname", describeNamed(c, "services", "ext"));
  });

  it("prints a NodePort Service's node port and traffic policies, skipping last-applied and wrapping a long annotation", () => {
    expectGolden("service-nodeport", describeNamed(c, "services", "np"));
  });

  it("leaves Endpoints empty (padded) when the Service's slice has no endpoints", () => {
    expectGolden("service-no-endpoints", describeNamed(c, "services", "none"));
  });

  it("prints the control-plane node's role, taint and static pods' requests", () => {
    expectGolden("node-control-plane", describeNamed(c, "nodes", "kind-control-plane"));
  });
});
