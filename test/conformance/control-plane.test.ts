/**
 * The control-plane side of the Kubernetes conformance tests about Services, Endpoints and
 * EndpointSlices (k/k test/e2e/network/service.go, endpointslice.go, endpointslicemirroring.go;
 * fidelity reference §6). Each test is named after the upstream test it mirrors and checks
 * the objects the control plane writes; reachability (traffic, DNS) is tested elsewhere.
 */
import type { Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../engine/index.ts";
import type { Manifest, StoredEndpoints, StoredPod, StoredService, StoredSlice } from "../unit/controllers/helpers.ts";
import { change, list, mustGet, mustOk, names, newCluster, pod, service } from "../unit/controllers/helpers.ts";

const slicesOf = (c: Cluster, svc: string, ns = "default") =>
  list<StoredSlice>(c, "endpointslices", ns).filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);
const endpointsOf = (c: Cluster, name: string) => mustGet<StoredEndpoints>(c, "endpoints", name);
const getService = (c: Cluster, name: string) => mustGet<Service>(c, "services", name) as StoredService;

/** `pod name → port` pairs the Endpoints object lists under ready addresses (what validateEndpointsPortsOrFail reads). */
function endpointPairs(c: Cluster, name: string): string[] {
  const out: string[] = [];
  for (const s of endpointsOf(c, name).subsets ?? []) {
    for (const a of s.addresses ?? []) for (const p of s.ports ?? []) out.push(`${a.targetRef?.name}:${p.port}`);
  }
  return out.sort();
}

/** The same, read from the EndpointSlices (ready endpoints only). */
function slicePairs(c: Cluster, name: string): string[] {
  const out: string[] = [];
  for (const s of slicesOf(c, name)) {
    for (const e of s.endpoints ?? [])
      if (e.conditions?.ready) for (const p of s.ports ?? []) out.push(`${e.targetRef?.name}:${p.port}`);
  }
  return out.sort();
}

const agnhost = (name: string, ports: Manifest[], labels: Record<string, string>) =>
  pod(
    name,
    {
      image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
      args: ["netexec", "--http-port=80", "--udp-port=80"],
      ports,
    },
    { labels },
  );

