import { describe, expect, it } from "vitest";
import { clusterWithWeb, kubectl, mustOk, shown } from "./helpers.ts";

describe("kubectl rollout", () => {
  it("status prints each new waiting line as the rollout advances in virtual time, then success", async () => {
    const c = clusterWithWeb(3);
    expect(shown(await kubectl(c, "set image deployment/web web=nginx:1.28"))).toBe(
      "deployment.apps/web image updated\n",
    );
    const before = c.nowMs;
    const r = await kubectl(c, "rollout status deployment/web");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^Waiting for deployment "web" rollout to finish: \d out of 3 new replicas have been updated\.\.\.$/,
    );
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(new Set(lines).size).toBe(lines.length);
    expect(c.nowMs).toBeGreaterThan(before);
  });

  it("status with --watch=false prints the current state once and exits 0", async () => {
    const c = clusterWithWeb(3);
    await kubectl(c, "set image deployment/web web=nginx:1.28");
    const r = await kubectl(c, "rollout status deployment/web --watch=false");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toMatch(/^Waiting for deployment "web" rollout to finish/);
  });

  it("status stops like Ctrl-C when the budget runs out before the rollout is done", async () => {
    const c = clusterWithWeb(2);
    await kubectl(c, "set image deployment/web web=nginx:does-not-exist");
    const start = c.nowMs;
    const r = await kubectl(c, "rollout status deployment/web", 5_000);
    expect(r.exitCode).toBe(130);
    expect(r.interrupted).toBe(true);
    expect(r.stdout).toMatch(/^Waiting for deployment "web" rollout to finish/);
    expect(c.nowMs - start).toBe(5_000);
  });

  it("status with --timeout fails with the watch's timeout message", async () => {
    const c = clusterWithWeb(2);
    await kubectl(c, "set image deployment/web web=nginx:does-not-exist");
    const r = await kubectl(c, "rollout status deployment/web --timeout=3s");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("error: timed out waiting for the condition\n");
  });

  it("status refuses a revision that is not the running one", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "rollout status deployment/web --revision=4");
    expect(shown(r)).toBe("error: desired revision (4) is different from the running revision (1)\n");
  });

  it("history lists revisions in a padding-2 table with <none> change causes", async () => {
    const c = clusterWithWeb(1);
    await kubectl(c, "set image deployment/web web=nginx:1.28");
    c.advance(60);
    const r = await kubectl(c, "rollout history deployment/web");
    expect(r.stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
  });

  it("history shows a ReplicaSet's change-cause annotation", async () => {
    const c = clusterWithWeb(1);
    const rs = c.list("replicasets", { namespace: "default" })[0]!;
    mustOk(
      c.update({
        ...rs,
        metadata: {
          ...rs.metadata,
          annotations: { ...rs.metadata.annotations, "kubernetes.io/change-cause": "first deploy" },
        },
      }),
    );
    const r = await kubectl(c, "rollout history deploy/web");
    expect(r.stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first deploy\n\n");
  });

  it("history --revision prints the pod template with raw tabs as describe's prefix writer does", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "rollout history deployment/web --revision=1");
    expect(r.stdout).toMatch(
      /^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Containers:\n {3}web:\n {4}Image:\tnginx:1.27\n/,
    );
    expect(r.stdout.endsWith("\n\n")).toBe(true);
    expect(shown(await kubectl(c, "rollout history deployment/web --revision=3"))).toBe(
      "error: unable to find the specified revision\n",
    );
  });

  it("undo returns to the previous template and the revision moves forward", async () => {
    const c = clusterWithWeb(1);
    await kubectl(c, "set image deployment/web web=nginx:1.28");
    c.advance(60);
    expect(shown(await kubectl(c, "rollout undo deployment/web"))).toBe("deployment.apps/web rolled back\n");
    c.advance(60);
    const d = mustOk(c.get("deployments", "web")) as {
      spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
    } & {
      metadata: { annotations?: Record<string, string> };
    };
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe("nginx:1.27");
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect((await kubectl(c, "rollout history deployment/web")).stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
    );
  });

  it("undo to the running revision is skipped, and an unknown one is an error", async () => {
    const c = clusterWithWeb(1);
    await kubectl(c, "set image deployment/web web=nginx:1.28");
    c.advance(60);
    expect(shown(await kubectl(c, "rollout undo deployment/web --to-revision=2"))).toBe(
      "deployment.apps/web skipped rollback (current template already matches revision 2)\n",
    );
    expect(shown(await kubectl(c, "rollout undo deployment/web --to-revision=7"))).toBe(
      "error: unable to find specified revision 7 in history\n",
    );
  });

  it("undo without an earlier revision says there is no history", async () => {
    const c = clusterWithWeb(1);
    expect(shown(await kubectl(c, "rollout undo deployment/web"))).toBe(
      'error: no rollout history found for deployment "web"\n',
    );
  });

  it("restart stamps restartedAt from the virtual clock and rolls new pods", async () => {
    const c = clusterWithWeb(1);
    const now = c.now;
    expect(shown(await kubectl(c, "rollout restart deployment/web"))).toBe("deployment.apps/web restarted\n");
    const d = mustOk(c.get("deployments", "web")) as {
      spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
    };
    expect(d.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBe(now);
    expect(c.list("replicasets", { namespace: "default" })).toHaveLength(2);
  });

  it("pause and resume flip spec.paused and refuse to repeat themselves", async () => {
    const c = clusterWithWeb(1);
    expect(shown(await kubectl(c, "rollout pause deployment/web"))).toBe("deployment.apps/web paused\n");
    expect(shown(await kubectl(c, "rollout pause deployment/web"))).toBe(
      'error: deployments.apps "web" is already paused\n',
    );
    expect(shown(await kubectl(c, "rollout undo deployment/web"))).toBe(
      'error: no rollout history found for deployment "web"\n',
    );
    expect(shown(await kubectl(c, "rollout resume deployment/web"))).toBe("deployment.apps/web resumed\n");
    expect(shown(await kubectl(c, "rollout resume deployment/web"))).toBe(
      'error: deployments.apps "web" is not paused\n',
    );
  });

  it("pause refuses kinds other than deployments", async () => {
    const c = clusterWithWeb(1);
    expect(shown(await kubectl(c, "rollout pause daemonset/kube-proxy -n kube-system"))).toBe(
      'error: daemonsets.apps "kube-proxy" pausing is not supported\n',
    );
  });

  it("rollout without a subcommand prints its help on stderr and exits 1 (DefaultSubCommandRun)", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "rollout");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Available Commands:\n  history   View rollout history\n");
  });
});
