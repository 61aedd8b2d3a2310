/**
 * The traffic and DNS halves of the Kubernetes conformance tests about Services, DNS and
 * networking (k/k test/e2e/network/service.go, dns.go, networking.go; fidelity reference §6),
 * plus the non-conformance e2e behaviours §6.2 lists. Each test is named after the upstream
 * test it mirrors and drives the cluster only through its public API.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../engine/index.ts";
import type { Manifest, StoredPod, StoredService } from "../unit/controllers/helpers.ts";
import { change, mustGet, mustOk, newCluster, pod, service } from "../unit/controllers/helpers.ts";

const agnhostImage = "registry.k8s.io/e2e-test-images/agnhost:2.53";

function netexecPod(name: string, labels: Record<string, string>, extra: Manifest = {}, podSpec: Manifest = {}) {
  return pod(
    name,
    { image: agnhostImage, args: ["netexec", "--http-port=8080", "--udp-port=8081"], ...extra },
    { labels, spec: podSpec },
  );
}

function execPod(c: Cluster, name = "execpod", podSpec: Manifest = {}) {
  mustOk(c.create(pod(name, { image: "busybox:1.36", command: ["sleep", "3600"] }, { spec: podSpec })));
  running(c, name);
  return { kind: "pod", namespace: "default", pod: name } as const;
}

function running(c: Cluster, ...names: string[]) {
  const ok = c.waitFor(
    () =>
      names.every((n) => {
        const p = c.get("pods", n, { namespace: "default" });
        return (
          p.ok && (p.value as StoredPod).status?.conditions?.some((x) => x.type === "Ready" && x.status === "True")
        );
      }),
    { timeoutSeconds: 120 },
  );
  if (!ok) throw new Error(`pods ${names.join(", ")} did not become ready`);
}

function body(c: Cluster, from: Parameters<Cluster["network"]["fetch"]>[0], url: string): string {
  const r = c.network.fetch(from, url);
  if (!r.ok) return `<${r.failure}>`;
  return r.response.body;
}

function backends(c: Cluster, from: Parameters<Cluster["network"]["fetch"]>[0], url: string, n: number): string[] {
  return Array.from({ length: n }, () => body(c, from, url));
}

const workstation = { kind: "workstation" } as const;

function threeBackends(c: Cluster, svcSpec: Manifest = {}) {
  const labels = { app: "hostnames" };
  for (const n of ["backend-1", "backend-2", "backend-3"]) mustOk(c.create(netexecPod(n, labels)));
  mustOk(
    c.create(
      service("hostnames", { selector: labels, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...svcSpec }),
    ),
  );
  running(c, "backend-1", "backend-2", "backend-3");
}

/** Change a Service in place and write it back. */
function editService(c: Cluster, name: string, edit: (s: StoredService) => void): void {
  change<StoredService>(c, "services", name, (s) => {
    edit(s);
    return s;
  });
}

const clusterIPOf = (c: Cluster, name: string) => mustGet<StoredService>(c, "services", name).spec!.clusterIP!;

