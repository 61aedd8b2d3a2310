/**
 * `kubectl expose`: the Service for each kind it accepts, compared whole with what
 * `--dry-run=client -o yaml` prints in v1.34 (k8s.io/kubectl pkg/cmd/expose/expose.go and
 * the polymorphichelpers it calls), and its errors word for word.
 */
import { describe, expect, it } from "vitest";
import type { StoredObject } from "../../../../engine/api/object.ts";
import { generateExpose } from "../../../../engine/kubectl/generate/index.ts";

function stored(apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}): StoredObject {
  const { labels, ...body } = rest;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: "default",
      uid: "u",
      resourceVersion: "1",
      creationTimestamp: "2025-01-01T00:00:00Z",
      ...(labels ? { labels: labels as Record<string, string> } : {}),
    },
    ...body,
  } as StoredObject;
}

const podSpec = (...ports: { containerPort: number; protocol?: string }[][]) => ({
  containers: ports.map((p, i) => ({ name: `c${i}`, image: "nginx", ports: p })),
});

const deployment = (selector: Record<string, unknown>, ...ports: { containerPort: number; protocol?: string }[][]) =>
  stored("apps/v1", "Deployment", "web", {
    labels: { app: "web", team: "net" },
    spec: { selector, template: { metadata: { labels: { app: "web", pod: "x" } }, spec: podSpec(...ports) } },
  });

