/**
 * Child-process entry: runs one suite against one system and reports samples and peak RSS
 * to the orchestrator (run.ts) over the IPC channel. Usage (run.ts does this):
 *   fork("bench/worker.ts", [JSON.stringify(task)])
 * Each system runs in its own processes, so one's memory and JIT state never touch the other's.
 */
import type { BenchSystem, Fleet, SampleKey, WorkerMessage, WorkerTask } from "./workloads.ts";
import {
  app,
  fleet,
  namespace,
  nodesFor,
  requestUrl,
  SliceTracker,
  serviceKey,
  shapes,
  suiteKeys,
  waitTimeouts,
} from "./workloads.ts";

const task = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
const samples: Partial<Record<SampleKey, number[]>> = {};
const notes: Partial<Record<SampleKey, string>> = {};

const maxRssKb = (): number => process.resourceUsage().maxRSS;
const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => process.send?.(m, () => resolve()) ?? resolve());
const push = (k: SampleKey, v: number): void => {
  (samples[k] ??= []).push(v);
};
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

async function createSystem(): Promise<BenchSystem> {
  if (task.system === "kubook") return (await import("./kubook.ts")).createKubookSystem();
  return (await import("./webernetes.ts")).createWebernetesSystem();
}

function timeoutFor(sys: BenchSystem): number {
  return sys.clock === "virtual" ? waitTimeouts.virtualSeconds : waitTimeouts.wallSeconds;
}

/** Expect every Service of the fleet to show all its replicas ready. */
function expectFleet(tracker: SliceTracker, f: Fleet): void {
  tracker.expect(f.services.map((s) => [serviceKey(namespace, s), { ready: f.replicas }] as const));
}

/**
 * update_at_*_us: delete one pod (the first ready one, by name, of the next Service in turn),
 * then time until that Service's slices are current again: `replicas` ready endpoints, none of
 * them the deleted pod (so the removal is reflected AND the replacement is ready and listed).
 * Every other Service must still be current too. Same definition at every size.
 */
async function deletions(sys: BenchSystem, tracker: SliceTracker, f: Fleet, key: SampleKey): Promise<void> {
  for (let i = 0; i < task.warmup + task.deletions; i++) {
    const svc = serviceKey(namespace, f.services[i % f.services.length]!);
    const pod = tracker.readyPods(svc)[0];
    if (!pod) {
      notes[key] = `no ready pod behind ${svc}`;
      return;
    }
    tracker.expect([[svc, { ready: f.replicas, absent: pod }]]);
    const t0 = performance.now();
    await sys.deletePod(namespace, pod);
    const ok = await sys.waitUntil(() => tracker.done, timeoutFor(sys));
    const us = (performance.now() - t0) * 1000;
    if (!ok) {
      notes[key] =
        `slices not current within ${timeoutFor(sys)} s (${sys.clock}) of deleting ${pod}: ${tracker.progress()}`;
      return;
    }
    if (i >= task.warmup) push(key, us);
  }
}

