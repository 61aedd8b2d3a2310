/**
 * What a learner sees when sending traffic: from the workstation, between pods, through
 * each proxy mode, with and without NetworkPolicy enforcement, to the outside world.
 */
import { describe, expect, it } from "vitest";
import type { Cluster, ClusterOptions } from "../../../engine/index.ts";
import type { Manifest, StoredPod, StoredService } from "../controllers/helpers.ts";
import { mustGet, mustOk, newCluster, pod, service } from "../controllers/helpers.ts";

const workstation = { kind: "workstation" } as const;
const from = (name: string) => ({ kind: "pod", namespace: "default", pod: name }) as const;

function ready(c: Cluster, ...names: string[]) {
  const ok = c.waitFor(
    () =>
      names.every((n) => {
        const p = c.get("pods", n, { namespace: "default" });
        return (
          p.ok && (p.value as StoredPod).status?.conditions?.some((x) => x.type === "Ready" && x.status === "True")
        );
      }),
    { timeoutSeconds: 180 },
  );
  if (!ok) throw new Error(`pods ${names.join(", ")} did not become ready`);
}

/** Three nginx pods behind `web` (port 80), and a busybox client. */
function web(options: ClusterOptions = {}, svcSpec: Manifest = {}, labels: Manifest = {}): Cluster {
  const c = newCluster(options);
  for (const n of ["web-1", "web-2", "web-3"])
    mustOk(c.create(pod(n, { image: "nginx:1.27" }, { labels: { app: "web" } })));
  mustOk(
    c.create(service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80 }], ...svcSpec }, { labels })),
  );
  mustOk(c.create(pod("client", { image: "busybox:1.36", command: ["sleep", "infinity"] })));
  ready(c, "web-1", "web-2", "web-3", "client");
  return c;
}

/** agnhost pods that answer /hostname, for telling backends apart. */
function hostnames(options: ClusterOptions = {}, svcSpec: Manifest = {}): Cluster {
  const c = newCluster(options);
  for (const n of ["a", "b", "c"])
    mustOk(
      c.create(
        pod(
          n,
          { image: "registry.k8s.io/e2e-test-images/agnhost:2.53", args: ["netexec", "--http-port=8080"] },
          { labels: { app: "hn" } },
        ),
      ),
    );
  mustOk(c.create(service("hn", { selector: { app: "hn" }, ports: [{ port: 80, targetPort: 8080 }], ...svcSpec })));
  mustOk(c.create(pod("client", { image: "busybox:1.36", command: ["sleep", "infinity"] })));
  ready(c, "a", "b", "c", "client");
  return c;
}

const clusterIP = (c: Cluster, name: string) => mustGet<StoredService>(c, "services", name).spec!.clusterIP!;
const hostOf = (c: Cluster, url: string, source: Parameters<Cluster["network"]["fetch"]>[0] = from("client")) => {
  const r = c.network.fetch(source, url);
  return r.ok ? r.response.body : `<${r.failure}>`;
};

