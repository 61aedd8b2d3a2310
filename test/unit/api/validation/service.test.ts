// Expected texts: k8s.io/kubernetes pkg/apis/core/validation/validation.go — ValidateService,
// validateServicePort, validateClientIPAffinityConfig, ValidateServiceClusterIPsRelatedFields,
// ValidateNonSpecialIP, validateServiceExternalTrafficPolicy, ValidateServiceUpdate
// (validateUpgradeDowngradeClusterIPs/IPFamilies); the catalogue in
// shared/reference/kubernetes-fidelity.md §5.5 and §1.3/§1.4. Values print as
// apimachinery v0.34 field.Error does (JSON for non-scalars).
import { describe, expect, it } from "vitest";
import { createMessage, merge, service, stored, updateMessage } from "./fixtures.ts";
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  PORT_RANGE,
  QUALIFIED_NAME_PART,
  VALID_CIDR,
  VALID_IP,
} from "./messages.ts";

const tcp = (port: number, extra: object = {}) => ({ protocol: "TCP", port, targetPort: port, ...extra });

describe("service names and ports (§5.5)", () => {
  it("accepts a defaulted ClusterIP service", () => {
    expect(createMessage(service())).toBe("");
  });

  it("names services with DNS-1035 labels", () => {
    expect(createMessage(service({ metadata: { name: "1web" } }))).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": ${DNS1035_LABEL}`,
    );
  });

  it("reports a port out of range", () => {
    expect(createMessage(service({ spec: { ports: [{ protocol: "TCP", port: 70000, targetPort: 80 }] } }))).toBe(
      `Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: ${PORT_RANGE}`,
    );
  });

  it("requires ports, except for headless and ExternalName services", () => {
    expect(createMessage(service({ spec: { ports: [] } }))).toBe(
      'Service "web" is invalid: spec.ports: Required value',
    );
    expect(createMessage(service({ spec: { clusterIP: "None", clusterIPs: ["None"], ports: [] } }))).toBe("");
    const ext = { type: "ExternalName", externalName: "db.example.com", ports: [], internalTrafficPolicy: undefined };
    expect(createMessage(service({ spec: ext }))).toBe("");
  });

  it("requires every port to be named when there are several", () => {
    expect(createMessage(service({ spec: { ports: [tcp(80), tcp(443)] } }))).toBe(
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    );
  });

  it("reports a duplicate port with the Go struct upstream keys it by", () => {
    expect(createMessage(service({ spec: { ports: [tcp(80, { name: "a" }), tcp(80, { name: "b" })] } }))).toBe(
      'Service "web" is invalid: spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    );
  });

  it("reports duplicate port names", () => {
    const ports = [tcp(80, { name: "http" }), { name: "http", protocol: "UDP", port: 80, targetPort: 80 }];
    expect(createMessage(service({ spec: { ports } }))).toBe(
      'Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"',
    );
  });

  it("checks port names, protocols and target ports", () => {
    expect(createMessage(service({ spec: { ports: [tcp(80, { name: "Web_1" })] } }))).toBe(
      `Service "web" is invalid: spec.ports[0].name: Invalid value: "Web_1": ${DNS1123_LABEL}`,
    );
    expect(createMessage(service({ spec: { ports: [{ protocol: "HTTP", port: 80, targetPort: 80 }] } }))).toBe(
      'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
    expect(createMessage(service({ spec: { ports: [tcp(80, { targetPort: 0 })] } }))).toBe(
      `Service "web" is invalid: spec.ports[0].targetPort: Invalid value: 0: ${PORT_RANGE}`,
    );
    expect(createMessage(service({ spec: { ports: [tcp(80, { targetPort: "8080" })] } }))).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    );
  });

  it("forbids nodePort on ClusterIP services (§1.3)", () => {
    expect(createMessage(service({ spec: { ports: [tcp(80, { nodePort: 30080 })] } }))).toBe(
      "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  it("reports the same node port twice", () => {
    const ports = [tcp(80, { name: "a", nodePort: 30080 }), tcp(81, { name: "b", nodePort: 30080 })];
    expect(createMessage(service({ spec: { type: "NodePort", externalTrafficPolicy: "Cluster", ports } }))).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Duplicate value: 30080',
    );
  });

  it("checks selector keys as labels", () => {
    expect(createMessage(service({ spec: { selector: { "app!": "web" } } }))).toBe(
      `Service "web" is invalid: spec.selector: Invalid value: "app!": ${QUALIFIED_NAME_PART}`,
    );
  });
});

