/**
 * `npm run bench [-- --json] [-- --reps N] …`: kubook's engine and webernetes side by side,
 * on the same workloads, in one run. See bench/README.md for what each figure means.
 *
 * Every suite runs in a child process of its own (worker.ts), one system at a time, the two
 * systems alternating, so noise on the machine hits both alike; figures are medians of all
 * samples. With --json, stdout carries exactly one JSON object; progress goes to stderr.
 */
import { fork, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { SampleKey, SystemName, WorkerMessage, WorkerTask } from "./workloads.ts";
import { median, shapes, suiteKeys, systemNames, waitTimeouts } from "./workloads.ts";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    deletions: { type: "string" },
    warmup: { type: "string" },
    boots: { type: "string" },
    "webernetes-scale-timeout": { type: "string" },
    "request-rounds": { type: "string" },
    site: { type: "boolean", default: true },
  },
});

const int = (v: string | undefined, dflt: number): number => {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${v}`);
  return n;
};
const reps = Math.max(1, int(args.reps, args.quick ? 1 : 3));
const deletionCount = Math.max(1, int(args.deletions, args.quick ? 5 : 9));
const warmup = int(args.warmup, 2);
const boots = Math.max(1, int(args.boots, 3));
/** Timed loops of 1,000 requests per request figure in each requests worker. */
const requestRounds = Math.max(1, int(args["request-rounds"], args.quick ? 5 : 10));
/** 0 skips webernetes' 10k attempt (--quick does). */
const webernetesScaleTimeout = int(args["webernetes-scale-timeout"], args.quick ? 0 : 120);

// ---- the metric table: one row per figure; later issues add rows here -------------------------------

type Unit = "ms" | "µs" | "MB" | "×";

/** One system's pooled results. */
interface SystemResults {
  readonly samples: Partial<Record<SampleKey, number[]>>;
  readonly notes: Record<string, string>;
  rssKb: number;
}

interface Target {
  readonly text: string;
  /** Whether it is met, from the row's kubook and webernetes figures; null when it cannot be told. */
  readonly met: (kubook: number | null, webernetes: number | null) => boolean | null;
}

interface MetricRow {
  /** The JSON name, the same for both systems. */
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
  /** The figure; default: the median of the samples stored under `key`. `get` reads rows above. */
  readonly value?: (get: (key: string) => number | null, r: SystemResults) => number | null;
  /** Rows a derived figure is computed from (their notes explain its absence). */
  readonly from?: readonly string[];
  /** Show webernetes ÷ kubook (default true). */
  readonly compare?: boolean;
  readonly target?: Target;
}

const ratioOf = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

const rows: readonly MetricRow[] = [
  { key: "boot_ms", label: "boot: new cluster, system pods Ready", unit: "ms" },
  {
    key: "deploy3_ready_ms",
    label: "3-replica Deployment + Service → 3 ready endpoints",
    unit: "ms",
    target: { text: "webernetes ÷ kubook ≥ 100", met: (k, w) => (k === null || w === null ? null : w / k >= 100) },
  },
  {
    key: "scale_10k_ms",
    label: "10k pods / 1k Services → all slices current (Events on: headline)",
    unit: "ms",
    target: { text: "kubook < 2000 ms", met: (k) => (k === null ? null : k < 2000) },
  },
  { key: "scale_10k_events_off_ms", label: "the same with setEventsEnabled(false)", unit: "ms" },
  { key: "update_at_100_us", label: "delete 1 pod at 100 pods → its slices current", unit: "µs" },
  { key: "update_at_10k_us", label: "delete 1 pod at 10k pods → its slices current", unit: "µs" },
  {
    key: "update_ratio",
    label: "update_at_10k_us ÷ update_at_100_us",
    unit: "×",
    value: (get) => ratioOf(get("update_at_10k_us"), get("update_at_100_us")),
    from: ["update_at_10k_us", "update_at_100_us"],
    compare: false,
    target: { text: "kubook ≤ 3", met: (k) => (k === null ? null : k <= 3) },
  },
  {
    key: "requests_1000_ms",
    label: "1,000 HTTP GETs pod → http://echo/ (3-endpoint ClusterIP Service, by name); ratio column = requests_ratio",
    unit: "ms",
    target: { text: "webernetes ÷ kubook ≥ 2", met: (k, w) => (k === null || w === null ? null : w / k >= 2) },
  },
  {
    key: "requests_at_1k_services_ms",
    label: "the same with 1,000 more Services (each selecting its own 1-pod Deployment)",
    unit: "ms",
  },
  {
    key: "requests_services_ratio",
    label: "requests_at_1k_services_ms ÷ requests_1000_ms",
    unit: "×",
    value: (get) => ratioOf(get("requests_at_1k_services_ms"), get("requests_1000_ms")),
    from: ["requests_at_1k_services_ms", "requests_1000_ms"],
    compare: false,
    target: { text: "kubook ≤ 1.5", met: (k) => (k === null ? null : k <= 1.5) },
  },
  {
    key: "check_samples_ms",
    label: "kubook check of content/*.md in-process (compile + run, no cache), all lessons",
    unit: "ms",
    compare: false,
    target: { text: "kubook < 1000 ms per lesson", met: (k) => (k === null ? null : k < 1000) },
  },
  {
    key: "check_samples_compile_ms",
    label: "of which compiling the Markdown (unified/remark → lesson model)",
    unit: "ms",
    compare: false,
  },
  {
    key: "peak_rss_mb",
    label: "peak RSS of a worker process (max over its runs)",
    unit: "MB",
    value: (_, r) => (r.rssKb > 0 ? r.rssKb / 1024 : null),
    target: { text: "kubook < 1024 MB", met: (k) => (k === null ? null : k < 1024) },
  },
];

// ---- running workers ------------------------------------------------------------------------------

const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url));

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

interface RunRecord {
  readonly system: SystemName;
  readonly suite: WorkerTask["suite"];
  readonly events: boolean;
  readonly wallSeconds: number;
  readonly outcome: string;
}

const results: Record<SystemName, SystemResults> = {
  kubook: { samples: {}, notes: {}, rssKb: 0 },
  webernetes: { samples: {}, notes: {}, rssKb: 0 },
};
const runs: RunRecord[] = [];

/**
 * Wall-clock bounds on one worker: it is killed past them, whatever it is doing. `deletions`
 * is the extra allowed once a scale worker reports that its 10k cluster is current.
 */
function killBounds(task: WorkerTask): { first: number; deletions: number } {
  const perWait = task.system === "kubook" ? 10 : waitTimeouts.wallSeconds;
  const deletions = (task.warmup + task.deletions) * perWait + 60;
  if (task.suite === "small") return { first: (2 * task.boots + 1) * perWait + deletions, deletions };
  // Boot, the echo app, the client, 1,000 more apps (kubook), and every request loop.
  if (task.suite === "requests") return { first: (4 + 2 * (1 + task.requestRounds)) * perWait + 60, deletions };
  // kubook's scale wait is virtual (seconds of wall time); webernetes' is bounded by its timeout.
  return { first: task.system === "kubook" ? 600 : task.scaleTimeoutSeconds + 90, deletions };
}

function runWorker(task: WorkerTask): Promise<void> {
  const r = results[task.system];
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Same Node binary and flags as this process; a generous heap so a system that needs a lot
    // of memory shows it in peak RSS instead of dying at V8's default limit.
    const child = fork(workerPath, [JSON.stringify(task)], {
      execArgv: [...process.execArgv, "--max-old-space-size=8192"],
      stdio: ["ignore", 2, 2, "ipc"],
    });
    let result: Extract<WorkerMessage, { kind: "result" }> | undefined;
    let lastRssKb = 0;
    let killed = false;
    const bounds = killBounds(task);
    let limit = bounds.first;
    const kill = () => {
      killed = true;
      child.kill("SIGKILL");
    };
    let timer = setTimeout(kill, limit * 1000);
    child.on("message", (m: WorkerMessage) => {
      if (m.kind === "result") result = m;
      else {
        lastRssKb = Math.max(lastRssKb, m.maxRssKb);
        if (m.phase === "deletions") {
          clearTimeout(timer);
          limit = Math.round((performance.now() - t0) / 1000) + bounds.deletions;
          timer = setTimeout(kill, bounds.deletions * 1000);
        }
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const wallSeconds = (performance.now() - t0) / 1000;
      let outcome: string;
      if (result) {
        for (const [k, xs] of Object.entries(result.samples) as [SampleKey, number[]][])
          (r.samples[k] ??= []).push(...xs);
        for (const [k, note] of Object.entries(result.notes)) r.notes[k] ??= note;
        r.rssKb = Math.max(r.rssKb, result.maxRssKb);
        outcome = Object.keys(result.notes).length === 0 ? "ok" : `partial: ${Object.values(result.notes).join("; ")}`;
      } else {
        const why = killed
          ? `worker killed after ${limit} s wall`
          : `worker exited (code ${code ?? "-"}, signal ${signal ?? "-"}) without a result`;
        for (const k of suiteKeys(task)) r.notes[k] ??= why;
        // Memory it reached before dying still counts towards its peak.
        r.rssKb = Math.max(r.rssKb, lastRssKb);
        outcome = why;
      }
      runs.push({ system: task.system, suite: task.suite, events: task.events, wallSeconds, outcome });
      resolve();
    });
  });
}

/** The run order: small suites alternating system and order per round, then the 10k suites. */
function plan(): WorkerTask[] {
  const base = {
    deletions: deletionCount,
    warmup,
    boots,
    scaleTimeoutSeconds: webernetesScaleTimeout,
    requestRounds,
    events: true,
  };
  const tasks: WorkerTask[] = [];
  for (const suite of ["small", "requests"] as const) {
    for (let i = 0; i < reps; i++) {
      const order = i % 2 === 0 ? systemNames : [...systemNames].reverse();
      for (const system of order) tasks.push({ ...base, system, suite });
    }
  }
  // Lessons are kubook's own: webernetes has no lesson runner to compare with.
  for (let i = 0; i < reps; i++) tasks.push({ ...base, system: "kubook", suite: "lessons" });
  for (let i = 0; i < reps; i++) {
    tasks.push({ ...base, system: "kubook", suite: "scale" });
    // One attempt: it runs on the wall clock up to its timeout.
    if (i === 0 && webernetesScaleTimeout > 0) tasks.push({ ...base, system: "webernetes", suite: "scale" });
    tasks.push({ ...base, system: "kubook", suite: "scale", events: false });
  }
  return tasks;
}

// ---- figures, table, JSON --------------------------------------------------------------------------

interface Figure {
  readonly value: number | null;
  readonly why?: string;
  /** A note on a figure that was still measured (e.g. some request loops failed and were left out). */
  readonly warning?: string;
}

function figures(system: SystemName): Map<string, Figure> {
  const r = results[system];
  const out = new Map<string, Figure>();
  const get = (k: string) => out.get(k)?.value ?? null;
  if (system === "webernetes" && webernetesScaleTimeout === 0) {
    for (const k of ["scale_10k_ms", "scale_10k_events_off_ms", "update_at_10k_us"])
      r.notes[k] ??= "skipped (--quick or --webernetes-scale-timeout 0)";
  }
  if (system === "webernetes") r.notes.scale_10k_events_off_ms ??= "webernetes has no switch to stop recording Events";
  if (system === "webernetes")
    r.notes.requests_at_1k_services_ms ??=
      "not measured: 1,000 more apps take minutes to set up on webernetes (applying them alone took ≈ 47 s in a trial; their slices were still not all current ≈ 5 min later)";
  for (const row of rows) {
    const value = row.value ? row.value(get, r) : median(r.samples[row.key as SampleKey] ?? []);
    if (value !== null) {
      const warning = r.notes[row.key];
      out.set(row.key, warning ? { value, warning } : { value });
      continue;
    }
    const why =
      r.notes[row.key] ?? row.from?.map((k) => out.get(k)?.why).find((w) => w !== undefined) ?? "not measured";
    out.set(row.key, { value: null, why });
  }
  return out;
}

function rounded(v: number | null, unit: Unit): number | null {
  if (v === null) return null;
  return Number(v.toFixed(unit === "µs" ? 0 : unit === "MB" ? 1 : 2));
}

function show(v: number | null, unit: Unit): string {
  if (v === null) return "null";
  if (unit === "×") return `${v.toFixed(2)}×`;
  const digits = unit === "µs" || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function showRatio(r: number | null): string {
  if (r === null) return "—";
  return r >= 100 ? `${Math.round(r).toLocaleString("en-US")}×` : `${r.toFixed(r >= 10 ? 1 : 2)}×`;
}

function main(): Promise<void> | void {
  const tasks = plan();
  log(
    `bench: ${tasks.length} worker runs (${reps} rep(s), ${boots} boots per small run, ` +
      `${deletionCount} timed deletions after ${warmup} warm-up; ${requestRounds} × 1,000 requests per request figure; ` +
      `webernetes 10k attempt: ${webernetesScaleTimeout > 0 ? `${webernetesScaleTimeout} s` : "skipped"})`,
  );
  return (async () => {
    for (const [i, task] of tasks.entries()) {
      const events =
        task.system === "kubook" && task.suite === "scale" ? (task.events ? " (events on)" : " (events off)") : "";
      const what = `${task.system} ${task.suite}${events}`;
      log(`[${i + 1}/${tasks.length}] ${what} …`);
      await runWorker(task);
      const last = runs.at(-1)!;
      log(`[${i + 1}/${tasks.length}] ${what}: ${last.outcome} (${last.wallSeconds.toFixed(1)} s)`);
    }
    report();
  })();
}

function report(): void {
  const k = figures("kubook");
  const w = figures("webernetes");
  const targets = rows
    .filter((row) => row.target)
    .map((row) => {
      const met = row.target!.met(k.get(row.key)!.value, w.get(row.key)!.value);
      return { metric: row.key, target: row.target!.text, met };
    });

  const site = args.site ? siteFigures() : { skipped: "--no-site" };

  if (args.json) {
    const side = (f: Map<string, Figure>) => {
      const o: Record<string, unknown> = {};
      const notes: Record<string, string> = {};
      const warnings: Record<string, string> = {};
      for (const row of rows) {
        const fig = f.get(row.key)!;
        o[row.key] = rounded(fig.value, row.unit);
        if (fig.why) notes[row.key] = fig.why;
        if (fig.warning) warnings[row.key] = fig.warning;
      }
      return { o, notes, warnings };
    };
    const ks = side(k);
    const ws = side(w);
    const requestsRatio = ratioOf(w.get("requests_1000_ms")!.value, k.get("requests_1000_ms")!.value);
    const count = (s: SystemName) =>
      Object.fromEntries(Object.entries(results[s].samples).map(([key, xs]) => [key, xs?.length ?? 0]));
    const out = {
      ...ks.o,
      /** webernetes ÷ kubook requests_1000_ms (the table's ratio column on that row). */
      requests_ratio: rounded(requestsRatio, "×"),
      notes: ks.notes,
      warnings: ks.warnings,
      webernetes: { ...ws.o, notes: ws.notes, warnings: ws.warnings },
      targets,
      /** bench/site.ts: the built site in headless Chromium (kubook only). */
      site,
      meta: {
        headline:
          "scale_10k_ms is measured with Events recorded (kubook's default); scale_10k_events_off_ms with setEventsEnabled(false)",
        units: Object.fromEntries(rows.map((row) => [row.key, row.unit])),
        reps,
        deletions: deletionCount,
        warmup,
        boots,
        webernetesScaleTimeoutSeconds: webernetesScaleTimeout,
        requestRounds,
        workloads: shapes,
        node: process.version,
        samples: { kubook: count("kubook"), webernetes: count("webernetes") },
        runs: runs.map((r) => ({ ...r, wallSeconds: Number(r.wallSeconds.toFixed(1)) })),
      },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }

  const header = ["metric", "kubook", "webernetes", "ratio (w÷k)", "target", "met"];
  const body = rows.map((row) => {
    const kv = k.get(row.key)!.value;
    const wv = w.get(row.key)!.value;
    const t = targets.find((x) => x.metric === row.key);
    return [
      row.key,
      show(kv, row.unit),
      show(wv, row.unit),
      row.compare === false ? "—" : showRatio(ratioOf(wv, kv)),
      t?.target ?? "",
      t ? (t.met === null ? "?" : t.met ? "yes" : "NO") : "",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const right = new Set([1, 2, 3]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out: string[] = [line(header), line(widths.map((n) => "-".repeat(n))), ...body.map(line), ""];
  for (const row of rows) out.push(`  ${row.key}: ${row.label}`);
  const nulls = (
    [
      ["kubook", k],
      ["webernetes", w],
    ] as const
  ).flatMap(([s, f]) => [...f].filter(([, x]) => x.why).map(([key, x]) => `  ${s}.${key}: ${x.why}`));
  if (nulls.length > 0) out.push("", "missing figures:", ...nulls);
  const warnings = (
    [
      ["kubook", k],
      ["webernetes", w],
    ] as const
  ).flatMap(([s, f]) => [...f].filter(([, x]) => x.warning).map(([key, x]) => `  ${s}.${key}: ${x.warning}`));
  if (warnings.length > 0) out.push("", "WARNINGS (figures measured despite them):", ...warnings);
  out.push(
    "",
    "headline: scale_10k_ms records Events (kubook's default); scale_10k_events_off_ms is the same workload without them.",
  );
  out.push("", "site (bench/site.ts, kubook only):");
  const siteTargets: Record<string, [string, (v: number) => boolean]> = {
    site_js_gz_kb: ["≤ 250 KB before the first Run", (v) => v <= 250],
    first_run_ms: ["< 100 ms", (v) => v < 100],
    lighthouse_performance: ["≥ 95", (v) => v >= 95],
    lighthouse_accessibility: ["≥ 95", (v) => v >= 95],
  };
  for (const [key, value] of Object.entries(site)) {
    if (key === "notes" || typeof value === "object") continue;
    const t = siteTargets[key];
    const met = t && typeof value === "number" ? (t[1](value) ? "yes" : "NO") : "";
    out.push(`  ${key.padEnd(26)}${String(value).padStart(10)}  ${t?.[0] ?? ""}${met ? `  ${met}` : ""}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/** Run bench/site.ts (build, Chromium, Lighthouse) and take its one JSON line. */
function siteFigures(): Record<string, unknown> {
  log("site: building and measuring in Chromium (bench/site.ts)");
  const r = spawnSync(process.execPath, [fileURLToPath(new URL("./site.ts", import.meta.url))], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 15 * 60 * 1000,
  });
  const line = r.stdout?.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { error: `bench/site.ts exited ${r.status ?? r.signal}: ${line.slice(0, 200)}` };
  }
}

await main();