describe("traffic from the learner's workstation", () => {
  it("times out on a ClusterIP, because the service range is not routed outside the cluster", () => {
    const c = web();
    const before = c.nowMs;
    const r = c.network.connect(workstation, clusterIP(c, "web"), 80, "TCP");
    expect(r).toMatchObject({
      ok: true,
      value: { outcome: "timeout", reason: "cluster-ip-from-outside", elapsedMs: 130_000 },
    });
    // The wait is virtual time passing in the cluster.
    expect(c.nowMs - before).toBe(130_000);
  });

  it("times out on a pod IP", () => {
    const c = web();
    const ip = mustGet<StoredPod>(c, "pods", "web-1").status!.podIP!;
    expect(c.network.connect(workstation, ip, 80, "TCP", { timeoutMs: 5000 })).toMatchObject({
      ok: true,
      value: { outcome: "timeout", reason: "pod-ip-from-outside", elapsedMs: 5000 },
    });
  });

  it("reaches a NodePort on every node and gets nginx's 615-byte welcome page", () => {
    const c = web({}, { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] });
    for (const node of ["172.18.0.2", "172.18.0.3", "172.18.0.4"]) {
      const r = c.network.fetch(workstation, `http://${node}:30080/`);
      expect(r.ok && r.response.status).toBe(200);
      expect(r.ok && r.response.headers.find(([k]) => k === "Content-Length")?.[1]).toBe("615");
      expect(r.ok && r.response.body).toContain("<h1>Welcome to nginx!</h1>");
    }
  });

  it("sees the masqueraded source on a Cluster-policy NodePort and its own address with externalTrafficPolicy Local", () => {
    const cluster = hostnames({}, { type: "NodePort", ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });
    const seen = hostOf(cluster, "http://172.18.0.3:30080/clientip", workstation);
    expect(seen.startsWith("172.18.0.1:")).toBe(false);
    const local = hostnames(
      {},
      { type: "NodePort", externalTrafficPolicy: "Local", ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] },
    );
    // Local policy: only nodes with an endpoint answer, and the client address survives.
    const answers = ["172.18.0.3", "172.18.0.4"].map((n) => {
      const r = local.network.fetch(workstation, `http://${n}:30080/clientip`, { timeoutMs: 3000 });
      return r.ok ? r.response.body.split(":")[0] : r.failure;
    });
    expect(answers).toContain("172.18.0.1");
  });

  it("reaches a pod through kubectl port-forward on localhost", () => {
    const c = web();
    expect(c.network.portForward("default", "web-1", 8080, 80)).toEqual({ ok: true, value: undefined });
    const r = c.network.fetch(workstation, "http://localhost:8080/");
    expect(r.ok && r.response.status).toBe(200);
    expect(c.network.portForward("default", "web-1", 8080, 80)).toEqual({
      ok: false,
      message: "unable to listen on port 8080: address already in use",
    });
    c.network.closePortForward(8080);
    expect(c.network.fetch(workstation, "http://localhost:8080/")).toMatchObject({ ok: false, failure: "refused" });
  });
});

describe("kube-proxy modes", () => {
  it("times out on a port the Service does not define in iptables mode, and refuses it in ipvs mode", () => {
    const iptables = web();
    expect(
      iptables.network.connect(from("client"), clusterIP(iptables, "web"), 8080, "TCP", { timeoutMs: 2000 }),
    ).toMatchObject({ ok: true, value: { outcome: "timeout", reason: "no-service-port" } });
    const ipvs = web({ proxyMode: "ipvs" });
    expect(ipvs.network.connect(from("client"), clusterIP(ipvs, "web"), 8080, "TCP")).toMatchObject({
      ok: true,
      value: { outcome: "refused", reason: "no-service-port", elapsedMs: 0 },
    });
  });

  it("does not answer ping on a ClusterIP in iptables mode but does in ipvs mode", () => {
    const iptables = web();
    const a = iptables.network.client(from("client"));
    if (!a.ok) throw new Error(a.message);
    expect(a.value.ping(clusterIP(iptables, "web"), { timeoutMs: 1000 })).toEqual({ ok: false, failure: "timeout" });
    const ipvs = web({ proxyMode: "ipvs" });
    const b = ipvs.network.client(from("client"));
    if (!b.ok) throw new Error(b.message);
    expect(b.value.ping(clusterIP(ipvs, "web"), { timeoutMs: 1000 })).toMatchObject({ ok: true });
  });

  it("takes turns over the endpoints in ipvs mode", () => {
    const c = hostnames({ proxyMode: "ipvs" });
    const seen = Array.from({ length: 6 }, () => hostOf(c, "http://hn/hostname"));
    expect(seen.slice(0, 3).sort()).toEqual(["a", "b", "c"]);
    expect(seen.slice(3)).toEqual(seen.slice(0, 3));
  });

  it("draws each new connection independently in iptables mode, so a client sees repeats", () => {
    const c = hostnames();
    const seen = Array.from({ length: 60 }, () => hostOf(c, "http://hn/hostname"));
    const counts = new Map<string, number>();
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["a", "b", "c"]);
    expect(seen.some((s, i) => i > 0 && s === seen[i - 1])).toBe(true);
  });

  it("records which rule matched, the endpoint chosen and why in the trace", () => {
    const c = hostnames();
    const r = c.network.fetch(from("client"), "http://hn/hostname");
    if (!r.ok) throw new Error(r.message);
    const steps = r.trace.steps.map((s) => s.step);
    expect(steps).toEqual(["route", "service", "endpoint", "nat", "route", "deliver", "outcome"]);
    expect(r.trace.steps[1]).toMatchObject({ step: "service", name: "hn", via: "cluster-ip", proxyMode: "iptables" });
    expect(r.trace.steps[2]).toMatchObject({ step: "endpoint", chosenBy: "random", candidates: 3 });
    expect(c.network.traces().at(-1)).toEqual(r.trace);
  });
});