describe("the service kubectl expose builds", () => {
  it("from a deployment: selects its matchLabels, copies its labels and its one port, unnamed", () => {
    expect(generateExpose(deployment({ matchLabels: { app: "web" } }, [{ containerPort: 80 }]))).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", labels: { app: "web", team: "net" } },
        spec: { ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], selector: { app: "web" } },
        status: { loadBalancer: {} },
      },
    });
  });

  it("from a pod: selects all its labels", () => {
    const pod = stored("v1", "Pod", "client", {
      labels: { run: "client", tier: "x" },
      spec: podSpec([{ containerPort: 8080 }]),
    });
    const svc = generateExpose(pod, { type: "NodePort", namespace: "default" });
    expect(svc).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "client", namespace: "default", labels: { run: "client", tier: "x" } },
        spec: {
          ports: [{ port: 8080, protocol: "TCP", targetPort: 8080 }],
          selector: { run: "client", tier: "x" },
          type: "NodePort",
        },
        status: { loadBalancer: {} },
      },
    });
  });

  it("from a service: selects its selector and targets its ports (not its target ports)", () => {
    const svc = stored("v1", "Service", "web", {
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] },
    });
    expect(generateExpose(svc, { name: "web-np", type: "NodePort" })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web-np" },
        spec: { ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], selector: { app: "web" }, type: "NodePort" },
        status: { loadBalancer: {} },
      },
    });
  });

  it("from a replicaset and a replication controller", () => {
    const rs = stored("apps/v1", "ReplicaSet", "web-abc", {
      spec: { selector: { matchLabels: { app: "web" } }, template: { spec: podSpec([{ containerPort: 80 }]) } },
    });
    const rc = stored("v1", "ReplicationController", "old", {
      spec: { selector: { app: "old" }, template: { spec: podSpec([{ containerPort: 81 }]) } },
    });
    const a = generateExpose(rs);
    const b = generateExpose(rc);
    expect(a.ok && a.object.spec).toEqual({
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      selector: { app: "web" },
    });
    expect(b.ok && b.object.spec).toEqual({
      ports: [{ port: 81, protocol: "TCP", targetPort: 81 }],
      selector: { app: "old" },
    });
  });

  it("names several ports port-1, port-2 …, each with its container port's protocol", () => {
    const d = deployment(
      { matchLabels: { app: "web" } },
      [{ containerPort: 80 }, { containerPort: 9000, protocol: "UDP" }],
      [{ containerPort: 9001, protocol: "SCTP" }],
    );
    const s = generateExpose(d, { targetPort: "http" });
    expect(s.ok && s.object.spec?.ports).toEqual([
      { name: "port-1", port: 80, protocol: "TCP", targetPort: "http" },
      { name: "port-2", port: 9000, protocol: "UDP", targetPort: "http" },
      { name: "port-3", port: 9001, protocol: "SCTP", targetPort: "http" },
    ]);
  });

  it("counts a port two containers share once, but lists its protocol twice, as kubectl v1.34 does", () => {
    // portsForObject deduplicates by number; multiProtocolsForObject does not, so the shared
    // port comes out twice as port-N-tcp (which the API server then rejects as a duplicate).
    const d = deployment(
      { matchLabels: { app: "web" } },
      [{ containerPort: 80 }],
      [{ containerPort: 80 }, { containerPort: 81 }],
    );
    const s = generateExpose(d);
    expect(s.ok && s.object.spec?.ports).toEqual([
      { name: "port-1-tcp", port: 80, protocol: "TCP", targetPort: 80 },
      { name: "port-1-tcp", port: 80, protocol: "TCP", targetPort: 80 },
      { name: "port-2", port: 81, protocol: "TCP", targetPort: 81 },
    ]);
  });

  it("gives a port with two protocols one service port each, port-N-<protocol>", () => {
    const dns = stored("v1", "Pod", "dns", {
      labels: { app: "dns" },
      spec: podSpec([
        { containerPort: 53, protocol: "UDP" },
        { containerPort: 53, protocol: "TCP" },
      ]),
    });
    const s = generateExpose(dns);
    expect(s.ok && s.object.spec?.ports).toEqual([
      { name: "port-1-udp", port: 53, protocol: "UDP", targetPort: 53 },
      { name: "port-1-tcp", port: 53, protocol: "TCP", targetPort: 53 },
    ]);
    const udp = generateExpose(dns, { protocol: "UDP" });
    expect(udp.ok && udp.object.spec?.ports).toEqual([{ port: 53, protocol: "UDP", targetPort: 53 }]);
  });

  it("takes --port over the object's ports, a comma list as several ports, and the object's protocol for a port it has", () => {
    const d = deployment({ matchLabels: { app: "web" } }, [{ containerPort: 8080, protocol: "UDP" }]);
    const one = generateExpose(d, { port: "80", targetPort: "8080" });
    expect(one.ok && one.object.spec?.ports).toEqual([{ port: 80, protocol: "TCP", targetPort: 8080 }]);
    const two = generateExpose(d, { port: "8080,443" });
    expect(two.ok && two.object.spec?.ports).toEqual([
      { name: "port-1", port: 8080, protocol: "UDP", targetPort: 8080 },
      { name: "port-2", port: 443, protocol: "TCP", targetPort: 443 },
    ]);
  });

  it("applies --selector, --labels, --external-ip, --session-affinity, --cluster-ip and --load-balancer-ip for LoadBalancer", () => {
    const d = deployment({ matchLabels: { app: "web" } }, [{ containerPort: 80 }]);
    expect(
      generateExpose(d, {
        selector: "app=web,track=stable",
        labels: "svc=web",
        externalIP: "172.18.0.100",
        sessionAffinity: "ClientIP",
        clusterIP: "10.96.0.50",
        type: "LoadBalancer",
        loadBalancerIP: "172.18.255.1",
      }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", labels: { svc: "web" } },
        spec: {
          ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
          selector: { app: "web", track: "stable" },
          externalIPs: ["172.18.0.100"],
          sessionAffinity: "ClientIP",
          clusterIP: "10.96.0.50",
          type: "LoadBalancer",
          loadBalancerIP: "172.18.255.1",
        },
        status: { loadBalancer: {} },
      },
    });
    const notLb = generateExpose(d, { loadBalancerIP: "172.18.255.1" });
    expect(notLb.ok && notLb.object.spec?.loadBalancerIP).toBeUndefined();
  });

  it("makes a headless service without ports when the object has none and --cluster-ip=None", () => {
    const d = deployment({ matchLabels: { app: "web" } }, []);
    expect(generateExpose(d, { clusterIP: "None" })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", labels: { app: "web", team: "net" } },
        spec: { selector: { app: "web" }, clusterIP: "None" },
        status: { loadBalancer: {} },
      },
    });
  });

  it("cuts the default name to 63 characters but not --name", () => {
    const long = "a-name-that-is-toooo-big-for-a-service-because-it-can-only-handle-63-characters";
    const pod = stored("v1", "Pod", long, { labels: { run: "x" }, spec: podSpec([{ containerPort: 90 }]) });
    const cut = generateExpose(pod);
    expect(cut.ok && cut.object.metadata?.name).toBe("a-name-that-is-toooo-big-for-a-service-because-it-can-only-hand");
    const named = generateExpose(pod, { name: long });
    expect(named.ok && named.object.metadata?.name).toBe(long);
  });
});