/** Whether `p` settles before the wall-clock `deadline` (it is left running if not). */
async function beforeDeadline(p: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A fleet on a new cluster, current; returns the tracker following it and the wall ms it took. */
async function deployFleet(
  sys: BenchSystem,
  f: Fleet,
  nodes: number,
  events: boolean,
  wallBudgetSeconds: number,
): Promise<{ tracker: SliceTracker; ok: boolean; ms: number; why?: string }> {
  await sys.boot({ nodes, events });
  const tracker = new SliceTracker();
  await sys.track(tracker);
  expectFleet(tracker, f);
  const t0 = performance.now();
  const deadline = t0 + wallBudgetSeconds * 1000;
  let applied = 0;
  for (const pair of f.apps) {
    if (sys.clock === "virtual") await sys.apply(pair);
    else if (!(await beforeDeadline(sys.apply(pair), deadline))) break;
    applied++;
    if (sys.clock === "wall" && performance.now() > deadline) break;
  }
  const left = sys.clock === "wall" ? Math.max(0, (deadline - performance.now()) / 1000) : waitTimeouts.virtualSeconds;
  const ok = applied === f.apps.length && (await sys.waitUntil(() => tracker.done, left));
  const ms = performance.now() - t0;
  if (ok) return { tracker, ok, ms };
  const budget = sys.clock === "wall" ? `${wallBudgetSeconds} s wall` : `${waitTimeouts.virtualSeconds} s virtual`;
  const why = `not current within ${budget}: ${applied}/${f.apps.length} apps applied, ${tracker.progress()}`;
  return { tracker, ok, ms, why };
}

async function small(sys: BenchSystem): Promise<void> {
  // boot_ms and deploy3_ready_ms, `task.boots` times in turn: the first round is a fresh
  // process (cold JIT, what a page load sees), later ones a process that has done it before.
  for (let round = 0; round < task.boots; round++) {
    let t0 = performance.now();
    await sys.boot({ nodes: 3, events: true });
    push("boot_ms", performance.now() - t0);

    // deploy3_ready_ms: apply Deployment + Service, until its slice has 3 ready endpoints.
    try {
      const tracker = new SliceTracker();
      await sys.track(tracker);
      const { name, replicas } = shapes.deploy3;
      tracker.expect([[serviceKey(namespace, name), { ready: replicas }]]);
      t0 = performance.now();
      await sys.apply(app(name, replicas));
      const ok = await sys.waitUntil(() => tracker.done, timeoutFor(sys));
      if (ok) push("deploy3_ready_ms", performance.now() - t0);
      else notes.deploy3_ready_ms = `not ready within ${timeoutFor(sys)} s (${sys.clock}): ${tracker.progress()}`;
    } catch (e) {
      notes.deploy3_ready_ms = message(e);
    }
  }

  // update_at_100_us: 10 apps × 10 pods on a new cluster.
  try {
    const { prefix, services, replicas } = shapes.small;
    const f = fleet(prefix, services, replicas);
    const r = await deployFleet(sys, f, nodesFor(services * replicas), true, waitTimeouts.wallSeconds);
    if (r.ok) await deletions(sys, r.tracker, f, "update_at_100_us");
    else notes.update_at_100_us = r.why!;
  } catch (e) {
    notes.update_at_100_us = message(e);
  }
}

async function scale(sys: BenchSystem): Promise<void> {
  const key: SampleKey = task.events ? "scale_10k_ms" : "scale_10k_events_off_ms";
  const { prefix, services, replicas } = shapes.large;
  const f = fleet(prefix, services, replicas);
  const progress = setInterval(() => void send({ kind: "progress", maxRssKb: maxRssKb(), phase: key }), 5_000);
  try {
    const nodes = nodesFor(services * replicas);
    const r = await deployFleet(sys, f, nodes, task.events, task.scaleTimeoutSeconds);
    if (!r.ok) {
      notes[key] = r.why!;
      if (task.events) notes.update_at_10k_us = `needs the ${key} cluster, which did not become current`;
      return;
    }
    push(key, r.ms);
    if (!task.events) return;
    // Tells the orchestrator the bounded part is over: it extends its kill deadline for these.
    await send({ kind: "progress", maxRssKb: maxRssKb(), phase: "deletions" });
    await deletions(sys, r.tracker, f, "update_at_10k_us");
  } catch (e) {
    notes[key] ??= message(e);
    if (task.events) notes.update_at_10k_us ??= `needs the ${key} cluster: ${message(e)}`;
  } finally {
    clearInterval(progress);
  }
}

/**
 * One request figure: `shapes.requests.warmup` untimed requests (they also prove the path works),
 * then `task.requestRounds` timed loops of `shapes.requests.requests`, one sample each. A loop
 * with any non-200 is not a sample: the failures are reported in the figure's note instead.
 */
async function timeRequests(sys: BenchSystem, key: SampleKey): Promise<void> {
  const { service, client, requests: count, warmup } = shapes.requests;
  const url = requestUrl(service);
  const loops: { timed: boolean; count: number }[] = [
    { timed: false, count: warmup },
    ...Array.from({ length: task.requestRounds }, () => ({ timed: true, count })),
  ];
  const failed: string[] = [];
  for (const loop of loops) {
    const r = await sys.requestLoop(namespace, client, url, loop.count);
    if (r.failures > 0 || r.ok !== loop.count) {
      const what = loop.timed ? "timed loop" : "warm-up";
      failed.push(`${what}: ${r.failures}/${loop.count} requests failed (first: ${r.firstFailure ?? "?"})`);
    } else if (loop.timed) push(key, r.ms);
  }
  if (failed.length > 0) notes[key] = `FAILURES — ${failed.join("; ")}`;
}

/** Apply `apps`, then wait until the tracker's Services are current; throws if they are not. */
async function applyCurrent(sys: BenchSystem, tracker: SliceTracker, apps: Fleet["apps"]): Promise<void> {
  for (const pair of apps) await sys.apply(pair);
  if (!(await sys.waitUntil(() => tracker.done, timeoutFor(sys))))
    throw new Error(`slices not current within ${timeoutFor(sys)} s (${sys.clock}): ${tracker.progress()}`);
}

/**
 * requests_1000_ms, then (kubook) requests_at_1k_services_ms, on one cluster sized for the
 * second: the echo app (3 endpoints) and a client pod, ready; time the loops; then add 1,000
 * apps of one pod each (1,000 Services, each selecting its own Deployment), current; time again.
 */
async function requestsSuite(sys: BenchSystem): Promise<void> {
  const s = shapes.requests;
  const others = fleet(s.othersPrefix, s.others, s.othersReplicas);
  let tracker: SliceTracker;
  try {
    await sys.boot({ nodes: nodesFor(s.replicas + 1 + s.others * s.othersReplicas), events: true });
    tracker = new SliceTracker();
    await sys.track(tracker);
    tracker.expect([[serviceKey(namespace, s.service), { ready: s.replicas }]]);
    await applyCurrent(sys, tracker, [app(s.service, s.replicas)]);
    await sys.startClient(namespace, s.client);
    await timeRequests(sys, "requests_1000_ms");
  } catch (e) {
    notes.requests_1000_ms ??= message(e);
    notes.requests_at_1k_services_ms ??= `needs the requests_1000_ms cluster: ${message(e)}`;
    return;
  }
  // webernetes: not measured (run.ts says why).
  if (sys.name === "webernetes") return;
  try {
    tracker.expect(others.services.map((n) => [serviceKey(namespace, n), { ready: others.replicas }] as const));
    await applyCurrent(sys, tracker, others.apps);
    await timeRequests(sys, "requests_at_1k_services_ms");
  } catch (e) {
    notes.requests_at_1k_services_ms ??= message(e);
  }
}

/**
 * The sample lessons checked in-process, as `kubook check content/` does without its cache:
 * compile (Markdown → lesson) and run (a fresh cluster per lesson) every lesson, timed in
 * total; the compile share alone as a second figure. The first pass warms the JIT and is
 * not counted.
 */
async function lessonsSuite(): Promise<void> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { compileLesson, runLesson } = await import("#lesson");
  const dir = new URL("../content/", import.meta.url);
  const lessons = readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md")
    .sort()
    .map((f) => ({ path: f, source: readFileSync(new URL(f, dir), "utf8") }));
  for (let round = 0; round <= task.requestRounds; round++) {
    let compileMs = 0;
    const start = performance.now();
    for (const l of lessons) {
      const t = performance.now();
      const lesson = compileLesson(l.path, l.source);
      compileMs += performance.now() - t;
      const run = await runLesson(lesson);
      if (run.result.summary.failed > 0) throw new Error(`${l.path} fails its check`);
    }
    if (round === 0) continue;
    push("check_samples_ms", performance.now() - start);
    push("check_samples_compile_ms", compileMs);
  }
}

async function main(): Promise<void> {
  if (task.suite === "lessons") {
    try {
      await lessonsSuite();
    } catch (e) {
      for (const k of suiteKeys(task)) notes[k] ??= message(e);
    }
    await send({ kind: "result", samples, notes, maxRssKb: maxRssKb() });
    process.exit(0);
  }
  try {
    const sys = await createSystem();
    if (task.suite === "small") await small(sys);
    else if (task.suite === "requests") await requestsSuite(sys);
    else await scale(sys);
    // The scale attempt of a slow system may leave thousands of tasks in flight: don't wait on close.
    if (task.suite !== "scale") await sys.close();
  } catch (e) {
    // A failure outside one figure's own try (creating the system, booting) explains every figure of the suite.
    for (const k of suiteKeys(task)) notes[k] ??= message(e);
  }
  await send({ kind: "result", samples, notes, maxRssKb: maxRssKb() });
  process.exit(0);
}

await main();