describe("[sig-network] Services (data path)", () => {
  it("Services should serve a basic endpoint from pods", () => {
    const c = newCluster();
    const from = execPod(c);
    const labels = { "name-for-endpoint-test": "endpoint-test2" };
    mustOk(c.create(service("endpoint-test2", { selector: labels, ports: [{ port: 80, targetPort: 8080 }] })));
    c.settle();
    const ip = clusterIPOf(c, "endpoint-test2");
    // No pods yet: kube-proxy rejects, the client is refused at once.
    const empty = c.network.fetch(from, `http://${ip}/hostname`);
    expect(empty).toMatchObject({ ok: false, failure: "refused", trace: { reason: "no-endpoints" } });
    mustOk(c.create(netexecPod("pod1", labels)));
    running(c, "pod1");
    expect(body(c, from, "http://endpoint-test2/hostname")).toBe("pod1");
    expect(body(c, from, `http://${ip}/hostname`)).toBe("pod1");
    mustOk(c.create(netexecPod("pod2", labels)));
    running(c, "pod2");
    expect(new Set(backends(c, from, "http://endpoint-test2/hostname", 30))).toEqual(new Set(["pod1", "pod2"]));
    mustOk(c.delete("pods", "pod1", { namespace: "default" }));
    c.advance(60);
    expect(new Set(backends(c, from, "http://endpoint-test2/hostname", 10))).toEqual(new Set(["pod2"]));
  });

  it("Services should serve multiport endpoints from pods", () => {
    const c = newCluster();
    const from = execPod(c);
    const labels = { app: "multi" };
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
    mustOk(
      c.create(
        pod(
          "pod1",
          { image: agnhostImage, args: ["netexec", "--http-port=100"], ports: [{ name: "svc1", containerPort: 100 }] },
          { labels },
        ),
      ),
    );
    mustOk(
      c.create(
        pod(
          "pod2",
          { image: agnhostImage, args: ["netexec", "--http-port=101"], ports: [{ name: "svc2", containerPort: 101 }] },
          { labels },
        ),
      ),
    );
    running(c, "pod1", "pod2");
    expect(new Set(backends(c, from, "http://multi-endpoint-test:80/hostname", 10))).toEqual(new Set(["pod1"]));
    expect(new Set(backends(c, from, "http://multi-endpoint-test:81/hostname", 10))).toEqual(new Set(["pod2"]));
  });

  it("Services should serve endpoints on same port and different protocols", () => {
    const c = newCluster();
    const from = execPod(c);
    const labels = { app: "dual" };
    mustOk(
      c.create(pod("dual", { image: agnhostImage, args: ["netexec", "--http-port=80", "--udp-port=80"] }, { labels })),
    );
    mustOk(
      c.create(
        service("multiprotocol-test", {
          selector: labels,
          ports: [
            { name: "tcp-port", port: 80, protocol: "TCP" },
            { name: "udp-port", port: 80, protocol: "UDP" },
          ],
        }),
      ),
    );
    running(c, "dual");
    const ip = clusterIPOf(c, "multiprotocol-test");
    const client = c.network.client(from);
    if (!client.ok) throw new Error(client.message);
    expect(client.value.udp(ip, 80, "hostname", { timeoutMs: 2000 })).toMatchObject({ ok: true, reply: "dual" });
    expect(body(c, from, `http://${ip}/hostname`)).toBe("dual");
    // Remove the UDP port: TCP keeps working, UDP gets no answer.
    editService(c, "multiprotocol-test", (s) => {
      s.spec!.ports = s.spec!.ports!.filter((p) => p.protocol === "TCP");
    });
    c.settle();
    const after = c.network.client(from);
    if (!after.ok) throw new Error(after.message);
    expect(after.value.udp(ip, 80, "hostname", { timeoutMs: 2000 })).toMatchObject({ ok: false });
    expect(body(c, from, `http://${ip}/hostname`)).toBe("dual");
  });

  it("Services should be able to create a functioning NodePort service", () => {
    const c = newCluster();
    threeBackends(c, { type: "NodePort" });
    const from = execPod(c);
    const svc = mustGet<StoredService>(c, "services", "hostnames");
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    expect(body(c, from, "http://hostnames/hostname")).toMatch(/^backend-[123]$/);
    expect(body(c, from, `http://${svc.spec!.clusterIP}/hostname`)).toMatch(/^backend-[123]$/);
    for (const nodeIP of ["172.18.0.2", "172.18.0.3", "172.18.0.4"]) {
      expect(body(c, workstation, `http://${nodeIP}:${nodePort}/hostname`)).toMatch(/^backend-[123]$/);
      expect(body(c, from, `http://${nodeIP}:${nodePort}/hostname`)).toMatch(/^backend-[123]$/);
    }
  });

  it("Services should have session affinity work for service with type clusterIP", () => {
    const c = newCluster();
    threeBackends(c, { sessionAffinity: "ClientIP" });
    const from = execPod(c);
    expect(new Set(backends(c, from, "http://hostnames/hostname", 15)).size).toBe(1);
  });

  it("Services should have session affinity work for NodePort service", () => {
    const c = newCluster();
    threeBackends(c, { type: "NodePort", sessionAffinity: "ClientIP" });
    const nodePort = mustGet<StoredService>(c, "services", "hostnames").spec!.ports![0]!.nodePort!;
    expect(new Set(backends(c, workstation, `http://172.18.0.3:${nodePort}/hostname`, 15)).size).toBe(1);
  });

  it("Services should be able to switch session affinity for service with type clusterIP", () => {
    const c = newCluster();
    threeBackends(c, { sessionAffinity: "ClientIP" });
    const from = execPod(c);
    expect(new Set(backends(c, from, "http://hostnames/hostname", 15)).size).toBe(1);
    editService(c, "hostnames", (s) => {
      s.spec!.sessionAffinity = "None";
      delete s.spec!.sessionAffinityConfig;
    });
    c.settle();
    expect(new Set(backends(c, from, "http://hostnames/hostname", 15)).size).toBeGreaterThan(1);
    editService(c, "hostnames", (s) => {
      s.spec!.sessionAffinity = "ClientIP";
    });
    c.settle();
    expect(new Set(backends(c, from, "http://hostnames/hostname", 15)).size).toBe(1);
  });

  it("Services should have session affinity timeout work for service with type clusterIP", () => {
    const c = newCluster();
    threeBackends(c, { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 15 } } });
    const from = execPod(c);
    const first = body(c, from, "http://hostnames/hostname");
    for (let i = 0; i < 10; i++) {
      c.advance(5);
      expect(body(c, from, "http://hostnames/hostname")).toBe(first);
    }
    // After the timeout passes without traffic, a new backend shows up within 10 tries.
    let changed = false;
    for (let i = 0; i < 10 && !changed; i++) {
      c.advance(16);
      changed = body(c, from, "http://hostnames/hostname") !== first;
    }
    expect(changed).toBe(true);
  });

  it("Services should be able to change the type from ExternalName to ClusterIP", () => {
    const c = newCluster();
    const from = execPod(c);
    mustOk(c.create(service("externalname-service", { type: "ExternalName", externalName: "example.com" })));
    c.settle();
    const before = c.network.resolve(from, "externalname-service");
    expect(before).toMatchObject({ ok: true, value: { ok: true, addresses: ["93.184.215.14"] } });
    const labels = { app: "ext" };
    mustOk(c.create(netexecPod("ext-1", labels)));
    running(c, "ext-1");
    editService(c, "externalname-service", (s) => {
      s.spec = { type: "ClusterIP", selector: labels, ports: [{ port: 80, targetPort: 8080 }] };
    });
    c.settle();
    const ip = clusterIPOf(c, "externalname-service");
    expect(c.network.resolve(from, "externalname-service")).toMatchObject({ ok: true, value: { addresses: [ip] } });
    expect(body(c, from, "http://externalname-service/hostname")).toBe("ext-1");
  });

  it("Services should be able to change the type from ClusterIP to ExternalName", () => {
    const c = newCluster();
    threeBackends(c);
    const from = execPod(c);
    editService(c, "hostnames", (s) => {
      s.spec = { type: "ExternalName", externalName: "example.com" };
    });
    c.settle();
    expect(c.network.resolve(from, "hostnames")).toMatchObject({
      ok: true,
      value: { ok: true, addresses: ["93.184.215.14"] },
    });
    const r = c.network.fetch(from, "http://hostnames/");
    expect(r.ok && r.response.body.includes("<title>Example Domain</title>")).toBe(true);
  });

  it("should preserve source pod IP for traffic thru service cluster IP", () => {
    const c = newCluster();
    threeBackends(c);
    const from = execPod(c);
    const podIP = (mustGet<StoredPod>(c, "pods", "execpod").status?.podIP ?? "") as string;
    expect(body(c, from, "http://hostnames/clientip")).toMatch(new RegExp(`^${podIP.replace(/\./g, "\\.")}:\\d+$`));
  });

  it("should allow pods to hairpin back to themselves through services", () => {
    const c = newCluster();
    const labels = { app: "hairpin" };
    mustOk(c.create(netexecPod("hairpin", labels)));
    mustOk(c.create(service("hairpin-test", { selector: labels, ports: [{ port: 8080 }] })));
    running(c, "hairpin");
    const from = { kind: "pod", namespace: "default", pod: "hairpin" } as const;
    const r = c.network.fetch(from, "http://hairpin-test:8080/clientip");
    expect(r.ok).toBe(true);
    // The hairpinned connection is masqueraded: the pod sees its node's gateway, not itself.
    const podIP = mustGet<StoredPod>(c, "pods", "hairpin").status!.podIP!;
    if (r.ok) expect(r.response.body.startsWith(`${podIP}:`)).toBe(false);
    expect(r.ok && r.trace.steps.some((s) => s.step === "nat" && s.kind === "snat")).toBe(true);
  });

  it("should be able to up and down services", () => {
    const c = newCluster();
    threeBackends(c);
    const from = execPod(c);
    const ip = clusterIPOf(c, "hostnames");
    expect(body(c, from, `http://${ip}/hostname`)).toMatch(/^backend-/);
    mustOk(c.delete("services", "hostnames", { namespace: "default" }));
    c.settle();
    const gone = c.network.connect(from, ip, 80, "TCP", { timeoutMs: 2000 });
    expect(gone).toMatchObject({
      ok: true,
      value: { outcome: "timeout", reason: "unallocated-cluster-ip", elapsedMs: 2000 },
    });
  });

  it("should be possible to connect to a service via ExternalIP when the external IP is not assigned to a node", () => {
    const c = newCluster();
    threeBackends(c, { externalIPs: ["203.0.113.250"] });
    const from = execPod(c);
    expect(body(c, from, "http://203.0.113.250/hostname")).toMatch(/^backend-[123]$/);
  });

  it("should be rejected when no endpoints exist", () => {
    const c = newCluster();
    const from = execPod(c);
    mustOk(c.create(service("no-pods", { selector: { app: "none" }, ports: [{ port: 80 }] })));
    c.settle();
    const r = c.network.run(from, ["wget", "-T", "5", "-qO-", "http://no-pods"]);
    const ip = clusterIPOf(c, "no-pods");
    expect(r).toMatchObject({
      stdout: "",
      stderr: `wget: can't connect to remote host (${ip}): Connection refused\n`,
      exitCode: 1,
    });
  });

  it("should respect internalTrafficPolicy=Local Pod to Pod", () => {
    const c = newCluster();
    const labels = { app: "local" };
    mustOk(c.create(netexecPod("server", labels, {}, { nodeName: "kind-worker" })));
    mustOk(
      c.create(
        service("local-svc", {
          selector: labels,
          internalTrafficPolicy: "Local",
          ports: [{ port: 80, targetPort: 8080 }],
        }),
      ),
    );
    running(c, "server");
    const same = execPod(c, "same-node", { nodeName: "kind-worker" });
    const other = execPod(c, "other-node", { nodeName: "kind-worker2" });
    expect(body(c, same, "http://local-svc/hostname")).toBe("server");
    const r = c.network.fetch(other, "http://local-svc/hostname", { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: false, failure: "timeout", trace: { reason: "no-local-endpoints" } });
  });

  it("should fallback to terminating endpoints when there are no ready endpoints with internalTrafficPolicy=Cluster", () => {
    const c = newCluster();
    const labels = { app: "term" };
    // As upstream's test does: netexec keeps serving for --delay-shutdown seconds after SIGTERM.
    mustOk(
      c.create(
        pod(
          "serving",
          { image: agnhostImage, args: ["netexec", "--http-port=8080", "--delay-shutdown=100"] },
          { labels, spec: { terminationGracePeriodSeconds: 600 } },
        ),
      ),
    );
    mustOk(c.create(service("term-svc", { selector: labels, ports: [{ port: 80, targetPort: 8080 }] })));
    running(c, "serving");
    const from = execPod(c);
    mustOk(c.delete("pods", "serving", { namespace: "default" }));
    c.advance(1);
    const r = c.network.fetch(from, "http://term-svc/hostname");
    expect(r.ok && r.response.body).toBe("serving");
    expect(r.ok && r.trace.steps.find((s) => s.step === "endpoint")).toMatchObject({ terminatingFallback: true });
  });

  it("should implement service.kubernetes.io/service-proxy-name", () => {
    const c = newCluster();
    threeBackends(c);
    const from = execPod(c);
    editService(c, "hostnames", (s) => {
      s.metadata.labels = { "service.kubernetes.io/service-proxy-name": "foo-bar" };
    });
    c.settle();
    const r = c.network.fetch(from, "http://hostnames/hostname", { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: false, failure: "timeout", trace: { reason: "not-proxied" } });
  });

  it("should implement service.kubernetes.io/headless", () => {
    const c = newCluster();
    threeBackends(c);
    const from = execPod(c);
    editService(c, "hostnames", (s) => {
      s.metadata.labels = { "service.kubernetes.io/headless": "" };
    });
    c.settle();
    const r = c.network.fetch(from, "http://hostnames/hostname", { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: false, failure: "timeout", trace: { reason: "not-proxied" } });
  });

  it("should create endpoints for unready pods", () => {
    const c = newCluster();
    const labels = { app: "unready" };
    mustOk(
      c.create(
        netexecPod("never-ready", labels, { readinessProbe: { exec: { command: ["/bin/false"] }, periodSeconds: 1 } }),
      ),
    );
    mustOk(
      c.create(
        service("tolerate-unready", {
          clusterIP: "None",
          publishNotReadyAddresses: true,
          selector: labels,
          ports: [{ port: 80, targetPort: 8080 }],
        }),
      ),
    );
    const from = execPod(c);
    c.advance(10);
    expect(body(c, from, "http://tolerate-unready:8080/hostname")).toBe("never-ready");
    editService(c, "tolerate-unready", (s) => {
      s.spec!.publishNotReadyAddresses = false;
    });
    c.settle();
    expect(c.network.fetch(from, "http://tolerate-unready:8080/hostname")).toMatchObject({
      ok: false,
      failure: "unresolved",
    });
  });
});

