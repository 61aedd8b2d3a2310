/**
 * The kubelet, in virtual time: the pod lifecycle and its status, pod IPs, restart policies
 * and the crash-loop back-off, graceful termination, image pull failures and back-off, and
 * liveness / readiness probes.
 */
import type { Endpoints } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { Manifest, StoredEndpoints, StoredPod, StoredSlice } from "./helpers.ts";
import { deployment, eventsFor, isReady, list, mustGet, mustOk, newCluster, pod, service } from "./helpers.ts";

const getPod = (c: Cluster, name: string) => mustGet<StoredPod>(c, "pods", name);
const containerOf = (p: StoredPod) => p.status?.containerStatuses?.[0];
const eventTexts = (c: Cluster, name: string) =>
  eventsFor(c, "Pod", name).map((e) => `${e.type} ${e.reason}: ${e.message}`);

/** A compact account of a pod's status: phase and its container's state (waiting reason, running, terminated reason). */
function stateOf(p: StoredPod): string {
  const cs = containerOf(p);
  const s = cs?.state;
  const state = s?.waiting
    ? s.waiting.reason
    : s?.running
      ? "running"
      : s?.terminated
        ? `terminated:${s.terminated.reason}`
        : "-";
  return `${p.status?.phase}/${state}${cs ? ` restarts=${cs.restartCount}` : ""}`;
}

/** Every distinct state the pod goes through, in order. */
function recordStates(c: Cluster, name: string): string[] {
  const seen: string[] = [];
  c.watch((e) => {
    if (e.resource.kind !== "Pod" || e.object.metadata.name !== name || e.type === "DELETED") return;
    const s = stateOf(e.object as StoredPod);
    if (seen.at(-1) !== s) seen.push(s);
  });
  return seen;
}

function bareIPs(pods: readonly StoredPod[]): string[] {
  return pods.map((p) => `${p.spec?.nodeName} ${p.status?.podIP}`).sort();
}

describe("pod lifecycle", () => {
  it("takes a pod from Pending (ContainerCreating) to Running and reports the steps as events", () => {
    const c = newCluster();
    const states = recordStates(c, "web");
    mustOk(c.create(pod("web", { image: "nginx:1.27" })));
    const createdAt = c.now;
    c.advance(10);
    expect(states).toEqual(["Pending/-", "Pending/ContainerCreating restarts=0", "Running/running restarts=0"]);
    const p = getPod(c, "web");
    const startedAt = containerOf(p)?.state?.running?.startedAt;
    const node = p.spec!.nodeName!;
    const events = eventTexts(c, "web");
    expect(events).toHaveLength(5);
    expect(events[0]).toBe(`Normal Scheduled: Successfully assigned default/web to ${node}`);
    expect(events[1]).toBe(`Normal Pulling: Pulling image "nginx:1.27"`);
    expect(events[2]).toMatch(
      /^Normal Pulled: Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 72195292 bytes\.$/,
    );
    expect(events.slice(3)).toEqual(["Normal Created: Created container: c", "Normal Started: Started container c"]);
    expect(
      eventsFor(c, "Pod", "web")
        .slice(1)
        .map((e) => [e.source, e.involvedObject.fieldPath]),
    ).toEqual(Array(4).fill([{ component: "kubelet", host: node }, "spec.containers{c}"]));
    const conditions = (p.status?.conditions ?? []).map((x) => [x.type, x.status, x.lastTransitionTime]);
    expect(conditions).toEqual([
      ["PodReadyToStartContainers", "True", createdAt],
      ["Initialized", "True", createdAt],
      ["Ready", "True", startedAt],
      ["ContainersReady", "True", startedAt],
      ["PodScheduled", "True", createdAt],
    ]);
    expect(containerOf(p)).toMatchObject({
      name: "c",
      image: "docker.io/library/nginx:1.27",
      ready: true,
      started: true,
      restartCount: 0,
      lastState: {},
    });
    expect(containerOf(p)?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(containerOf(p)?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(p.status?.startTime).toBe(createdAt);
    expect(p.status?.qosClass).toBe("BestEffort");
  });

  it("gives pods IPs from their node's 10.244.N.0/24, from .2 upward, and the node's InternalIP as hostIP", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 4)));
    c.advance(10);
    const pods = list<StoredPod>(c, "pods");
    expect(bareIPs(pods)).toEqual([
      "kind-worker 10.244.1.2",
      "kind-worker 10.244.1.3",
      "kind-worker2 10.244.2.2",
      "kind-worker2 10.244.2.3",
    ]);
    const nodeIPs: Record<string, string> = { "kind-worker": "172.18.0.3", "kind-worker2": "172.18.0.4" };
    for (const p of pods) {
      const hostIP = nodeIPs[p.spec!.nodeName!];
      expect([p.status?.hostIP, p.status?.hostIPs, p.status?.podIPs]).toEqual([
        hostIP,
        [{ ip: hostIP }],
        [{ ip: p.status?.podIP }],
      ]);
    }
    // CoreDNS and the local-path provisioner took the control plane's first addresses while it was alone.
    expect(
      bareIPs(list<StoredPod>(c, "pods", "kube-system").filter((p) => p.metadata.name.startsWith("coredns-"))),
    ).toEqual(["kind-control-plane 10.244.0.2", "kind-control-plane 10.244.0.3"]);
  });

  it("gives a hostNetwork pod its node's address as pod IP", () => {
    const c = newCluster();
    mustOk(c.create(pod("hn", { image: "nginx:1.27" }, { spec: { hostNetwork: true, nodeName: "kind-worker2" } })));
    c.advance(10);
    expect(getPod(c, "hn").status).toMatchObject({
      phase: "Running",
      podIP: "172.18.0.4",
      podIPs: [{ ip: "172.18.0.4" }],
      hostIP: "172.18.0.4",
    });
  });
});

