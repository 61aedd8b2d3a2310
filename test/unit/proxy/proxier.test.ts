import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../engine/api/object.ts";
import { resourceForKind } from "../../../engine/api/resources.ts";
import { VirtualClock } from "../../../engine/core/clock.ts";
import { RandomSource } from "../../../engine/core/random.ts";
import { categorizeEndpoints, type EndpointInfo } from "../../../engine/proxy/endpoints.ts";
import { KubeProxy, type ProxyMode } from "../../../engine/proxy/proxier.ts";
import { servicePortInfos, skipReason } from "../../../engine/proxy/service-info.ts";
import { ObjectStore } from "../../../engine/store/store.ts";

const services = resourceForKind("Service")!;
const slices = resourceForKind("EndpointSlice")!;

function setup(mode: ProxyMode = "iptables", seed = 1) {
  const clock = new VirtualClock(Date.UTC(2025, 8, 1, 9));
  const random = new RandomSource(seed);
  const store = new ObjectStore({ clock, names: random.stream("names"), uids: random.stream("uids") });
  store.addIndex("sliceService", "endpointslices", (o) => {
    const svc = o.metadata.labels?.["kubernetes.io/service-name"];
    return svc ? [`${o.metadata.namespace}\0${svc}`] : [];
  });
  const proxy = new KubeProxy(store, mode, random.stream("kube-proxy"));
  store.watch((e) => proxy.observe(e));
  return { clock, store, proxy };
}

function svc(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", ...(labels ? { labels } : {}) },
    spec: { type: "ClusterIP", ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080 }], ...spec },
  } as KubeObject;
}