describe("[sig-network] DNS (data path)", () => {
  it("DNS should provide DNS for the cluster", () => {
    const c = newCluster();
    const from = execPod(c);
    for (const name of ["kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"])
      expect(c.network.resolve(from, name)).toMatchObject({ ok: true, value: { ok: true, addresses: ["10.96.0.1"] } });
  });

  it("DNS should provide /etc/hosts entries for the cluster", () => {
    const c = newCluster();
    const from = execPod(c);
    const client = c.network.client(from);
    if (!client.ok) throw new Error(client.message);
    const ip = mustGet<StoredPod>(c, "pods", "execpod").status!.podIP!;
    expect(client.value.readFile("/etc/hosts")).toContain(`${ip}\texecpod\n`);
  });

  it("DNS should provide DNS for services", () => {
    const c = newCluster();
    const from = execPod(c);
    threeBackends(c);
    mustOk(
      c.create(
        service("test-service-2", {
          clusterIP: "None",
          selector: { app: "hostnames" },
          ports: [{ name: "http", port: 80, targetPort: 8080 }],
        }),
      ),
    );
    c.settle();
    const ip = clusterIPOf(c, "hostnames");
    expect(c.network.query(from, "hostnames.default.svc.cluster.local", "A")).toMatchObject({
      ok: true,
      value: { ok: true, response: { rcode: "NOERROR", answers: [{ type: "A", data: ip, ttl: 30 }] } },
    });
    const headless = c.network.query(from, "test-service-2.default.svc.cluster.local", "A");
    expect(headless.ok && headless.value.ok && headless.value.response.answers.length).toBe(3);
    const srv = c.network.query(from, "_http._tcp.test-service-2.default.svc.cluster.local", "SRV");
    expect(srv.ok && srv.value.ok && srv.value.response.answers.length).toBe(3);
    const reversed = ip.split(".").reverse().join(".");
    expect(c.network.query(from, `${reversed}.in-addr.arpa`, "PTR")).toMatchObject({
      ok: true,
      value: { ok: true, response: { answers: [{ type: "PTR", data: "hostnames.default.svc.cluster.local." }] } },
    });
  });

  it("DNS should resolve DNS of partial qualified names for services", () => {
    const c = newCluster();
    const from = execPod(c);
    threeBackends(c);
    const ip = clusterIPOf(c, "hostnames");
    for (const name of ["hostnames", "hostnames.default", "hostnames.default.svc"])
      expect(c.network.resolve(from, name)).toMatchObject({ ok: true, value: { ok: true, addresses: [ip] } });
  });

  it("DNS should provide DNS for pods for Hostname and Subdomain", () => {
    const c = newCluster();
    const labels = { app: "dns-querier" };
    mustOk(
      c.create(
        service("dns-test-service-2", { clusterIP: "None", selector: labels, ports: [{ name: "http", port: 80 }] }),
      ),
    );
    mustOk(
      c.create(netexecPod("dns-querier-2", labels, {}, { hostname: "dns-querier-2", subdomain: "dns-test-service-2" })),
    );
    running(c, "dns-querier-2");
    const from = execPod(c);
    const ip = mustGet<StoredPod>(c, "pods", "dns-querier-2").status!.podIP!;
    expect(c.network.resolve(from, "dns-querier-2.dns-test-service-2.default.svc.cluster.local")).toMatchObject({
      ok: true,
      value: { ok: true, addresses: [ip] },
    });
    expect(c.network.resolve(from, "dns-test-service-2")).toMatchObject({
      ok: true,
      value: { ok: true, addresses: [ip] },
    });
  });

  it("DNS should provide DNS for ExternalName services", () => {
    const c = newCluster();
    const from = execPod(c);
    mustOk(c.create(service("dns-test-service-3", { type: "ExternalName", externalName: "example.com" })));
    c.settle();
    const q = c.network.query(from, "dns-test-service-3.default.svc.cluster.local", "A");
    expect(q.ok && q.value.ok && q.value.response.answers[0]).toMatchObject({ type: "CNAME", data: "example.com." });
  });

  it("DNS should support configurable pod DNS nameservers", () => {
    const c = newCluster();
    const from = execPod(c, "dns-none", {
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["resolv.conf.local"],
        options: [{ name: "ndots", value: "2" }],
      },
    });
    const client = c.network.client(from);
    if (!client.ok) throw new Error(client.message);
    expect(client.value.readFile("/etc/resolv.conf")).toBe(
      "search resolv.conf.local\nnameserver 1.1.1.1\noptions ndots:2\n",
    );
  });
});