describe("service types", () => {
  it("lists the supported types for a misspelt one", () => {
    expect(createMessage(service({ spec: { type: "externalName" } }))).toBe(
      'Service "web" is invalid: spec.type: Unsupported value: "externalName": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it("requires a valid externalName for ExternalName services", () => {
    const base = { type: "ExternalName", ports: [], internalTrafficPolicy: undefined };
    expect(createMessage(service({ spec: base }))).toBe('Service "web" is invalid: spec.externalName: Required value');
    expect(createMessage(service({ spec: { ...base, externalName: "DB_host" } }))).toBe(
      `Service "web" is invalid: spec.externalName: Invalid value: "DB_host": ${DNS1123_SUBDOMAIN}`,
    );
  });

  it("forbids cluster IPs and families on ExternalName services", () => {
    const spec = {
      type: "ExternalName",
      externalName: "db.example.com.",
      clusterIP: "10.96.0.5",
      clusterIPs: ["10.96.0.5"],
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
      internalTrafficPolicy: undefined,
    };
    expect(createMessage(service({ spec }))).toBe(
      'Service "web" is invalid: [spec.clusterIPs: Forbidden: may not be set for ExternalName services, spec.ipFamilies: Forbidden: may not be set for ExternalName services, spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]',
    );
  });

  it("refuses clusterIP None for NodePort and LoadBalancer services (§5.5)", () => {
    const headless = { clusterIP: "None", clusterIPs: ["None"], externalTrafficPolicy: "Cluster" };
    expect(createMessage(service({ spec: { ...headless, type: "NodePort" } }))).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    );
    expect(
      createMessage(service({ spec: { ...headless, type: "LoadBalancer", allocateLoadBalancerNodePorts: true } })),
    ).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    );
  });
});

describe("session affinity (§1.4)", () => {
  it("checks the affinity value", () => {
    expect(createMessage(service({ spec: { sessionAffinity: "Sticky" } }))).toBe(
      'Service "web" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    );
  });

  it("bounds the ClientIP timeout to 86400 seconds", () => {
    const spec = { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } };
    expect(createMessage(service({ spec }))).toBe(
      'Service "web" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    );
  });

  it("requires a config for ClientIP and forbids one for None", () => {
    expect(createMessage(service({ spec: { sessionAffinity: "ClientIP" } }))).toBe(
      'Service "web" is invalid: spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP',
    );
    expect(createMessage(service({ spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } } } }))).toBe(
      'Service "web" is invalid: spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None',
    );
  });
});

