// Expected texts: k8s.io/kubernetes pkg/apis/networking/validation/validation.go —
// ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock, ValidateNetworkPolicySpec
// (policyTypes), ValidateNetworkPolicyUpdate (CIDRs of the old policy stay acceptable).
import { describe, expect, it } from "vitest";
import { createMessage, stored, updateMessage } from "./fixtures.ts";
import { PORT_RANGE, QUALIFIED_NAME_PART, VALID_CIDR } from "./messages.ts";

const policy = (spec: unknown) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "deny", namespace: "default" },
  spec,
});

describe("NetworkPolicy", () => {
  it("accepts a default-deny policy", () => {
    expect(createMessage(policy({ podSelector: {}, policyTypes: ["Ingress"] }))).toBe("");
  });

  it("checks port protocols, numbers and endPort rules", () => {
    const ports = [
      { protocol: "ICMP", port: 80 },
      { port: 8080, endPort: 80 },
      { port: "http", endPort: 90 },
      { endPort: 90 },
      { port: 0 },
    ];
    expect(createMessage(policy({ podSelector: {}, ingress: [{ ports }] }))).toBe(
      `NetworkPolicy.networking.k8s.io "deny" is invalid: [spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP", spec.ingress[0].ports[1].endPort: Invalid value: 80: must be greater than or equal to \`port\`, spec.ingress[0].ports[2].endPort: Invalid value: 90: may not be specified when \`port\` is non-numeric, spec.ingress[0].ports[3].endPort: Invalid value: 90: may not be specified when \`port\` is not specified, spec.ingress[0].ports[4].port: Invalid value: 0: ${PORT_RANGE}]`,
    );
  });

  it("checks the pod selector, peers and ipBlock CIDRs with their exceptions", () => {
    const from = [
      {},
      { podSelector: {}, ipBlock: { cidr: "10.0.0.0/8" } },
      { ipBlock: { cidr: "" } },
      { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16", "192.168.0.0/16", "10.0.0.0/8", "bad"] } },
    ];
    expect(createMessage(policy({ podSelector: { matchLabels: { "a b": "x" } }, ingress: [{ from }] }))).toBe(
      `NetworkPolicy.networking.k8s.io "deny" is invalid: [spec.podSelector.matchLabels: Invalid value: "a b": ${QUALIFIED_NAME_PART}, spec.ingress[0].from[0]: Required value: must specify a peer, spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer, spec.ingress[0].from[2].ipBlock.cidr: Required value, spec.ingress[0].from[3].ipBlock.except[1]: Invalid value: "192.168.0.0/16": must be a strict subset of \`cidr\`, spec.ingress[0].from[3].ipBlock.except[2]: Invalid value: "10.0.0.0/8": must be a strict subset of \`cidr\`, spec.ingress[0].from[3].ipBlock.except[3]: Invalid value: "bad": ${VALID_CIDR}]`,
    );
  });

  it("checks egress peers the same way", () => {
    expect(createMessage(policy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/33" } }] }] }))).toBe(
      `NetworkPolicy.networking.k8s.io "deny" is invalid: spec.egress[0].to[0].ipBlock.cidr: Invalid value: "0.0.0.0/33": ${VALID_CIDR}`,
    );
  });

  it("accepts only Ingress and Egress as policy types, at most two", () => {
    expect(createMessage(policy({ podSelector: {}, policyTypes: ["ingress"] }))).toBe(
      'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
    );
    expect(createMessage(policy({ podSelector: {}, policyTypes: ["Ingress", "Egress", "Ingress"] }))).toBe(
      'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
    );
  });

  it("keeps accepting an invalid CIDR the stored policy already held", () => {
    const old = stored(policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/40" } }] }] }));
    const next = structuredClone(old);
    (next.spec as { policyTypes?: string[] }).policyTypes = ["Ingress"];
    expect(updateMessage(next, old)).toBe("");
  });
});
