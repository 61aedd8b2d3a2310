// Expected texts: k8s.io/kubernetes pkg/apis/core/validation/validation.go — ValidateEndpoints,
// validateEndpointAddress, validateEndpointPort, ValidateNonSpecialIP; pkg/apis/discovery/validation
// — ValidateEndpointSlice (maxEndpoints 1000, maxAddresses 100, maxPorts 20000), address-type and
// port checks; apimachinery IsFullyQualifiedDomainName and field.TooMany.
import { describe, expect, it } from "vitest";
import { createMessage, merge, stored, updateMessage } from "./fixtures.ts";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, PORT_RANGE, VALID_IP } from "./messages.ts";

const endpoints = (subsets: unknown) => ({
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "web", namespace: "default" },
  subsets,
});

const slice = (patch: object = {}) =>
  merge(
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-abcde", namespace: "default" },
      addressType: "IPv4",
      endpoints: [],
      ports: [],
    },
    patch,
  );

describe("Endpoints", () => {
  it("accepts an address with a port", () => {
    expect(
      createMessage(endpoints([{ addresses: [{ ip: "10.244.1.5" }], ports: [{ port: 80, protocol: "TCP" }] }])),
    ).toBe("");
  });

  it("requires addresses or notReadyAddresses in each subset", () => {
    expect(createMessage(endpoints([{ ports: [{ port: 80, protocol: "TCP" }] }]))).toBe(
      'Endpoints "web" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    );
  });

  it("checks addresses, hostnames, node names and ports", () => {
    const subsets = [
      {
        addresses: [
          { ip: "10.244.1.300", hostname: "A" },
          { ip: "127.0.0.1", nodeName: "Node_1" },
        ],
        ports: [
          { port: 0, protocol: "TCP" },
          { name: "b", port: 80, protocol: "ICMP" },
        ],
      },
    ];
    expect(createMessage(endpoints(subsets))).toBe(
      `Endpoints "web" is invalid: [subsets[0].addresses[0].ip: Invalid value: "10.244.1.300": ${VALID_IP}, subsets[0].addresses[0].hostname: Invalid value: "A": ${DNS1123_LABEL}, subsets[0].addresses[0].ip: Invalid value: "10.244.1.300": must be a valid IP address, subsets[0].addresses[1].nodeName: Invalid value: "Node_1": ${DNS1123_SUBDOMAIN}, subsets[0].addresses[1].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), subsets[0].ports[0].name: Required value, subsets[0].ports[0].port: Invalid value: 0: ${PORT_RANGE}, subsets[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"]`,
    );
  });
});

describe("EndpointSlice", () => {
  it("accepts a ready endpoint with a named port", () => {
    const ok = slice({
      endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready: true } }],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    });
    expect(createMessage(ok)).toBe("");
  });

  it("requires a supported addressType", () => {
    expect(createMessage(slice({ addressType: "" }))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: addressType: Required value',
    );
    expect(createMessage(slice({ addressType: "IPv5" }))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    );
  });

  it("requires 1 to 100 addresses per endpoint, of the slice's family and not special", () => {
    const many = Array.from({ length: 101 }, (_, i) => `10.0.0.${i + 1}`);
    const eps = [{ addresses: [] }, { addresses: ["fd00::1", "300.1.1.1", "127.0.0.1"] }, { addresses: many }];
    expect(createMessage(slice({ endpoints: eps }))).toBe(
      `EndpointSlice.discovery.k8s.io "web-abcde" is invalid: [endpoints[0].addresses: Required value: must contain at least 1 address, endpoints[1].addresses[0]: Invalid value: "fd00::1": must be an IPv4 address, endpoints[1].addresses[1]: Invalid value: "300.1.1.1": ${VALID_IP}, endpoints[1].addresses[2]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), endpoints[2].addresses: Too many: 101: must have at most 100 items]`,
    );
  });

  it("allows at most 1000 endpoints", () => {
    const eps = Array.from({ length: 1001 }, () => ({ addresses: ["10.0.0.1"] }));
    expect(createMessage(slice({ endpoints: eps }))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: endpoints: Too many: 1001: must have at most 1000 items',
    );
  });

  it("checks port names, their uniqueness (unnamed ports included) and protocols", () => {
    const ports = [
      { name: "Http", port: 80, protocol: "TCP" },
      { name: "", port: 81, protocol: "TCP" },
      { name: "", port: 82 },
      { name: "x", protocol: "ICMP" },
    ];
    expect(createMessage(slice({ ports }))).toBe(
      `EndpointSlice.discovery.k8s.io "web-abcde" is invalid: [ports[0].name: Invalid value: "Http": ${DNS1123_LABEL}, ports[2].name: Duplicate value: "", ports[2].protocol: Required value, ports[3].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"]`,
    );
  });

  it("requires FQDN addresses to have two labels", () => {
    expect(createMessage(slice({ addressType: "FQDN", endpoints: [{ addresses: ["db", "db.example.com"] }] }))).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots',
    );
  });

  it("keeps the addressType on update", () => {
    const old = stored(slice());
    expect(updateMessage(merge(old, { addressType: "IPv6" }), old)).toBe(
      'EndpointSlice.discovery.k8s.io "web-abcde" is invalid: addressType: Invalid value: "IPv6": field is immutable',
    );
  });
});