describe("restart policy and the crash-loop back-off", () => {
  it("restarts busybox with no command (it exits at once) with back-offs of 10s, 20s, 40s, 1m20s, 2m40s and then 5m", () => {
    const c = newCluster();
    const states = recordStates(c, "bb");
    const waits: string[] = [];
    const runs: { started: number; finished?: number }[] = [];
    c.watch((e) => {
      if (e.resource.kind !== "Pod" || e.object.metadata.name !== "bb") return;
      const cs = containerOf(e.object as StoredPod);
      const msg = cs?.state?.waiting?.message;
      if (cs?.state?.waiting?.reason === "CrashLoopBackOff" && msg && waits.at(-1) !== msg) waits.push(msg);
      const running = cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt;
      if (running && runs.at(-1)?.started !== Date.parse(running)) runs.push({ started: Date.parse(running) });
      const finished = cs?.state?.terminated?.finishedAt;
      if (finished) runs.at(-1)!.finished = Date.parse(finished);
    });
    mustOk(c.create(pod("bb", { image: "busybox:1.36" })));
    c.advance(11 * 60);
    const uid = getPod(c, "bb").metadata.uid;
    expect(waits).toEqual(
      ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"].map(
        (d) => `back-off ${d} restarting failed container=c pod=bb_default(${uid})`,
      ),
    );
    // Each run completes at once; the pod stays Running (restartPolicy Always) and counts the restarts.
    expect(states.slice(0, 11)).toEqual([
      "Pending/-",
      "Pending/ContainerCreating restarts=0",
      "Running/running restarts=0",
      "Running/terminated:Completed restarts=0",
      "Running/running restarts=1",
      "Running/terminated:Completed restarts=1",
      "Running/CrashLoopBackOff restarts=1",
      "Running/running restarts=2",
      "Running/terminated:Completed restarts=2",
      "Running/CrashLoopBackOff restarts=2",
      "Running/running restarts=3",
    ]);
    // The first restart is immediate; then each waits out its back-off, counted from the last exit.
    const gaps = runs.slice(1).map((r, i) => (r.started - runs[i]!.finished!) / 1000);
    const backoffs = [0, 10, 20, 40, 80, 160, 300];
    expect(gaps.length).toBe(backoffs.length);
    gaps.forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(backoffs[i]!);
      expect(g).toBeLessThanOrEqual(backoffs[i]! + 3);
    });
    const p = getPod(c, "bb");
    expect(containerOf(p)?.restartCount).toBe(7);
    expect(containerOf(p)?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(eventsFor(c, "Pod", "bb").find((e) => e.reason === "BackOff")).toMatchObject({
      type: "Warning",
      message: `Back-off restarting failed container c in pod bb_default(${uid})`,
    });
  });

  it("ends a restartPolicy Never pod Succeeded on exit 0 and Failed on a non-zero exit, and restarts OnFailure only on failure", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod(
          "ok",
          { image: "busybox:1.36", command: ["sh", "-c", "echo hi; exit 0"] },
          { spec: { restartPolicy: "Never" } },
        ),
      ),
    );
    mustOk(
      c.create(
        pod("bad", { image: "busybox:1.36", command: ["sh", "-c", "exit 3"] }, { spec: { restartPolicy: "Never" } }),
      ),
    );
    mustOk(
      c.create(
        pod(
          "retry",
          { image: "busybox:1.36", command: ["sh", "-c", "exit 3"] },
          { spec: { restartPolicy: "OnFailure" } },
        ),
      ),
    );
    mustOk(
      c.create(pod("once", { image: "busybox:1.36", command: ["true"] }, { spec: { restartPolicy: "OnFailure" } })),
    );
    c.advance(30);
    const summary = (n: string) => {
      const p = getPod(c, n);
      const cs = containerOf(p)!;
      return [
        p.status?.phase,
        cs.state?.terminated?.reason ?? cs.state?.waiting?.reason,
        cs.state?.terminated?.exitCode ?? cs.lastState?.terminated?.exitCode,
        cs.restartCount > 0,
      ];
    };
    expect(summary("ok")).toEqual(["Succeeded", "Completed", 0, false]);
    expect(summary("bad")).toEqual(["Failed", "Error", 3, false]);
    expect(summary("retry")).toEqual(["Running", "CrashLoopBackOff", 3, true]);
    expect(summary("once")).toEqual(["Succeeded", "Completed", 0, false]);
    const done = getPod(c, "ok");
    expect(done.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ["PodReadyToStartContainers", "False", undefined],
      ["Initialized", "True", undefined],
      ["Ready", "False", "PodCompleted"],
      ["ContainersReady", "False", "PodCompleted"],
      ["PodScheduled", "True", undefined],
    ]);
    expect(c.logs("default", "ok", "c")?.map((l) => [l.stream, l.text])).toEqual([["stdout", "hi"]]);
  });
});