describe("LoadBalancer Services", () => {
  it("stay <pending> on kind without a provider", () => {
    const c = web({}, { type: "LoadBalancer" });
    expect(mustGet<StoredService>(c, "services", "web").status?.loadBalancer).toEqual({});
  });

  it("get an address from the pool when a provider is enabled, reachable from the workstation", () => {
    const c = web({ loadBalancer: { pool: "172.18.255.200-172.18.255.250" } }, { type: "LoadBalancer" });
    c.settle();
    const svc = mustGet<StoredService>(c, "services", "web");
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200", ipMode: "VIP" }]);
    const r = c.network.fetch(from("client"), "http://172.18.255.200/");
    expect(r.ok && r.response.status).toBe(200);
  });
});

describe("NetworkPolicy", () => {
  const denyAll = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "deny-all" },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  };

  it("makes a denied TCP connection time out under kindnet", () => {
    const c = web();
    mustOk(c.create(denyAll));
    c.settle();
    const r = c.network.fetch(from("client"), "http://web/", { timeoutMs: 3000 });
    expect(r).toMatchObject({ ok: false, failure: "timeout", trace: { reason: "policy-denied" } });
    const policy = r.trace?.steps.find((s) => s.step === "policy");
    expect(policy).toMatchObject({ direction: "ingress", verdict: "denied", policies: ["default/deny-all"] });
  });

  it("is ignored by a Flannel-like CNI", () => {
    const c = web({ cni: "flannel" });
    mustOk(c.create(denyAll));
    c.settle();
    const r = c.network.fetch(from("client"), "http://web/");
    expect(r.ok && r.response.status).toBe(200);
  });

  it("breaks name resolution when egress is denied, DNS included", () => {
    const c = web();
    mustOk(
      c.create({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "no-egress" },
        spec: { podSelector: {}, policyTypes: ["Egress"] },
      }),
    );
    c.settle();
    expect(c.network.resolve(from("client"), "web")).toMatchObject({
      ok: true,
      value: { ok: false, failure: "timeout" },
    });
  });
});

describe("containers", () => {
  it("get the variables of Services that existed when they started, and not of later ones", () => {
    const c = web();
    const ip = clusterIP(c, "web");
    mustOk(c.create(service("late", { selector: { app: "x" }, ports: [{ port: 8080 }] })));
    c.settle();
    // The client's environment, as the runtime reports it.
    const started = c.network.env(from("client"));
    expect(started).toMatchObject({
      WEB_SERVICE_HOST: ip,
      WEB_SERVICE_PORT: "80",
      WEB_SERVICE_PORT_HTTP: "80",
      WEB_PORT: `tcp://${ip}:80`,
      WEB_PORT_80_TCP: `tcp://${ip}:80`,
      WEB_PORT_80_TCP_PROTO: "tcp",
      WEB_PORT_80_TCP_PORT: "80",
      WEB_PORT_80_TCP_ADDR: ip,
      KUBERNETES_SERVICE_HOST: "10.96.0.1",
      KUBERNETES_SERVICE_PORT: "443",
      HOSTNAME: "client",
    });
    expect(started).not.toHaveProperty("LATE_SERVICE_HOST");
  });

  it("serve what was written into nginx's html directory", () => {
    const c = web();
    const client = c.network.client(from("web-1"));
    if (!client.ok) throw new Error(client.message);
    expect(client.value.writeFile("/usr/share/nginx/html/index.html", "hello from web-1\n")).toEqual({ ok: true });
    const ip = mustGet<StoredPod>(c, "pods", "web-1").status!.podIP!;
    expect(hostOf(c, `http://${ip}/`)).toBe("hello from web-1\n");
  });

  it("log each request nginx answers", () => {
    const c = web();
    const ip = mustGet<StoredPod>(c, "pods", "web-1").status!.podIP!;
    const clientIP = mustGet<StoredPod>(c, "pods", "client").status!.podIP!;
    c.network.fetch(from("client"), `http://${ip}/missing`);
    const last = c.logs("default", "web-1", "c")?.at(-1);
    expect(last?.text).toMatch(
      new RegExp(
        `^${clientIP.replace(/\./g, "\\.")} - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "GET /missing HTTP/1.1" 404 153 "-" "kubook" "-"$`,
      ),
    );
  });
});

