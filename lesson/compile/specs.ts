/** The shapes of the frontmatter and of each assertion, as lesson/model.ts defines them. */
import type { Shape } from "./shape.ts";

const str: Shape = { type: "string" };
const count: Shape = { type: "int", min: 0 };

export const clusterShape: Shape = {
  type: "map",
  fields: {
    nodes: { shape: { type: "int", min: 1, max: 100 } },
    proxyMode: { shape: { type: "enum", values: ["iptables", "ipvs", "nftables"] } },
    cni: { shape: { type: "enum", values: ["kindnet", "flannel"] } },
    loadBalancer: { shape: { type: "map", fields: { pool: { shape: str, required: true } } } },
    externalHosts: { shape: { type: "list", of: { type: "any" } } },
    seed: { shape: { type: "int" } },
  },
};

export const frontmatterShape: Shape = {
  type: "map",
  fields: {
    title: { shape: { type: "string", pattern: /\S/ }, required: true },
    description: { shape: str, required: true },
    order: { shape: { type: "number" }, required: true },
    cluster: { shape: clusterShape },
    budgetSeconds: { shape: { type: "number", min: 0 } },
  },
};

const sourceRef: Shape = {
  type: "string",
  pattern: /^(?:workstation|(?:pod|deploy|node)\/[^/\s]+)$/,
  hint: { ko: "workstation, pod/이름, deploy/이름, node/이름", en: "workstation, pod/NAME, deploy/NAME or node/NAME" },
};

/** Each assertion kind's body. */
export const assertionShapes: Readonly<Record<string, Shape>> = {
  endpoints: {
    type: "map",
    fields: {
      service: { shape: str, required: true },
      namespace: { shape: str },
      count: { shape: count },
      ready: { shape: count },
      ports: { shape: { type: "list", of: { type: "int", min: 1, max: 65535 } } },
    },
  },
  request: {
    type: "map",
    fields: {
      from: { shape: sourceRef, required: true },
      url: { shape: str, required: true },
      count: { shape: { type: "int", min: 1 } },
      status: { shape: { type: "int", min: 100, max: 599 } },
      bodyContains: { shape: str },
      bodyMatches: { shape: { type: "regexp" } },
      backends: {
        shape: {
          type: "map",
          fields: { same: { shape: { type: "bool" } }, atLeast: { shape: { type: "int", min: 1 } } },
        },
      },
      outcome: { shape: { type: "enum", values: ["connected", "refused", "timeout", "unreachable", "unresolved"] } },
      reason: { shape: str },
    },
  },
  dns: {
    type: "map",
    fields: {
      from: { shape: sourceRef, required: true },
      name: { shape: str, required: true },
      type: { shape: { type: "enum", values: ["A", "AAAA", "SRV", "PTR", "CNAME", "TXT"] } },
      answers: { shape: { type: "list", of: str } },
      count: { shape: count },
      rcode: { shape: { type: "enum", values: ["NOERROR", "NXDOMAIN", "SERVFAIL"] } },
    },
  },
  object: {
    type: "map",
    fields: {
      kind: { shape: str, required: true },
      name: { shape: str, required: true },
      namespace: { shape: str },
      exists: { shape: { type: "bool" } },
      fields: { shape: { type: "record" } },
    },
  },
  event: {
    type: "map",
    fields: {
      object: {
        shape: {
          type: "string",
          pattern: /^[A-Za-z.]+\/[^/\s]+$/,
          hint: { ko: "종류/이름 (예: pod/web)", en: "KIND/NAME (e.g. pod/web)" },
        },
        required: true,
      },
      namespace: { shape: str },
      reason: { shape: str, required: true },
      type: { shape: { type: "enum", values: ["Normal", "Warning"] } },
      messageContains: { shape: str },
    },
  },
};