describe("[sig-network] Networking Granular Checks: Pods (data path)", () => {
  it("should function for intra-pod communication: http and udp", () => {
    const c = newCluster();
    mustOk(c.create(netexecPod("a", { app: "a" }, {}, { nodeName: "kind-worker" })));
    mustOk(c.create(netexecPod("b", { app: "b" }, {}, { nodeName: "kind-worker2" })));
    running(c, "a", "b");
    const bIP = mustGet<StoredPod>(c, "pods", "b").status!.podIP!;
    const from = { kind: "pod", namespace: "default", pod: "a" } as const;
    expect(body(c, from, `http://${bIP}:8080/hostName`)).toBe("b");
    const client = c.network.client(from);
    if (!client.ok) throw new Error(client.message);
    expect(client.value.udp(bIP, 8081, "hostname", { timeoutMs: 1000 })).toMatchObject({ ok: true, reply: "b" });
  });

  it("should function for node-pod communication: http", () => {
    const c = newCluster();
    mustOk(c.create(netexecPod("a", { app: "a" })));
    running(c, "a");
    const ip = mustGet<StoredPod>(c, "pods", "a").status!.podIP!;
    expect(body(c, { kind: "node", node: "kind-worker" }, `http://${ip}:8080/hostName`)).toBe("a");
  });
});