describe("the errors kubectl expose reports", () => {
  const selectorError = "couldn't retrieve selectors via --selector flag or introspection: ";
  const cases: [string, StoredObject, Parameters<typeof generateExpose>[1], string][] = [
    ["a node", stored("v1", "Node", "kind-worker"), {}, "cannot expose a Node"],
    ["a statefulset", stored("apps/v1", "StatefulSet", "db"), {}, "cannot expose a StatefulSet.apps"],
    ["a configmap", stored("v1", "ConfigMap", "c"), {}, "cannot expose a ConfigMap"],
    [
      "a pod without labels",
      stored("v1", "Pod", "p", { spec: podSpec([{ containerPort: 80 }]) }),
      {},
      `${selectorError}the pod has no labels and cannot be exposed`,
    ],
    [
      "a service without a selector",
      stored("v1", "Service", "s", { spec: { ports: [{ port: 80 }] } }),
      {},
      `${selectorError}the service has no pod selector set`,
    ],
    [
      "a service with an empty selector",
      stored("v1", "Service", "s", { spec: { selector: {}, ports: [{ port: 80 }] } }),
      {},
      "selector must be specified",
    ],
    [
      "a deployment whose selector has no matchLabels",
      deployment({ matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] }, [{ containerPort: 80 }]),
      {},
      `${selectorError}invalid deployment: no selectors, therefore cannot be exposed`,
    ],
    [
      "a deployment whose selector also has expressions",
      deployment(
        { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] },
        [{ containerPort: 80 }],
      ),
      {},
      `${selectorError}couldn't convert expressions - "[{Key:tier Operator:In Values:[a b]}]" to map-based selector format`,
    ],
    [
      "a replicaset without a selector",
      stored("apps/v1", "ReplicaSet", "r", { spec: { template: { spec: podSpec([]) } } }),
      {},
      `${selectorError}invalid replicaset: no selectors, therefore cannot be exposed`,
    ],
    [
      "an object without ports",
      deployment({ matchLabels: { app: "web" } }, []),
      {},
      "couldn't find port via --port flag or introspection",
    ],
    [
      "a --port that is not a number",
      deployment({ matchLabels: { app: "web" } }, []),
      { port: "http" },
      'strconv.Atoi: parsing "http": invalid syntax',
    ],
    [
      "a --selector item without =",
      deployment({ matchLabels: { app: "web" } }, []),
      { selector: "app", port: "80" },
      "unexpected label spec: app",
    ],
    [
      "--labels with an empty key",
      deployment({ matchLabels: { app: "web" } }, []),
      { labels: "=x", port: "80" },
      "unexpected empty label key",
    ],
    [
      "an unknown --session-affinity",
      deployment({ matchLabels: { app: "web" } }, [{ containerPort: 80 }]),
      { sessionAffinity: "Sticky" },
      "unknown session affinity: Sticky",
    ],
  ];
  for (const [what, target, options, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(generateExpose(target, options)).toEqual({ ok: false, message });
    });
  }

  it("reads a set-based --selector as kubectl does, as the key `app!`", () => {
    const s = generateExpose(deployment({ matchLabels: { app: "web" } }, [{ containerPort: 80 }]), {
      selector: "app!=web",
    });
    expect(s.ok && s.object.spec?.selector).toEqual({ "app!": "web" });
  });
});