describe("graceful termination", () => {
  function twoPods(): Cluster {
    const c = newCluster();
    mustOk(c.create(pod("sleeper", { image: "busybox:1.36", command: ["sleep", "3600"] })));
    mustOk(c.create(pod("web", { image: "nginx:1.27" })));
    c.advance(10);
    return c;
  }

  it("keeps `sleep 3600` Terminating for the whole 30 s grace period (it ignores SIGTERM), then kills it with 137, while nginx stops at once", () => {
    const c = twoPods();
    const gone: Record<string, number> = {};
    const lastStatus: Record<string, StoredPod> = {};
    c.watch((e) => {
      if (e.resource.kind !== "Pod") return;
      if (e.type === "DELETED") gone[e.object.metadata.name] = c.nowMs;
      else lastStatus[e.object.metadata.name] = e.object as StoredPod;
    });
    const at = c.nowMs;
    const sleeper = mustOk(c.delete("pods", "sleeper")) as StoredPod;
    const web = mustOk(c.delete("pods", "web")) as StoredPod;
    for (const p of [sleeper, web]) {
      expect(p.metadata.deletionGracePeriodSeconds).toBe(30);
      expect(p.metadata.deletionTimestamp).toBe(
        new Date(Math.floor(at / 1000) * 1000 + 30_000).toISOString().replace(".000", ""),
      );
    }
    c.advance(29);
    expect(getPod(c, "sleeper").metadata.deletionTimestamp).toBeDefined();
    expect(gone.web! - at).toBeLessThan(1000);
    c.advance(2);
    expect(c.get("pods", "sleeper").ok).toBe(false);
    expect(gone.sleeper! - at).toBeGreaterThanOrEqual(29_000);
    expect(gone.sleeper! - at).toBeLessThanOrEqual(30_000);
    expect(containerOf(lastStatus.sleeper!)?.state?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(containerOf(lastStatus.web!)?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    for (const n of ["sleeper", "web"]) {
      expect(
        eventsFor(c, "Pod", n)
          .filter((e) => e.reason === "Killing")
          .map((e) => e.message),
      ).toEqual(["Stopping container c"]);
    }
  });

  // generateAPIPodStatus(podIsTerminal=true) in syncTerminatedPod gives a deleted pod a terminal phase before it is removed.
  it("writes a terminal phase before a deleted pod goes: Failed for the killed sleep, Succeeded for nginx", () => {
    const c = twoPods();
    const lastPhase: Record<string, string | undefined> = {};
    c.watch((e) => {
      if (e.resource.kind === "Pod" && e.type !== "DELETED")
        lastPhase[e.object.metadata.name] = (e.object as StoredPod).status?.phase;
    });
    mustOk(c.delete("pods", "sleeper"));
    mustOk(c.delete("pods", "web"));
    c.advance(40);
    expect(lastPhase).toEqual({ sleeper: "Failed", web: "Succeeded" });
  });

  it("honours a shorter terminationGracePeriodSeconds and deletes at once with a grace period of 0", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod(
          "quick",
          { image: "busybox:1.36", command: ["sleep", "3600"] },
          { spec: { terminationGracePeriodSeconds: 5 } },
        ),
      ),
    );
    mustOk(c.create(pod("forced", { image: "busybox:1.36", command: ["sleep", "3600"] })));
    c.advance(10);
    mustOk(c.delete("pods", "quick"));
    mustOk(c.delete("pods", "forced", { gracePeriodSeconds: 0 }));
    c.settle();
    expect(c.get("pods", "forced").ok).toBe(false);
    c.advance(4);
    expect(c.get("pods", "quick").ok).toBe(true);
    c.advance(2);
    expect(c.get("pods", "quick").ok).toBe(false);
  });

  it("removes a pod that was never scheduled at once", () => {
    const c = newCluster();
    mustOk(c.create(pod("nowhere", { image: "nginx:1.27" }, { spec: { nodeSelector: { disktype: "ssd" } } })));
    c.advance(2);
    const r = mustOk(c.delete("pods", "nowhere"));
    expect(r.metadata.deletionTimestamp).toBeUndefined();
    expect(c.get("pods", "nowhere").ok).toBe(false);
  });
});

