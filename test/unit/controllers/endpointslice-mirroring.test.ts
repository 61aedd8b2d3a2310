/**
 * The EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): hand-written
 * Endpoints of a Service without a selector become EndpointSlices managed by
 * endpointslicemirroring-controller.k8s.io and owned by the Endpoints.
 */
import type { Endpoints } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { Manifest, StoredEndpoints, StoredSlice } from "./helpers.ts";
import { change, list, mustOk, names, newCluster, service, suffixPattern } from "./helpers.ts";

const slicesOf = (c: Cluster, svc: string) =>
  list<StoredSlice>(c, "endpointslices").filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);

function manualEndpoints(name: string, subsets: Manifest[], metadata: Manifest = {}): Manifest {
  return { apiVersion: "v1", kind: "Endpoints", metadata: { name, ...metadata }, subsets };
}

describe("EndpointSlice mirroring", () => {
  it("mirrors the Endpoints of a Service without a selector into a slice owned by the Endpoints", () => {
    const c = newCluster();
    mustOk(c.create(service("ext", { ports: [{ name: "http", port: 80 }] })));
    const ep = mustOk(
      c.create(
        manualEndpoints(
          "ext",
          [
            {
              addresses: [{ ip: "10.1.2.3" }, { ip: "10.1.2.1" }],
              notReadyAddresses: [{ ip: "10.1.2.9" }],
              ports: [{ name: "http", port: 8080 }],
            },
          ],
          {
            labels: { team: "a" },
          },
        ),
      ),
    );
    c.settle();
    const [slice, ...more] = slicesOf(c, "ext");
    expect(more).toEqual([]);
    expect(slice!.metadata.name).toMatch(new RegExp(`^ext-${suffixPattern}$`));
    expect(slice!.metadata.labels).toEqual({
      team: "a",
      "kubernetes.io/service-name": "ext",
      "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
    });
    expect(slice!.metadata.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "Endpoints",
        name: "ext",
        uid: ep.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect([...slice!.endpoints].sort((a, b) => (a.addresses[0]! < b.addresses[0]! ? -1 : 1))).toEqual([
      { addresses: ["10.1.2.1"], conditions: { ready: true } },
      { addresses: ["10.1.2.3"], conditions: { ready: true } },
      { addresses: ["10.1.2.9"], conditions: { ready: false } },
    ]);
  });

  it("updates the mirrored slice in place when the Endpoints change, and deletes it with them", () => {
    const c = newCluster();
    mustOk(c.create(service("ext", { ports: [{ name: "http", port: 80 }] })));
    mustOk(
      c.create(manualEndpoints("ext", [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ name: "http", port: 8080 }] }])),
    );
    c.settle();
    const before = names(slicesOf(c, "ext"));
    change<Endpoints>(c, "endpoints", "ext", (e) => ({
      ...e,
      subsets: [{ addresses: [{ ip: "10.2.3.4" }], ports: [{ name: "http", port: 8081, protocol: "TCP" }] }],
    }));
    c.settle();
    const after = slicesOf(c, "ext");
    expect(names(after)).toEqual(before);
    expect([after[0]!.endpoints, after[0]!.ports]).toEqual([
      [{ addresses: ["10.2.3.4"], conditions: { ready: true } }],
      [{ name: "http", port: 8081, protocol: "TCP" }],
    ]);
    mustOk(c.delete("endpoints", "ext"));
    c.settle();
    expect(slicesOf(c, "ext")).toEqual([]);
  });

  it("makes one slice per subset with its own ports", () => {
    const c = newCluster();
    mustOk(
      c.create(
        service("ext", {
          ports: [
            { name: "a", port: 80 },
            { name: "b", port: 81 },
          ],
        }),
      ),
    );
    mustOk(
      c.create(
        manualEndpoints("ext", [
          { addresses: [{ ip: "10.0.0.1" }], ports: [{ name: "a", port: 8080 }] },
          { addresses: [{ ip: "10.0.0.2" }], ports: [{ name: "b", port: 8081 }] },
        ]),
      ),
    );
    c.settle();
    expect(
      slicesOf(c, "ext")
        .map((s) => [s.ports, s.endpoints.map((e) => e.addresses[0])])
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    ).toEqual([
      [[{ name: "a", port: 8080, protocol: "TCP" }], ["10.0.0.1"]],
      [[{ name: "b", port: 8081, protocol: "TCP" }], ["10.0.0.2"]],
    ]);
  });

  it("mirrors nothing for Endpoints without a Service, and starts mirroring when the Service appears, stopping when it goes", () => {
    const c = newCluster();
    mustOk(c.create(manualEndpoints("lonely", [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80 }] }])));
    c.settle();
    expect(slicesOf(c, "lonely")).toEqual([]);
    mustOk(c.create(service("lonely", { ports: [{ port: 80 }] })));
    c.settle();
    expect(slicesOf(c, "lonely").map((s) => s.endpoints)).toEqual([
      [{ addresses: ["10.1.2.3"], conditions: { ready: true } }],
    ]);
    mustOk(c.delete("services", "lonely"));
    c.settle();
    expect(slicesOf(c, "lonely")).toEqual([]);
    // The hand-written Endpoints stay: nothing owns them.
    expect(c.get("endpoints", "lonely").ok).toBe(true);
  });

  it("does not mirror Endpoints labelled skip-mirror (as the API server's kubernetes Endpoints are) nor those of a Service with a selector", () => {
    const c = newCluster();
    mustOk(c.create(service("skip", { ports: [{ port: 80 }] })));
    mustOk(
      c.create(
        manualEndpoints("skip", [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80 }] }], {
          labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
        }),
      ),
    );
    mustOk(c.create(service("selected", { selector: { app: "x" }, ports: [{ port: 80 }] })));
    c.settle();
    expect(slicesOf(c, "skip")).toEqual([]);
    expect(slicesOf(c, "selected").map((s) => s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"])).toEqual([
      "endpointslice-controller.k8s.io",
    ]);
    expect(slicesOf(c, "kubernetes").map((s) => s.metadata.labels)).toEqual([
      { "kubernetes.io/service-name": "kubernetes" },
    ]);
  });

  it("keeps no slice for Endpoints without addresses", () => {
    const c = newCluster();
    mustOk(c.create(service("ext", { ports: [{ port: 80 }] })));
    mustOk(c.create(manualEndpoints("ext", [])));
    c.settle();
    expect(slicesOf(c, "ext")).toEqual([]);
  });

  // newEndpointSlice (endpointslicemirroring/utils.go) clones every annotation but last-change-trigger-time and last-applied-configuration.
  it("copies the Endpoints' annotations onto the mirrored slice, except last-change-trigger-time", () => {
    const c = newCluster();
    mustOk(c.create(service("ext", { ports: [{ port: 80 }] })));
    mustOk(
      c.create(
        manualEndpoints("ext", [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80 }] }], {
          annotations: { owner: "team-a", "endpoints.kubernetes.io/last-change-trigger-time": "2025-09-01T09:00:00Z" },
        }),
      ),
    );
    c.settle();
    expect(slicesOf(c, "ext").map((s) => s.metadata.annotations)).toEqual([{ owner: "team-a" }]);
  });

  it("leaves hand-written Endpoints alone: the Endpoints controller only manages Services with a selector", () => {
    const c = newCluster();
    mustOk(c.create(service("ext", { ports: [{ port: 80 }] })));
    const ep = mustOk(
      c.create(manualEndpoints("ext", [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80 }] }])),
    ) as StoredEndpoints;
    c.advance(5);
    const now = list<StoredEndpoints>(c, "endpoints").find((e) => e.metadata.name === "ext")!;
    expect(now.metadata.resourceVersion).toBe(ep.metadata.resourceVersion);
    expect(now.metadata.labels).toBeUndefined();
  });
});
