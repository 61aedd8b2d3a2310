import { describe, expect, it } from "vitest";
import { clusterWithWeb, deployment, kubectl, mustOk, newCluster, shown } from "./helpers.ts";

describe("kubectl wait", () => {
  it("waits in virtual time until a new deployment is Available", async () => {
    const c = newCluster();
    c.settle();
    mustOk(c.create(deployment("web", 2)));
    c.settle();
    const start = c.nowMs;
    const r = await kubectl(c, "wait --for=condition=Available deployment/web");
    expect(shown(r)).toBe("deployment.apps/web condition met\n");
    expect(c.nowMs).toBeGreaterThan(start);
  });

  it("times out after --timeout with the object's resource/name", async () => {
    const c = clusterWithWeb(1);
    const start = c.nowMs;
    const r = await kubectl(c, "wait --for=condition=Ready=false deployment/web --timeout=5s");
    expect(shown(r)).toBe("error: timed out waiting for the condition on deployments/web\n");
    expect(c.nowMs - start).toBe(5_000);
  });

  it("the default timeout is 30 seconds", async () => {
    const c = clusterWithWeb(1);
    const start = c.nowMs;
    await kubectl(c, "wait --for=condition=Nope deployment/web", 120_000);
    expect(c.nowMs - start).toBe(30_000);
  });

  it("waits for pods chosen by a label selector", async () => {
    const c = clusterWithWeb(2);
    const r = await kubectl(c, "wait --for=condition=Ready pod -l app=web");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(2);
    expect(r.stdout).toMatch(/^pod\/web-\w+-\w+ condition met\n/);
  });

  it("compares a jsonpath value as text", async () => {
    const c = clusterWithWeb(2);
    expect(shown(await kubectl(c, "wait --for=jsonpath={.status.readyReplicas}=2 deploy/web"))).toBe(
      "deployment.apps/web condition met\n",
    );
  });

  it("waits for a deletion to finish", async () => {
    const c = clusterWithWeb(1);
    const pod = c.list("pods", { namespace: "default" })[0]!;
    mustOk(c.delete("pods", pod.metadata.name, { namespace: "default" }));
    const r = await kubectl(c, `wait --for=delete pod/${pod.metadata.name} --timeout=60s`);
    expect(shown(r)).toBe(`pod/${pod.metadata.name} condition met\n`);
  });

  it("stops like Ctrl-C when the budget ends before the timeout", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "wait --for=condition=Nope deployment/web --timeout=1h", 10_000);
    expect(r.exitCode).toBe(130);
    expect(r.interrupted).toBe(true);
  });
});
