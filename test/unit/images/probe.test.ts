import type { Container, Pod, Probe } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { RunningProcess } from "../../../engine/nodes/probe.ts";
import { probeRequest, runProbe } from "../../../engine/nodes/probe.ts";
import { start, t0 } from "./harness.ts";

const container: Container = { name: "web", image: "nginx", ports: [{ name: "http", containerPort: 80 }] };
const pod = {
  metadata: { name: "web-1", namespace: "default" },
  spec: { containers: [container] },
  status: { podIP: "10.244.1.7" },
} as Pod;

function running(reference: string, env: Record<string, string> = {}): RunningProcess {
  const s = start(reference, { env });
  return { plan: s.plan, startedAtMs: t0, image: { binaries: new Set(s.image.binaries), shell: s.image.shell } };
}

const probe = (p: Probe) => p;

describe("probes against the simulated programs", () => {
  it("succeeds on nginx's / and reports its 404 for a missing path", () => {
    const nginx = running("nginx");
    const ok = runProbe(probe({ httpGet: { path: "/", port: 80 } }), pod, container, [nginx], nginx, t0 + 5000);
    expect(ok).toEqual({ ok: true, output: "" });
    const missing = runProbe(
      probe({ httpGet: { path: "/healthz", port: "http" } }),
      pod,
      container,
      [nginx],
      nginx,
      t0 + 5000,
    );
    expect(missing).toEqual({ ok: false, output: "HTTP probe failed with statuscode: 404" });
  });

  it("reports a refused connection when nothing listens on the port", () => {
    const nginx = running("nginx");
    const res = runProbe(probe({ httpGet: { path: "/", port: 8080 } }), pod, container, [nginx], nginx, t0);
    expect(res).toEqual({
      ok: false,
      output: 'Get "http://10.244.1.7:8080/": dial tcp 10.244.1.7:8080: connect: connection refused',
    });
  });

  it("sees the same per-process state as the requests: kiamol's API turns its health check red", () => {
    const api = running("kiamol/ch03-numbers-api");
    const healthz = probe({ httpGet: { path: "/healthz", port: 80 } });
    expect(runProbe(healthz, pod, container, [api], api, t0).ok).toBe(true);
    api.plan.state!.healthy = false;
    expect(runProbe(healthz, pod, container, [api], api, t0)).toEqual({
      ok: false,
      output: "HTTP probe failed with statuscode: 500",
    });
  });

  it("passes agnhost's /healthz and fails it with 412 when netexec has no UDP server", () => {
    const c: Container = { name: "a", image: "registry.k8s.io/e2e-test-images/agnhost:2.53" };
    const ok = start("registry.k8s.io/e2e-test-images/agnhost:2.53", { args: ["netexec"] });
    const bad = start("registry.k8s.io/e2e-test-images/agnhost:2.53", { args: ["netexec", "--udp-port=-1"] });
    const proc = (plan: typeof ok.plan): RunningProcess => ({ plan, startedAtMs: t0, image: { binaries: new Set() } });
    const p = probe({ httpGet: { path: "/healthz", port: 8080 } });
    expect(runProbe(p, pod, c, [proc(ok.plan)], undefined, t0).ok).toBe(true);
    expect(runProbe(p, pod, c, [proc(bad.plan)], undefined, t0)).toEqual({
      ok: false,
      output: "HTTP probe failed with statuscode: 412",
    });
  });

  it("sends the kubelet's request: Host, kube-probe User-Agent, Accept, then the probe's headers and Connection: close", () => {
    expect(probeRequest("/ready", "10.244.1.7:8080", [{ name: "x-custom", value: "1" }])).toEqual({
      method: "GET",
      target: "/ready",
      version: "HTTP/1.1",
      headers: [
        ["Host", "10.244.1.7:8080"],
        ["User-Agent", "kube-probe/1.34"],
        ["Accept", "*/*"],
        ["X-Custom", "1"],
        ["Connection", "close"],
      ],
      body: "",
    });
    expect(
      probeRequest("/", "10.244.1.7:80", [
        { name: "Host", value: "example.com" },
        { name: "User-Agent", value: "mine" },
      ]).headers,
    ).toEqual([
      ["Host", "example.com"],
      ["User-Agent", "mine"],
      ["Accept", "*/*"],
      ["Connection", "close"],
    ]);
  });

  it("finds the image's files for an exec probe (cat of nginx's index.html)", () => {
    const nginx = running("nginx");
    const res = runProbe(
      probe({ exec: { command: ["cat", "/usr/share/nginx/html/index.html"] } }),
      pod,
      container,
      [nginx],
      nginx,
      t0,
    );
    expect(res).toEqual({ ok: true, output: "" });
  });
});
