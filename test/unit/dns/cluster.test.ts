/**
 * CoreDNS following a whole simulated kind cluster: the objects the cluster boots with and
 * what its controllers write afterwards reach CoreDNS as watch events.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../engine/core/clock.ts";
import { RandomStream } from "../../../engine/core/random.ts";
import { CoreDns } from "../../../engine/dns/coredns.ts";
import { createCluster, resources } from "../../../engine/index.ts";
import { ObjectStore } from "../../../engine/store/store.ts";
import { startMs, upstreamAnswer } from "../tools/dns-fake.ts";

describe("CoreDNS in a cluster", () => {
  it("follows a real kind cluster: kubernetes.default and a Deployment behind a headless Service", () => {
    const created = createCluster({ seed: 1 });
    if (!created.ok) throw new Error(created.message);
    const c = created.cluster;
    const clock = new VirtualClock(startMs);
    const empty = new ObjectStore({ clock, names: new RandomStream(1), uids: new RandomStream(2) });
    const shuffle = new RandomStream(9);
    const dns = new CoreDns(empty, { zone: "cluster.local", ttl: 30, random: () => shuffle.float() }, upstreamAnswer);
    for (const r of resources) for (const object of c.list(r)) dns.observe({ type: "ADDED", resource: r, object });
    c.watch((e) => dns.observe(e));
    c.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
        },
      },
    });
    c.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80 }] },
    });
    c.advance(30);
    const podIPs = c
      .list("pods", { namespace: "default" })
      .map((p) => (p as unknown as { status: { podIP: string } }).status.podIP)
      .sort();
    expect(podIPs).toHaveLength(2);
    expect(dns.serve({ name: "kubernetes.default.svc.cluster.local.", type: "A" }).answers).toEqual([
      { name: "kubernetes.default.svc.cluster.local.", ttl: 30, type: "A", data: "10.96.0.1" },
    ]);
    expect(
      [...dns.serve({ name: "web.default.svc.cluster.local.", type: "A" }).answers].map((r) => r.data).sort(),
    ).toEqual(podIPs);
  });
});