function slice(service: string, endpoints: { ip: string; node: string; ready?: boolean; terminating?: boolean }[]) {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${service}-abcde`, namespace: "default", labels: { "kubernetes.io/service-name": service } },
    addressType: "IPv4",
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      nodeName: e.node,
      conditions: {
        ready: e.ready ?? true,
        serving: (e.ready ?? true) ? true : (e.terminating ?? false),
        terminating: e.terminating ?? false,
      },
    })),
  } as unknown as KubeObject;
}

const three = [
  { ip: "10.244.1.2", node: "kind-worker" },
  { ip: "10.244.2.2", node: "kind-worker2" },
  { ip: "10.244.1.3", node: "kind-worker" },
];
const ctx = (node = "kind-worker", clientIP = "10.244.1.9", nowMs = 0) => ({ node, clientIP, external: false, nowMs });

describe("kube-proxy's rule table", () => {
  it("sends a connection to a ClusterIP with no endpoints to REJECT (refused at once)", () => {
    const { store, proxy } = setup();
    store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx())).toMatchObject({
      kind: "reject",
      reason: "no-endpoints",
    });
  });

  it("lets traffic to an address no Service uses pass untouched", () => {
    const { proxy } = setup();
    expect(proxy.interceptVip("10.96.0.99", 80, "TCP", ctx())).toEqual({ kind: "pass" });
  });

  it("drops a port the Service does not define in iptables mode and rejects it in ipvs and nftables modes", () => {
    for (const [mode, kind] of [
      ["iptables", "drop"],
      ["ipvs", "reject"],
      ["nftables", "reject"],
    ] as const) {
      const { store, proxy } = setup(mode);
      store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
      store.create(slices, slice("web", three));
      expect(proxy.interceptVip("10.96.0.20", 81, "TCP", ctx())).toEqual({ kind, reason: "no-service-port" });
    }
  });

  it("spreads iptables connections uniformly over three endpoints with independent draws", () => {
    const { store, proxy } = setup();
    store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
    store.create(slices, slice("web", three));
    const counts = new Map<string, number>();
    let repeats = 0;
    let last = "";
    for (let i = 0; i < 3000; i++) {
      const d = proxy.interceptVip("10.96.0.20", 80, "TCP", ctx());
      if (d.kind !== "dnat") throw new Error("expected dnat");
      counts.set(d.endpoint.ip, (counts.get(d.endpoint.ip) ?? 0) + 1);
      if (d.endpoint.ip === last) repeats++;
      last = d.endpoint.ip;
      expect(d.chosenBy).toBe("random");
    }
    for (const ip of ["10.244.1.2", "10.244.1.3", "10.244.2.2"]) {
      expect(counts.get(ip)).toBeGreaterThan(900);
      expect(counts.get(ip)).toBeLessThan(1100);
    }
    // Not round-robin: about a third of consecutive connections repeat the previous endpoint.
    expect(repeats).toBeGreaterThan(800);
  });

  it("goes round-robin in ipvs mode, in endpoint order", () => {
    const { store, proxy } = setup("ipvs");
    store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
    store.create(slices, slice("web", three));
    const picks = Array.from({ length: 6 }, () => {
      const d = proxy.interceptVip("10.96.0.20", 80, "TCP", ctx());
      return d.kind === "dnat" ? `${d.endpoint.ip} ${d.chosenBy}` : d.kind;
    });
    expect(picks).toEqual([
      "10.244.1.2 round-robin",
      "10.244.1.3 round-robin",
      "10.244.2.2 round-robin",
      "10.244.1.2 round-robin",
      "10.244.1.3 round-robin",
      "10.244.2.2 round-robin",
    ]);
  });

  it("keeps a client on one endpoint with ClientIP affinity until the timeout passes without traffic", () => {
    const { store, proxy } = setup();
    store.create(
      services,
      svc("web", {
        clusterIP: "10.96.0.20",
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 15 } },
      }),
    );
    store.create(slices, slice("web", three));
    const pick = (nowMs: number, clientIP = "10.244.1.9") => {
      const d = proxy.interceptVip("10.96.0.20", 80, "TCP", ctx("kind-worker", clientIP, nowMs));
      if (d.kind !== "dnat") throw new Error("expected dnat");
      return d;
    };
    const first = pick(0);
    expect(first.chosenBy).toBe("random");
    for (let t = 1000; t <= 14_000; t += 1000) {
      const d = pick(t);
      expect(d.endpoint.ip).toBe(first.endpoint.ip);
      expect(d.chosenBy).toBe("affinity");
    }
    // 16 s after the last connection the entry has expired: a fresh draw.
    expect(pick(30_001).chosenBy).toBe("random");
  });

  it("drops internalTrafficPolicy Local traffic on a node without a local endpoint, and uses only local ones elsewhere", () => {
    const { store, proxy } = setup();
    store.create(services, svc("web", { clusterIP: "10.96.0.20", internalTrafficPolicy: "Local" }));
    store.create(slices, slice("web", [{ ip: "10.244.2.2", node: "kind-worker2" }]));
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx("kind-worker"))).toMatchObject({
      kind: "drop",
      reason: "no-local-endpoints",
    });
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx("kind-worker2"))).toMatchObject({
      kind: "dnat",
      endpoint: { ip: "10.244.2.2" },
      chosenBy: "only",
    });
  });

  it("drops external NodePort traffic with externalTrafficPolicy Local where no endpoint is local, but not pod traffic", () => {
    const { store, proxy } = setup();
    store.create(
      services,
      svc("web", {
        type: "NodePort",
        clusterIP: "10.96.0.20",
        externalTrafficPolicy: "Local",
        ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 }],
      }),
    );
    store.create(slices, slice("web", [{ ip: "10.244.2.2", node: "kind-worker2" }]));
    expect(proxy.interceptNodePort(30080, "TCP", { ...ctx("kind-worker"), external: true })).toMatchObject({
      kind: "drop",
      reason: "no-local-endpoints",
    });
    expect(proxy.interceptNodePort(30080, "TCP", { ...ctx("kind-worker"), external: false })).toMatchObject({
      kind: "dnat",
      masquerade: false,
    });
    expect(proxy.interceptNodePort(30080, "TCP", { ...ctx("kind-worker2"), external: true })).toMatchObject({
      kind: "dnat",
      masquerade: false,
    });
  });

  it("masquerades external NodePort traffic under the Cluster policy", () => {
    const { store, proxy } = setup();
    store.create(
      services,
      svc("web", {
        type: "NodePort",
        clusterIP: "10.96.0.20",
        ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 }],
      }),
    );
    store.create(slices, slice("web", three));
    expect(proxy.interceptNodePort(30080, "TCP", { ...ctx(), external: true })).toMatchObject({
      kind: "dnat",
      via: "node-port",
      masquerade: true,
    });
  });

  it("forgets a Service's rules when it is deleted and follows slices as they change", () => {
    const { store, proxy } = setup();
    store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
    store.create(slices, slice("web", three));
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx()).kind).toBe("dnat");
    store.delete(slices, "default", "web-abcde");
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx())).toMatchObject({ kind: "reject" });
    store.delete(services, "default", "web");
    expect(proxy.interceptVip("10.96.0.20", 80, "TCP", ctx())).toEqual({ kind: "pass" });
    expect(proxy.isServiceAddress("10.96.0.20")).toBe(false);
  });

  it("draws the same endpoints for the same seed", () => {
    const { store, proxy } = setup();
    store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
    store.create(slices, slice("web", three));
    const draw = () => {
      const d = proxy.interceptVip("10.96.0.20", 80, "TCP", ctx());
      return d.kind === "dnat" ? d.endpoint.ip : d.kind;
    };
    expect(Array.from({ length: 20 }, draw)).toEqual(
      (() => {
        const again = setup();
        again.store.create(services, svc("web", { clusterIP: "10.96.0.20" }));
        again.store.create(slices, slice("web", three));
        return Array.from({ length: 20 }, () => {
          const d = again.proxy.interceptVip("10.96.0.20", 80, "TCP", ctx());
          return d.kind === "dnat" ? d.endpoint.ip : d.kind;
        });
      })(),
    );
  });
});

describe("which Services kube-proxy handles", () => {
  it("skips headless, ExternalName and labelled Services", () => {
    expect(skipReason(svc("a", { clusterIP: "None" }) as never)).toBe("headless");
    expect(skipReason(svc("a", { type: "ExternalName", externalName: "example.com" }) as never)).toBe("external-name");
    expect(
      skipReason(svc("a", { clusterIP: "10.96.0.5" }, { "service.kubernetes.io/service-proxy-name": "foo" }) as never),
    ).toBe("not-proxied");
    expect(skipReason(svc("a", { clusterIP: "10.96.0.5" }, { "service.kubernetes.io/headless": "" }) as never)).toBe(
      "not-proxied",
    );
    expect(servicePortInfos(svc("a", { clusterIP: "None" }) as never)).toEqual([]);
  });

  it("defaults the ClientIP affinity timeout to three hours", () => {
    const [info] = servicePortInfos(svc("a", { clusterIP: "10.96.0.5", sessionAffinity: "ClientIP" }) as never);
    expect(info?.affinityTimeoutSeconds).toBe(10800);
  });
});

describe("categorizeEndpoints", () => {
  const e = (ip: string, node: string, ready: boolean, terminating = false): EndpointInfo => ({
    ip,
    port: 80,
    ready,
    serving: ready || terminating,
    terminating,
    nodeName: node,
  });

  it("falls back to serving terminating endpoints only when no endpoint is ready", () => {
    const c = categorizeEndpoints([e("10.244.1.2", "a", false, true), e("10.244.1.3", "b", false)], "a");
    expect(c.clusterEndpoints.map((x) => x.ip)).toEqual(["10.244.1.2"]);
    expect(c.clusterFallback).toBe(true);
    const d = categorizeEndpoints([e("10.244.1.2", "a", false, true), e("10.244.1.3", "b", true)], "a");
    expect(d.clusterEndpoints.map((x) => x.ip)).toEqual(["10.244.1.3"]);
    expect(d.clusterFallback).toBe(false);
    expect(d.localEndpoints.map((x) => x.ip)).toEqual(["10.244.1.2"]);
    expect(d.localFallback).toBe(true);
  });

  it("has no endpoints at all when every endpoint is unready and not terminating", () => {
    const c = categorizeEndpoints([e("10.244.1.2", "a", false)], "a");
    expect(c.hasAnyEndpoints).toBe(false);
  });
});