describe("image pulls", () => {
  it("reports ErrImagePull, then ImagePullBackOff, for a tag the registry does not have, retrying with a growing back-off", () => {
    const c = newCluster();
    const states = recordStates(c, "bad");
    mustOk(c.create(pod("bad", { image: "nginx:doesnotexist" })));
    c.advance(120);
    const ref = "docker.io/library/nginx:doesnotexist";
    const pullError = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    expect(states.slice(0, 6)).toEqual([
      "Pending/-",
      "Pending/ContainerCreating restarts=0",
      "Pending/ErrImagePull restarts=0",
      "Pending/ImagePullBackOff restarts=0",
      "Pending/ErrImagePull restarts=0",
      "Pending/ImagePullBackOff restarts=0",
    ]);
    const p = getPod(c, "bad");
    expect(containerOf(p)?.state).toEqual({
      waiting: {
        reason: "ImagePullBackOff",
        message: `Back-off pulling image "nginx:doesnotexist": ErrImagePull: ${pullError}`,
      },
    });
    const kinds = [...new Set(eventTexts(c, "bad"))];
    expect(kinds).toEqual([
      `Normal Scheduled: Successfully assigned default/bad to ${p.spec?.nodeName}`,
      'Normal Pulling: Pulling image "nginx:doesnotexist"',
      `Warning Failed: Failed to pull image "nginx:doesnotexist": ${pullError}`,
      "Warning Failed: Error: ErrImagePull",
      'Normal BackOff: Back-off pulling image "nginx:doesnotexist"',
      "Warning Failed: Error: ImagePullBackOff",
    ]);
    // Pulls at about 0, 10, 30 and 70 s: the same events, counted.
    const pulling = eventsFor(c, "Pod", "bad").find((e) => e.reason === "Pulling")!;
    expect(pulling.count).toBe(4);
  });

  it("reports a repository that does not exist as pull access denied", () => {
    const c = newCluster();
    mustOk(c.create(pod("nope", { image: "doesnotexist/whatever:1.0" })));
    c.advance(5);
    const ref = "docker.io/doesnotexist/whatever:1.0";
    expect(eventsFor(c, "Pod", "nope").find((e) => e.reason === "Failed")?.message).toBe(
      `Failed to pull image "doesnotexist/whatever:1.0": failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    );
  });
});

describe("probes", () => {
  const livenessPod: Manifest = pod("liveness-exec", {
    name: "liveness",
    image: "busybox:1.36",
    args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
    livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
  });

  it("restarts a container whose exec liveness probe fails three times, with Unhealthy and Killing events", () => {
    const c = newCluster();
    mustOk(c.create(livenessPod));
    c.advance(30);
    expect(containerOf(getPod(c, "liveness-exec"))?.restartCount).toBe(0);
    expect(eventsFor(c, "Pod", "liveness-exec").map((e) => e.reason)).not.toContain("Unhealthy");
    const restarted = c.waitFor(() => containerOf(getPod(c, "liveness-exec"))?.restartCount === 1, {
      timeoutSeconds: 60,
    });
    expect(restarted).toBe(true);
    const p = getPod(c, "liveness-exec");
    expect(containerOf(p)?.state?.running).toBeDefined();
    // sh as PID 1 ignores SIGTERM: the kill waits out the grace period and ends with SIGKILL.
    expect(containerOf(p)?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    const events = eventsFor(c, "Pod", "liveness-exec");
    const unhealthy = events.find((e) => e.reason === "Unhealthy")!;
    expect([unhealthy.type, unhealthy.message, unhealthy.count]).toEqual([
      "Warning",
      "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
      3,
    ]);
    const killing = events.find((e) => e.reason === "Killing")!;
    expect([killing.type, killing.message, killing.involvedObject.fieldPath]).toEqual([
      "Normal",
      "Container liveness failed liveness probe, will be restarted",
      "spec.containers{liveness}",
    ]);
    // The Killing came right after the third failure (5 s apart).
    expect(Date.parse(killing.firstTimestamp!) - Date.parse(unhealthy.firstTimestamp!)).toBe(10_000);
  });

  it("keeps a pod whose readiness probe gets 404 not ready, out of its Service's ready addresses", () => {
    const c = newCluster();
    mustOk(
      c.create(
        deployment(
          "web",
          2,
          "nginx:1.27",
          {},
          {
            ports: [{ name: "http", containerPort: 80 }],
            readinessProbe: { httpGet: { path: "/healthz", port: 80 }, periodSeconds: 5 },
          },
        ),
      ),
    );
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] })));
    c.advance(30);
    const pods = list<StoredPod>(c, "pods").sort((a, b) => (a.status!.podIP! < b.status!.podIP! ? -1 : 1));
    expect(pods.map(isReady)).toEqual([false, false]);
    for (const p of pods) {
      expect(p.status?.phase).toBe("Running");
      expect(
        p.status?.conditions
          ?.filter((x) => x.type === "Ready" || x.type === "ContainersReady")
          .map((x) => [x.type, x.status, x.reason, x.message]),
      ).toEqual([
        ["Ready", "False", "ContainersNotReady", "containers with unready status: [web]"],
        ["ContainersReady", "False", "ContainersNotReady", "containers with unready status: [web]"],
      ]);
      expect(containerOf(p)).toMatchObject({ ready: false, started: true, state: { running: {} } });
      const unhealthy = eventsFor(c, "Pod", p.metadata.name).find((e) => e.reason === "Unhealthy")!;
      expect([unhealthy.type, unhealthy.message]).toEqual([
        "Warning",
        "Readiness probe failed: HTTP probe failed with statuscode: 404",
      ]);
    }
    const address = (p: StoredPod) => ({
      ip: p.status!.podIP!,
      nodeName: p.spec!.nodeName!,
      targetRef: { kind: "Pod", namespace: "default", name: p.metadata.name, uid: p.metadata.uid },
    });
    expect(mustGet<Endpoints>(c, "endpoints", "web").subsets as StoredEndpoints["subsets"]).toEqual([
      { notReadyAddresses: pods.map(address), ports: [{ port: 80, protocol: "TCP" }] },
    ]);
    const [slice, ...more] = list<StoredSlice>(c, "endpointslices").filter(
      (s) => s.metadata.labels?.["kubernetes.io/service-name"] === "web",
    );
    expect(more).toEqual([]);
    expect(slice!.endpoints).toEqual(
      pods.map((p) => ({
        addresses: [p.status!.podIP!],
        conditions: { ready: false, serving: false, terminating: false },
        nodeName: p.spec!.nodeName!,
        targetRef: { kind: "Pod", namespace: "default", name: p.metadata.name, uid: p.metadata.uid },
      })),
    );
  });

  it("marks a pod ready on its first successful readiness probe", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod("ok", {
          image: "nginx:1.27",
          readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 3, periodSeconds: 5 },
        }),
      ),
    );
    const running = c.waitFor(() => getPod(c, "ok").status?.phase === "Running", { timeoutSeconds: 30 });
    expect(running).toBe(true);
    expect(isReady(getPod(c, "ok"))).toBe(false);
    const startedAt = Date.parse(containerOf(getPod(c, "ok"))!.state!.running!.startedAt!);
    c.waitFor(() => isReady(getPod(c, "ok")), { timeoutSeconds: 30 });
    expect(isReady(getPod(c, "ok"))).toBe(true);
    expect(c.nowMs - startedAt).toBeGreaterThanOrEqual(3000);
    expect(c.nowMs - startedAt).toBeLessThan(4000);
  });
});