describe("traffic policies and addresses", () => {
  it("allows externalTrafficPolicy only on externally reachable services", () => {
    expect(createMessage(service({ spec: { externalTrafficPolicy: "Local" } }))).toBe(
      'Service "web" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    );
    expect(createMessage(service({ spec: { type: "NodePort", externalTrafficPolicy: "Node" } }))).toBe(
      'Service "web" is invalid: spec.externalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
    );
  });

  it("checks internalTrafficPolicy and requires it for ClusterIP services", () => {
    expect(createMessage(service({ spec: { internalTrafficPolicy: "Node" } }))).toBe(
      'Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
    );
    expect(createMessage(service({ spec: { internalTrafficPolicy: undefined } }))).toBe(
      'Service "web" is invalid: spec.internalTrafficPolicy: Required value',
    );
  });

  it("checks ipFamilyPolicy and ipFamilies", () => {
    expect(createMessage(service({ spec: { ipFamilyPolicy: "DualStack" } }))).toBe(
      'Service "web" is invalid: spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    );
    expect(createMessage(service({ spec: { ipFamilies: ["IPv5", "IPv5"] } }))).toBe(
      'Service "web" is invalid: [spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", spec.ipFamilies[1]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", spec.ipFamilies[1]: Duplicate value: "IPv5"]',
    );
  });

  it("checks cluster IPs statically, leaving range and allocation to the allocator", () => {
    expect(createMessage(service({ spec: { clusterIP: "10.96.0.300", clusterIPs: ["10.96.0.300"] } }))).toBe(
      `Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": ${VALID_IP}`,
    );
    expect(createMessage(service({ spec: { clusterIP: "192.168.7.7", clusterIPs: ["192.168.7.7"] } }))).toBe("");
    expect(createMessage(service({ spec: { clusterIP: "10.96.0.3", clusterIPs: ["10.96.0.3", "10.96.0.4"] } }))).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.3","10.96.0.4"]: may specify no more than one IP for each IP family',
    );
    expect(
      createMessage(service({ spec: { clusterIP: "10.96.0.3", clusterIPs: ["10.96.0.3"], ipFamilies: ["IPv6"] } })),
    ).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.3": expected an IPv6 value as indicated by `ipFamilies[0]`',
    );
  });

  it("refuses special external IPs", () => {
    const externalIPs = ["1.2.3.4", "127.0.0.1", "0.0.0.0", "bad", "169.254.1.1", "224.0.0.1"];
    expect(createMessage(service({ spec: { externalIPs, externalTrafficPolicy: "Cluster" } }))).toBe(
      `Service "web" is invalid: [spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), spec.externalIPs[2]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0), spec.externalIPs[3]: Invalid value: "bad": ${VALID_IP}, spec.externalIPs[4]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10), spec.externalIPs[5]: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)]`,
    );
  });

  it("keeps load-balancer fields to LoadBalancer services", () => {
    expect(createMessage(service({ spec: { loadBalancerSourceRanges: ["10.0.0.0/8", "bad"] } }))).toBe(
      `Service "web" is invalid: [spec.LoadBalancerSourceRanges: Forbidden: may only be used when \`type\` is 'LoadBalancer', spec.LoadBalancerSourceRanges[1]: Invalid value: "bad": ${VALID_CIDR}]`,
    );
    expect(createMessage(service({ spec: { loadBalancerClass: "x", allocateLoadBalancerNodePorts: true } }))).toBe(
      "Service \"web\" is invalid: [spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer', spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer']",
    );
    expect(
      createMessage(
        service({ spec: { type: "NodePort", externalTrafficPolicy: "Local", healthCheckNodePort: 30000 } }),
      ),
    ).toBe(
      "Service \"web\" is invalid: spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    );
  });

  it("checks trafficDistribution values", () => {
    expect(createMessage(service({ spec: { trafficDistribution: "Nearest" } }))).toBe(
      'Service "web" is invalid: spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    );
  });
});

describe("service updates", () => {
  const old = stored(
    service({
      spec: {
        clusterIP: "10.96.0.10",
        clusterIPs: ["10.96.0.10"],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
      },
    }),
  );

  it("keeps the cluster IP once set (§5.5)", () => {
    expect(updateMessage(merge(old, { spec: { clusterIP: "10.96.0.11", clusterIPs: ["10.96.0.11"] } }), old)).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
    );
  });

  it("refuses to unset the primary cluster IP, printing the nil list as null", () => {
    expect(updateMessage(merge(old, { spec: { clusterIP: undefined, clusterIPs: undefined } }), old)).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: null: primary clusterIP can not be unset',
    );
  });

  it("lets a service become ExternalName, releasing its cluster IP", () => {
    const spec = {
      type: "ExternalName",
      externalName: "x.example.com",
      clusterIP: undefined,
      clusterIPs: undefined,
      ipFamilies: undefined,
      ipFamilyPolicy: undefined,
      internalTrafficPolicy: undefined,
    };
    expect(updateMessage(merge(old, { spec }), old)).toBe("");
  });

  it("keeps the IP family", () => {
    expect(updateMessage(merge(old, { spec: { ipFamilies: ["IPv6"] } }), old)).toBe(
      'Service "web" is invalid: [spec.ipFamilies[0]: Invalid value: ["IPv6"]: may not change once set, spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`]',
    );
  });
});