describe("the outside world", () => {
  it("answers example.com from a pod and fails to resolve undeclared names", () => {
    const c = web();
    const r = c.network.fetch(from("client"), "http://example.com/");
    expect(r.ok && r.response.body).toContain("<h1>Example Domain</h1>");
    expect(c.network.fetch(from("client"), "http://no-such-host.example/")).toMatchObject({
      ok: false,
      failure: "unresolved",
    });
  });

  it("serves hosts a lesson declares, behind a Service without a selector", () => {
    const c = web({
      externalHosts: [
        { ip: "203.0.113.10", responses: { "/": { body: "one\n" } } },
        { ip: "203.0.113.11", responses: { "/": { body: "two\n" } } },
      ],
    });
    mustOk(c.create(service("legacy", { ports: [{ port: 80 }] })));
    mustOk(
      c.create({
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "legacy" },
        subsets: [{ addresses: [{ ip: "203.0.113.10" }, { ip: "203.0.113.11" }], ports: [{ port: 80 }] }],
      }),
    );
    c.settle();
    const seen = new Set(Array.from({ length: 20 }, () => hostOf(c, "http://legacy/")));
    expect(seen).toEqual(new Set(["one\n", "two\n"]));
  });

  it("times out on an address nothing answers", () => {
    const c = web();
    expect(c.network.connect(from("client"), "198.51.100.7", 80, "TCP", { timeoutMs: 4000 })).toMatchObject({
      ok: true,
      value: { outcome: "timeout", reason: "external-not-declared", elapsedMs: 4000 },
    });
  });
});

describe("bad input", () => {
  it("returns values, never exceptions, for any address, port, name or source", () => {
    const c = web();
    expect(c.network.connect(from("client"), "not-an-ip", 80, "TCP", { timeoutMs: 100 })).toMatchObject({ ok: true });
    expect(c.network.connect(from("client"), "10.96.0.1", 0, "TCP")).toMatchObject({ ok: false });
    expect(c.network.connect({ kind: "pod", namespace: "default", pod: "nope" }, "10.96.0.1", 443, "TCP")).toEqual({
      ok: false,
      message: 'pods "nope" not found',
    });
    expect(c.network.connect({ kind: "spaceship" } as never, "10.96.0.1", 443, "TCP")).toMatchObject({ ok: false });
    expect(c.network.fetch(from("client"), "gopher://x")).toMatchObject({ ok: false });
    expect(c.network.fetch(from("client"), "http://")).toMatchObject({ ok: false, failure: "bad-url" });
    expect(c.network.resolve(from("client"), "a".repeat(300))).toMatchObject({ ok: true, value: { ok: false } });
  });
});

describe("determinism", () => {
  it("gives the same backends for the same seed, and replays them after a snapshot is restored", () => {
    const run = () => {
      const c = hostnames();
      return Array.from({ length: 12 }, () => hostOf(c, "http://hn/hostname"));
    };
    expect(run()).toEqual(run());
    const c = hostnames();
    const snap = c.snapshot();
    const first = Array.from({ length: 12 }, () => hostOf(c, "http://hn/hostname"));
    c.restore(snap);
    expect(Array.from({ length: 12 }, () => hostOf(c, "http://hn/hostname"))).toEqual(first);
  });
});
