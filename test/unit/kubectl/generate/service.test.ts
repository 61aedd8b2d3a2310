/**
 * `kubectl create service`, compared whole with what `--dry-run=client -o yaml` prints in
 * v1.34 (k8s.io/kubectl pkg/cmd/create/create_service.go). A Service prints
 * `status: {loadBalancer: {}}`.
 */
import { describe, expect, it } from "vitest";
import { generateService } from "../../../../engine/kubectl/generate/index.ts";

describe("the services kubectl create service builds", () => {
  it("clusterip: labels and selects app=NAME and names each port after its --tcp text", () => {
    expect(generateService("clusterip", { name: "web", tcp: ["80:8080", "443"] })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", labels: { app: "web" } },
        spec: {
          type: "ClusterIP",
          selector: { app: "web" },
          ports: [
            { name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 },
            { name: "443", port: 443, protocol: "TCP", targetPort: 443 },
          ],
        },
        status: { loadBalancer: {} },
      },
    });
  });

  it("clusterip --clusterip=None: a headless service, ports optional", () => {
    expect(generateService("clusterip", { name: "db", clusterIP: "None" })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "db", labels: { app: "db" } },
        spec: { type: "ClusterIP", selector: { app: "db" }, clusterIP: "None" },
        status: { loadBalancer: {} },
      },
    });
  });

  it("nodeport: --node-port goes on every port, and a named target port is kept as a name", () => {
    expect(
      generateService("nodeport", { name: "web", tcp: ["80:http", "81"], nodePort: 30080, namespace: "lab" }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", namespace: "lab", labels: { app: "web" } },
        spec: {
          type: "NodePort",
          selector: { app: "web" },
          ports: [
            { name: "80-http", port: 80, protocol: "TCP", targetPort: "http", nodePort: 30080 },
            { name: "81", port: 81, protocol: "TCP", targetPort: 81, nodePort: 30080 },
          ],
        },
        status: { loadBalancer: {} },
      },
    });
  });

  it("loadbalancer: the type LoadBalancer", () => {
    const s = generateService("loadbalancer", { name: "lb", tcp: ["443:8443"] });
    expect(s.ok && s.object.spec).toEqual({
      type: "LoadBalancer",
      selector: { app: "lb" },
      ports: [{ name: "443-8443", port: 443, protocol: "TCP", targetPort: 8443 }],
    });
  });

  it("externalname: the external name, and still the app=NAME selector", () => {
    expect(generateService("externalname", { name: "ext", externalName: "example.com" })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "ext", labels: { app: "ext" } },
        spec: { type: "ExternalName", selector: { app: "ext" }, externalName: "example.com" },
        status: { loadBalancer: {} },
      },
    });
  });

  it("ignores a third part of a --tcp value but keeps it in the port name", () => {
    const s = generateService("clusterip", { name: "w", tcp: ["80:8080:9"] });
    expect(s.ok && s.object.spec?.ports).toEqual([{ name: "80-8080-9", port: 80, protocol: "TCP", targetPort: 8080 }]);
  });
});

describe("the errors kubectl create service reports", () => {
  const cases: [string, Parameters<typeof generateService>, string][] = [
    ["no --tcp", ["clusterip", { name: "w" }], "at least one tcp port specifier must be provided"],
    [
      "no --tcp on a nodeport",
      ["nodeport", { name: "w", tcp: [] }],
      "at least one tcp port specifier must be provided",
    ],
    [
      "a headless nodeport",
      ["nodeport", { name: "w", clusterIP: "None", tcp: ["80"] }],
      "ClusterIP=None can only be used with ClusterIP service type",
    ],
    [
      "an external name that is not a DNS name",
      ["externalname", { name: "w", externalName: "Bad_Name" }],
      "invalid service external name Bad_Name",
    ],
    ["an empty external name", ["externalname", { name: "w", externalName: "" }], "invalid service external name "],
    [
      "a port that is not a number",
      ["clusterip", { name: "w", tcp: ["http"] }],
      'strconv.ParseUint: parsing "http": invalid syntax',
    ],
    ["a signed port", ["clusterip", { name: "w", tcp: ["+80"] }], 'strconv.ParseUint: parsing "+80": invalid syntax'],
    [
      "a port above 65535",
      ["clusterip", { name: "w", tcp: ["70000:80"] }],
      'strconv.ParseUint: parsing "70000": value out of range',
    ],
    ["a target port of 0", ["clusterip", { name: "w", tcp: ["80:0"] }], "must be between 1 and 65535, inclusive"],
    [
      "a target port above 65535",
      ["clusterip", { name: "w", tcp: ["80:65536"] }],
      "must be between 1 and 65535, inclusive",
    ],
    [
      "an empty target port",
      ["clusterip", { name: "w", tcp: ["80:"] }],
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)",
    ],
    [
      "a target port name with capitals and a double hyphen",
      ["clusterip", { name: "w", tcp: ["80:Web--x"] }],
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must not contain consecutive hyphens",
    ],
    [
      "a target port name over 15 characters",
      ["clusterip", { name: "w", tcp: ["80:abcdefghijklmnop"] }],
      "must be no more than 15 characters",
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(generateService(...args)).toEqual({ ok: false, message });
    });
  }

  it("accepts port 0 (the server rejects it later)", () => {
    const s = generateService("clusterip", { name: "w", tcp: ["0:80"] });
    expect(s.ok && s.object.spec?.ports).toEqual([{ name: "0-80", port: 0, protocol: "TCP", targetPort: 80 }]);
  });
});