describe("[sig-network] Services (control plane)", () => {
  it("Services should provide secure master service", () => {
    const c = newCluster();
    const svc = getService(c, "kubernetes");
    expect(svc.metadata.labels).toEqual({ component: "apiserver", provider: "kubernetes" });
    expect(svc.spec).toEqual({
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
      sessionAffinity: "None",
      type: "ClusterIP",
    });
    expect(endpointsOf(c, "kubernetes").subsets).toEqual([
      { addresses: [{ ip: "172.18.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] },
    ]);
  });

  it("Services should find a service from listing all namespaces", () => {
    const c = newCluster();
    const all = c.list("services").map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
    expect(all).toEqual(["default/kubernetes", "kube-system/kube-dns"]);
  });

  it("Services should serve a basic endpoint from pods", () => {
    const c = newCluster();
    const labels = { "name-for-endpoint-test": "endpoint-test2" };
    mustOk(c.create(service("endpoint-test2", { selector: labels, ports: [{ port: 80, targetPort: 80 }] })));
    c.settle();
    // No pods: no addresses, one placeholder slice.
    expect(endpointsOf(c, "endpoint-test2").subsets ?? []).toEqual([]);
    expect(slicesOf(c, "endpoint-test2").map((s) => s.endpoints ?? [])).toEqual([[]]);
    mustOk(c.create(pod("pod1", { image: "nginx:1.27", ports: [{ containerPort: 80 }] }, { labels })));
    c.advance(10);
    expect(endpointPairs(c, "endpoint-test2")).toEqual(["pod1:80"]);
    expect(slicePairs(c, "endpoint-test2")).toEqual(["pod1:80"]);
    mustOk(c.create(pod("pod2", { image: "nginx:1.27", ports: [{ containerPort: 80 }] }, { labels })));
    c.advance(10);
    expect(endpointPairs(c, "endpoint-test2")).toEqual(["pod1:80", "pod2:80"]);
    expect(slicePairs(c, "endpoint-test2")).toEqual(["pod1:80", "pod2:80"]);
    mustOk(c.delete("pods", "pod1"));
    c.settle();
    expect(endpointPairs(c, "endpoint-test2")).toEqual(["pod2:80"]);
    expect(slicePairs(c, "endpoint-test2")).toEqual(["pod2:80"]);
    mustOk(c.delete("pods", "pod2"));
    c.advance(5);
    expect(endpointsOf(c, "endpoint-test2").subsets ?? []).toEqual([]);
    expect(slicesOf(c, "endpoint-test2").map((s) => s.endpoints ?? [])).toEqual([[]]);
  });

  it("Services should serve multiport endpoints from pods", () => {
    const c = newCluster();
    const labels = { "name-for-multiport-test": "multi-endpoint-test" };
    mustOk(
      c.create(
        service("multi-endpoint-test", {
          selector: labels,
          ports: [
            { name: "portname1", port: 80, targetPort: "svc1" },
            { name: "portname2", port: 81, targetPort: "svc2" },
          ],
        }),
      ),
    );
    mustOk(c.create(pod("pod1", { image: "nginx:1.27", ports: [{ name: "svc1", containerPort: 100 }] }, { labels })));
    mustOk(c.create(pod("pod2", { image: "nginx:1.27", ports: [{ name: "svc2", containerPort: 101 }] }, { labels })));
    c.advance(10);
    // Each pod serves only the Service port whose named targetPort it declares, on its own number.
    expect(endpointPairs(c, "multi-endpoint-test")).toEqual(["pod1:100", "pod2:101"]);
    expect(slicePairs(c, "multi-endpoint-test")).toEqual(["pod1:100", "pod2:101"]);
    expect(
      (endpointsOf(c, "multi-endpoint-test").subsets ?? []).map((s) => [
        s.addresses?.map((a) => a.targetRef?.name),
        s.ports,
      ]),
    ).toEqual([
      [["pod1"], [{ name: "portname1", port: 100, protocol: "TCP" }]],
      [["pod2"], [{ name: "portname2", port: 101, protocol: "TCP" }]],
    ]);
    mustOk(c.delete("pods", "pod1"));
    c.settle();
    expect(endpointPairs(c, "multi-endpoint-test")).toEqual(["pod2:101"]);
    expect(slicePairs(c, "multi-endpoint-test")).toEqual(["pod2:101"]);
  });

  it("Services should serve endpoints on same port and different protocols", () => {
    const c = newCluster();
    const labels = { app: "proto" };
    mustOk(
      c.create(
        service("multiprotocol-test", {
          selector: labels,
          ports: [
            { name: "udp-port", port: 80, protocol: "UDP", targetPort: 80 },
            { name: "tcp-port", port: 80, protocol: "TCP", targetPort: 80 },
          ],
        }),
      ),
    );
    mustOk(
      c.create(
        agnhost(
          "pod1",
          [
            { containerPort: 80, protocol: "UDP" },
            { containerPort: 80, protocol: "TCP" },
          ],
          labels,
        ),
      ),
    );
    c.advance(15);
    const subsetPorts = () => (endpointsOf(c, "multiprotocol-test").subsets ?? []).map((s) => s.ports);
    const slicePorts = () => slicesOf(c, "multiprotocol-test").map((s) => s.ports);
    const both = [
      { name: "tcp-port", port: 80, protocol: "TCP" },
      { name: "udp-port", port: 80, protocol: "UDP" },
    ];
    expect(subsetPorts()).toEqual([both]);
    expect(slicePorts().map((ps) => [...(ps ?? [])].sort((a, b) => (a.name! < b.name! ? -1 : 1)))).toEqual([both]);
    // Dropping the UDP port leaves TCP only; dropping TCP instead leaves UDP only.
    change<Service>(c, "services", "multiprotocol-test", (s) => ({
      ...s,
      spec: { ...s.spec, ports: s.spec!.ports!.filter((p) => p.protocol === "TCP") },
    }));
    c.settle();
    expect(subsetPorts()).toEqual([[both[0]]]);
    expect(slicePorts()).toEqual([[both[0]]]);
    change<Service>(c, "services", "multiprotocol-test", (s) => ({
      ...s,
      spec: { ...s.spec, ports: [{ name: "udp-port", port: 80, protocol: "UDP", targetPort: 80 }] },
    }));
    c.settle();
    expect(subsetPorts()).toEqual([[both[1]]]);
    expect(slicePorts()).toEqual([[both[1]]]);
  });

  it("Services should delete a collection of services", () => {
    const c = newCluster();
    const collection = { "e2e-test-service": "delete" };
    for (const n of ["e2e-svc-a", "e2e-svc-b", "e2e-svc-c"]) {
      mustOk(
        c.create(
          service(n, { selector: { app: n }, ports: [{ port: 8000, targetPort: 8080 }] }, { labels: collection }),
        ),
      );
    }
    mustOk(c.create(service("keep", { selector: { app: "keep" }, ports: [{ port: 80 }] }, { labels: { other: "x" } })));
    c.settle();
    // deletecollection with a label selector: list by label, delete each.
    const matching = list<StoredService>(c, "services").filter(
      (s) => s.metadata.labels?.["e2e-test-service"] === "delete",
    );
    expect(names(matching)).toEqual(["e2e-svc-a", "e2e-svc-b", "e2e-svc-c"]);
    for (const s of matching) mustOk(c.delete("services", s.metadata.name));
    c.settle();
    expect(names(list(c, "services"))).toEqual(["keep", "kubernetes"]);
    expect(names(list(c, "endpoints"))).toEqual(["keep", "kubernetes"]);
    expect(
      list<StoredSlice>(c, "endpointslices")
        .map((s) => s.metadata.labels?.["kubernetes.io/service-name"])
        .sort(),
    ).toEqual(["keep", "kubernetes"]);
  });

  it("Services should test the lifecycle of an Endpoint", () => {
    const c = newCluster();
    const created = mustOk(
      c.create({
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "testservice", labels: { "test-endpoint-static": "true" } },
        subsets: [{ addresses: [{ ip: "10.0.0.24" }], ports: [{ name: "http", port: 80, protocol: "TCP" }] }],
      }),
    ) as StoredEndpoints;
    const byLabel = () =>
      list<StoredEndpoints>(c, "endpoints").filter((e) => e.metadata.labels?.["test-endpoint-static"] === "true");
    expect(names(byLabel())).toEqual(["testservice"]);
    // Update a label.
    change<StoredEndpoints>(c, "endpoints", "testservice", (e) => ({
      ...e,
      metadata: { ...e.metadata, labels: { ...e.metadata.labels, "test-service": "updated" } },
    }));
    expect(endpointsOf(c, "testservice").metadata.labels).toEqual({
      "test-endpoint-static": "true",
      "test-service": "updated",
    });
    // Replace the address and port.
    change<StoredEndpoints>(c, "endpoints", "testservice", (e) => ({
      ...e,
      metadata: { ...e.metadata, labels: { ...e.metadata.labels, "test-service": "patched" } },
      subsets: [{ addresses: [{ ip: "10.0.0.25" }], ports: [{ name: "http-test", port: 8080, protocol: "TCP" }] }],
    }));
    c.settle();
    const patched = endpointsOf(c, "testservice");
    expect(patched.metadata.uid).toBe(created.metadata.uid);
    expect(patched.metadata.labels).toEqual({ "test-endpoint-static": "true", "test-service": "patched" });
    expect(patched.subsets).toEqual([
      { addresses: [{ ip: "10.0.0.25" }], ports: [{ name: "http-test", port: 8080, protocol: "TCP" }] },
    ]);
    // No Service of that name: nothing manages or mirrors these Endpoints.
    expect(slicesOf(c, "testservice")).toEqual([]);
    // Delete the collection by label.
    const deleted: string[] = [];
    c.watch((e) => {
      if (e.type === "DELETED" && e.resource.kind === "Endpoints") deleted.push(e.object.metadata.name);
    });
    for (const e of byLabel()) mustOk(c.delete("endpoints", e.metadata.name));
    c.settle();
    expect(byLabel()).toEqual([]);
    expect(deleted).toEqual(["testservice"]);
  });

  describe("NodePorts", () => {
    it("Services should prevent NodePort collisions", () => {
      const c = newCluster();
      const first = mustOk(
        c.create(service("nodeport-collision-1", { type: "NodePort", ports: [{ port: 80 }] })),
      ) as StoredService;
      const port = first.spec!.ports![0]!.nodePort!;
      const r = c.create(service("nodeport-collision-2", { type: "NodePort", ports: [{ port: 80, nodePort: port }] }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.status).toMatchObject({
        reason: "Invalid",
        code: 422,
        message: `Service "nodeport-collision-2" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated`,
      });
      // Once the first Service is deleted, the port is free for the second.
      mustOk(c.delete("services", "nodeport-collision-1"));
      c.settle();
      const second = mustOk(
        c.create(service("nodeport-collision-2", { type: "NodePort", ports: [{ port: 80, nodePort: port }] })),
      ) as StoredService;
      expect(second.spec!.ports![0]!.nodePort).toBe(port);
    });

    // dropTypeDependentFields (pkg/registry/core/service/storage): a type change wipes the nodePorts and
    // externalTrafficPolicy the server filled in, when the client left them as they were.
    it("switches a NodePort Service to ClusterIP when only spec.type changes, dropping the nodePorts it no longer needs", () => {
      const c = newCluster();
      const svc = mustOk(
        c.create(service("np", { type: "NodePort", selector: { app: "x" }, ports: [{ port: 80 }] })),
      ) as StoredService;
      const port = svc.spec!.ports![0]!.nodePort!;
      const updated = change<Service>(c, "services", "np", (s) => ({ ...s, spec: { ...s.spec, type: "ClusterIP" } }));
      expect(updated.spec?.ports?.map((p) => p.nodePort)).toEqual([undefined]);
      expect(updated.spec?.externalTrafficPolicy).toBeUndefined();
      expect(updated.spec?.clusterIP).toBe(svc.spec?.clusterIP);
      const reuse = mustOk(
        c.create(service("reuse", { type: "NodePort", ports: [{ port: 80, nodePort: port }] })),
      ) as StoredService;
      expect(reuse.spec!.ports![0]!.nodePort).toBe(port);
    });

    it("Services should check NodePort out-of-range", () => {
      const c = newCluster();
      const r = c.create(service("nodeport-range-test", { type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.status.message).toBe(
        'Service "nodeport-range-test" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
      );
      const ok = mustOk(
        c.create(service("nodeport-range-test", { type: "NodePort", ports: [{ port: 80 }] })),
      ) as StoredService;
      const port = ok.spec!.ports![0]!.nodePort!;
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThanOrEqual(32767);
      const update = c.update({ ...ok, spec: { ...ok.spec, ports: [{ ...ok.spec!.ports![0]!, nodePort: 32768 }] } });
      expect(update.ok).toBe(false);
      if (!update.ok)
        expect(update.status.message).toContain(
          "32768: provided port is not in the valid range. The range of valid ports is 30000-32767",
        );
    });

    it("Services should release NodePorts on delete", () => {
      const c = newCluster();
      const svc = mustOk(
        c.create(service("nodeport-reuse", { type: "NodePort", ports: [{ port: 80 }] })),
      ) as StoredService;
      const port = svc.spec!.ports![0]!.nodePort!;
      mustOk(c.delete("services", "nodeport-reuse"));
      c.settle();
      const again = mustOk(
        c.create(service("nodeport-reuse", { type: "NodePort", ports: [{ port: 80, nodePort: port }] })),
      ) as StoredService;
      expect(again.spec!.ports![0]!.nodePort).toBe(port);
    });

    it("Services should be able to update service type to NodePort listening on same port number but different protocols", () => {
      const c = newCluster();
      mustOk(
        c.create(
          service("nodeport-update-service", {
            ports: [
              { name: "tcp-port", port: 53, protocol: "TCP" },
              { name: "udp-port", port: 53, protocol: "UDP" },
            ],
          }),
        ),
      );
      const updated = change<Service>(c, "services", "nodeport-update-service", (s) => ({
        ...s,
        spec: { ...s.spec, type: "NodePort" },
      }));
      const ports = updated.spec!.ports!.map((p) => p.nodePort!);
      expect(ports).toHaveLength(2);
      expect(ports[0]).not.toBe(ports[1]);
      for (const p of ports) expect(p >= 30000 && p <= 32767).toBe(true);
    });
  });

  describe("changing the type", () => {
    const externalName = (name: string) => service(name, { type: "ExternalName", externalName: "foo.example.com" });

    it("Services should be able to change the type from ExternalName to ClusterIP", () => {
      const c = newCluster();
      const ext = mustOk(c.create(externalName("externalname-service"))) as StoredService;
      expect(ext.spec?.clusterIP).toBeUndefined();
      expect(ext.spec?.clusterIPs).toBeUndefined();
      const updated = change<Service>(c, "services", "externalname-service", (s) => ({
        ...s,
        spec: {
          type: "ClusterIP",
          selector: { app: "x" },
          ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 9376 }],
        },
      }));
      const ip = updated.spec!.clusterIP!;
      expect(ip).toMatch(/^10\.96\.\d+\.\d+$/);
      expect(updated.spec!.clusterIPs).toEqual([ip]);
      expect(updated.spec!.externalName).toBeUndefined();
      c.settle();
      expect(c.get("endpoints", "externalname-service").ok).toBe(true);
      expect(slicesOf(c, "externalname-service")).toHaveLength(1);
    });

    it("Services should be able to change the type from ExternalName to NodePort", () => {
      const c = newCluster();
      mustOk(c.create(externalName("externalname-service")));
      const updated = change<Service>(c, "services", "externalname-service", (s) => ({
        ...s,
        spec: {
          type: "NodePort",
          selector: { app: "x" },
          ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 9376 }],
        },
      }));
      expect(updated.spec!.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
      const port = updated.spec!.ports![0]!.nodePort!;
      expect(port >= 30000 && port <= 32767).toBe(true);
    });

    // The e2e test changes only type and externalName and fails if spec.clusterIP was not cleared; the API server's
    // dropTypeDependentFields wipes clusterIP(s), ipFamilies and ipFamilyPolicy the client left unchanged.
    it("Services should be able to change the type from ClusterIP to ExternalName", () => {
      const c = newCluster();
      const svc = mustOk(
        c.create(service("clusterip-service", { selector: { app: "x" }, ports: [{ port: 80 }] })),
      ) as StoredService;
      const ip = svc.spec!.clusterIP!;
      const updated = change<Service>(c, "services", "clusterip-service", (s) => ({
        ...s,
        spec: { ...s.spec, type: "ExternalName", externalName: "foo.example.com" },
      }));
      expect(updated.spec?.clusterIP).toBeUndefined();
      expect(updated.spec?.clusterIPs).toBeUndefined();
      expect(updated.spec?.ipFamilies).toBeUndefined();
      expect(
        (mustOk(c.create(service("reuse", { clusterIP: ip, ports: [{ port: 80 }] }))) as StoredService).spec?.clusterIP,
      ).toBe(ip);
    });

    it("Services should be able to change the type from NodePort to ExternalName", () => {
      const c = newCluster();
      const svc = mustOk(
        c.create(service("nodeport-service", { type: "NodePort", selector: { app: "x" }, ports: [{ port: 80 }] })),
      ) as StoredService;
      const port = svc.spec!.ports![0]!.nodePort!;
      const updated = change<Service>(c, "services", "nodeport-service", (s) => ({
        ...s,
        spec: { ...s.spec, type: "ExternalName", externalName: "foo.example.com" },
      }));
      expect(updated.spec?.clusterIP).toBeUndefined();
      expect(updated.spec?.ports?.map((p) => p.nodePort)).toEqual([undefined]);
      expect(
        (
          mustOk(
            c.create(service("reuse", { type: "NodePort", ports: [{ port: 80, nodePort: port }] })),
          ) as StoredService
        ).spec!.ports![0]!.nodePort,
      ).toBe(port);
    });

    it("gives back a ClusterIP and its nodePorts when a client switches a Service to ExternalName clearing every type-dependent field itself", () => {
      const c = newCluster();
      const svc = mustOk(
        c.create(service("nodeport-service", { type: "NodePort", selector: { app: "x" }, ports: [{ port: 80 }] })),
      ) as StoredService;
      const ip = svc.spec!.clusterIP!;
      const port = svc.spec!.ports![0]!.nodePort!;
      const updated = change<Service>(c, "services", "nodeport-service", (s) => ({
        ...s,
        spec: {
          type: "ExternalName",
          externalName: "foo.example.com",
          selector: s.spec!.selector,
          sessionAffinity: s.spec!.sessionAffinity,
          ports: s.spec!.ports!.map(({ nodePort: _dropped, ...p }) => p),
        },
      }));
      expect(updated.spec).toEqual({
        type: "ExternalName",
        externalName: "foo.example.com",
        selector: { app: "x" },
        sessionAffinity: "None",
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      });
      c.settle();
      // The ClusterIP and the nodePort went back to their pools and can be asked for again.
      const reuse = mustOk(
        c.create(service("reuse", { type: "NodePort", clusterIP: ip, ports: [{ port: 80, nodePort: port }] })),
      ) as StoredService;
      expect([reuse.spec?.clusterIP, reuse.spec!.ports![0]!.nodePort]).toEqual([ip, port]);
    });
  });

  it("Services should create endpoints for unready pods", () => {
    const c = newCluster();
    const labels = { app: "tolerate-unready" };
    // A pod that never becomes ready.
    mustOk(
      c.create(
        pod("unready", { image: "nginx:1.27", readinessProbe: { exec: { command: ["/bin/false"] } } }, { labels }),
      ),
    );
    mustOk(
      c.create(
        service("tolerate-unready", {
          selector: labels,
          publishNotReadyAddresses: true,
          clusterIP: "None",
          ports: [{ name: "http", port: 80 }],
        }),
      ),
    );
    c.advance(15);
    const p = mustGet<StoredPod>(c, "pods", "unready");
    expect(p.status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("False");
    expect(endpointPairs(c, "tolerate-unready")).toEqual(["unready:80"]);
    expect(
      slicesOf(c, "tolerate-unready").map((s) => s.endpoints?.map((e) => [e.targetRef?.name, e.conditions])),
    ).toEqual([[["unready", { ready: true, serving: false, terminating: false }]]]);
    // Turning publishNotReadyAddresses off takes it out of the ready addresses…
    change<Service>(c, "services", "tolerate-unready", (s) => ({
      ...s,
      spec: { ...s.spec, publishNotReadyAddresses: false },
    }));
    c.settle();
    expect(endpointPairs(c, "tolerate-unready")).toEqual([]);
    expect(endpointsOf(c, "tolerate-unready").subsets?.[0]?.notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual([
      "unready",
    ]);
    expect(slicePairs(c, "tolerate-unready")).toEqual([]);
    // …and on again puts it back, even while the pod terminates.
    change<Service>(c, "services", "tolerate-unready", (s) => ({
      ...s,
      spec: { ...s.spec, publishNotReadyAddresses: true },
    }));
    mustOk(c.delete("pods", "unready"));
    c.settle();
    expect(endpointPairs(c, "tolerate-unready")).toEqual(["unready:80"]);
    expect(slicesOf(c, "tolerate-unready").map((s) => s.endpoints?.map((e) => e.conditions))).toEqual([
      [{ ready: true, serving: false, terminating: true }],
    ]);
  });

  it("Services should be rejected for evicted pods (no endpoints exist)", () => {
    const c = newCluster();
    const labels = { app: "evicted" };
    // A pod that has finished (Failed), as an evicted pod has: it keeps its IP but is no endpoint.
    mustOk(
      c.create(
        pod(
          "evicted-pod",
          { image: "busybox:1.36", command: ["sh", "-c", "exit 1"] },
          { labels, spec: { restartPolicy: "Never" } },
        ),
      ),
    );
    mustOk(c.create(service("evicted-pods", { selector: labels, ports: [{ port: 80, targetPort: 80 }] })));
    c.advance(10);
    expect(mustGet<StoredPod>(c, "pods", "evicted-pod").status?.phase).toBe("Failed");
    expect(endpointsOf(c, "evicted-pods").subsets ?? []).toEqual([]);
    const slices = slicesOf(c, "evicted-pods");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints ?? []).toEqual([]);
  });

  it("Services should implement service.kubernetes.io/service-proxy-name and service.kubernetes.io/headless (the labels reach the EndpointSlices kube-proxy filters on)", () => {
    const c = newCluster();
    mustOk(
      c.create(
        service(
          "service-proxy-toggled",
          { selector: { app: "t" }, ports: [{ port: 80 }] },
          { labels: { "service.kubernetes.io/service-proxy-name": "foo-bar" } },
        ),
      ),
    );
    mustOk(
      c.create(
        service(
          "service-headless-toggled",
          { selector: { app: "h" }, ports: [{ port: 80 }] },
          { labels: { "service.kubernetes.io/headless": "" } },
        ),
      ),
    );
    c.settle();
    expect(slicesOf(c, "service-proxy-toggled")[0]!.metadata.labels?.["service.kubernetes.io/service-proxy-name"]).toBe(
      "foo-bar",
    );
    // The headless label is reserved: a Service with a ClusterIP does not pass it on to its slices.
    expect(slicesOf(c, "service-headless-toggled")[0]!.metadata.labels).not.toHaveProperty(
      "service.kubernetes.io/headless",
    );
    change<Service>(c, "services", "service-proxy-toggled", (s) => ({ ...s, metadata: { ...s.metadata, labels: {} } }));
    c.settle();
    expect(slicesOf(c, "service-proxy-toggled")[0]!.metadata.labels).not.toHaveProperty(
      "service.kubernetes.io/service-proxy-name",
    );
  });
});

describe("[sig-network] EndpointSlice (control plane)", () => {
  it("EndpointSlice should have Endpoints and EndpointSlices pointing to API Server", () => {
    const c = newCluster();
    expect(endpointsOf(c, "kubernetes").subsets).toEqual([
      { addresses: [{ ip: "172.18.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] },
    ]);
    const [slice, ...more] = slicesOf(c, "kubernetes");
    expect(more).toEqual([]);
    expect(slice!.metadata.name).toBe("kubernetes");
    expect(slice!.metadata.labels).toEqual({ "kubernetes.io/service-name": "kubernetes" });
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.endpoints).toEqual([{ addresses: ["172.18.0.2"], conditions: { ready: true } }]);
    expect(slice!.ports).toEqual([{ name: "https", port: 6443, protocol: "TCP" }]);
  });

  it("EndpointSlice should create and delete Endpoints and EndpointSlices for a Service with a selector specified", () => {
    const c = newCluster();
    const svc = mustOk(
      c.create(
        service("example-empty-selector", {
          selector: { "example-label": "example-value" },
          ports: [{ name: "example", port: 80, protocol: "TCP" }],
        }),
      ),
    );
    c.settle();
    expect(endpointsOf(c, "example-empty-selector").metadata.name).toBe("example-empty-selector");
    const slices = slicesOf(c, "example-empty-selector");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.metadata.ownerReferences?.map((r) => r.uid)).toEqual([svc.metadata.uid]);
    mustOk(c.delete("services", "example-empty-selector"));
    c.settle();
    expect(c.get("endpoints", "example-empty-selector").ok).toBe(false);
    expect(slicesOf(c, "example-empty-selector")).toEqual([]);
  });

  it("EndpointSlice should create Endpoints and EndpointSlices for Pods matching a Service", () => {
    const c = newCluster();
    mustOk(c.create(pod("pod1", { image: "nginx:1.27" }, { labels: { "label-pod": "pod1" } })));
    mustOk(c.create(pod("pod2", { image: "nginx:1.27" }, { labels: { "label-pod": "pod2", "label-shared": "yes" } })));
    mustOk(
      c.create(
        service("example-int-port", {
          selector: { "label-pod": "pod1" },
          ports: [{ name: "example", port: 80, targetPort: 3000 }],
        }),
      ),
    );
    mustOk(
      c.create(
        service("example-named-port", {
          selector: { "label-shared": "yes" },
          ports: [{ name: "http", port: 80, targetPort: "http" }],
        }),
      ),
    );
    mustOk(
      c.create(
        service("example-no-match", {
          selector: { "label-pod": "none" },
          ports: [{ name: "example", port: 80, targetPort: 8080 }],
        }),
      ),
    );
    c.advance(10);
    expect(endpointPairs(c, "example-int-port")).toEqual(["pod1:3000"]);
    expect(slicePairs(c, "example-int-port")).toEqual(["pod1:3000"]);
    // pod2 declares no port named "http": it is in neither object.
    expect(endpointsOf(c, "example-named-port").subsets ?? []).toEqual([]);
    expect(slicesOf(c, "example-named-port").map((s) => s.endpoints ?? [])).toEqual([[]]);
    expect(slicesOf(c, "example-no-match").map((s) => s.endpoints ?? [])).toEqual([[]]);
  });
});

describe("[sig-network] EndpointSliceMirroring (control plane)", () => {
  it("EndpointSliceMirroring should mirror a custom Endpoints resource through create update and delete", () => {
    const c = newCluster();
    mustOk(c.create(service("example-custom-endpoints", { ports: [{ name: "example", port: 80, protocol: "TCP" }] })));
    mustOk(
      c.create({
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "example-custom-endpoints" },
        subsets: [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ name: "example", port: 80, protocol: "TCP" }] }],
      }),
    );
    c.settle();
    const mirrored = () =>
      slicesOf(c, "example-custom-endpoints").map((s) => [
        s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"],
        s.endpoints.map((e) => e.addresses[0]),
        s.ports?.map((p) => `${p.name}:${p.port}/${p.protocol}`),
      ]);
    expect(mirrored()).toEqual([["endpointslicemirroring-controller.k8s.io", ["10.1.2.3"], ["example:80/TCP"]]]);
    change<StoredEndpoints>(c, "endpoints", "example-custom-endpoints", (e) => ({
      ...e,
      subsets: [{ addresses: [{ ip: "10.2.3.4" }], ports: [{ name: "example", port: 81, protocol: "TCP" }] }],
    }));
    c.settle();
    expect(mirrored()).toEqual([["endpointslicemirroring-controller.k8s.io", ["10.2.3.4"], ["example:81/TCP"]]]);
    mustOk(c.delete("endpoints", "example-custom-endpoints"));
    c.settle();
    expect(mirrored()).toEqual([]);
  });
});
