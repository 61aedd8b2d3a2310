/**
 * @ngrok/webernetes behind the bench interface, used the way its README shows: `new Cluster()`,
 * `await cluster.init()`, `cluster.apply([...])`, the typed API client, informers. Its clock runs
 * in real time (controllers, kubelets and containers are async tasks on the event loop), so every
 * wait here is a wall-clock wait, event-driven off informers rather than polling the API.
 */
import { registerHooks } from "node:module";
import type {
  Cluster,
  ClusterApplyResource,
  ImageDefinition,
  Informer,
  ProcessContext,
  V1EndpointSlice,
  V1Pod,
} from "@ngrok/webernetes";
import type { AppObject, BenchSystem, BootOptions, RequestLoop, SliceLike, SliceTracker } from "./workloads.ts";
import { clientPod, waitTimeouts } from "./workloads.ts";

type Webernetes = typeof import("@ngrok/webernetes");

let loaded: Promise<Webernetes> | undefined;

/**
 * The published dist/ is bundler-style ESM (`export … from "./clock"`, no extensions), which
 * Node's resolver refuses. A resolve hook adds `.js` / `/index.js` to relative specifiers
 * inside the package only; nothing else is touched. Browser users go through a bundler.
 */
function loadWebernetes(): Promise<Webernetes> {
  if (!loaded) {
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const inside = context.parentURL?.includes("/node_modules/@ngrok/webernetes/") ?? false;
        if (!inside || !specifier.startsWith(".") || /\.[cm]?js$/.test(specifier))
          return nextResolve(specifier, context);
        try {
          return nextResolve(`${specifier}.js`, context);
        } catch {
          return nextResolve(`${specifier}/index.js`, context);
        }
      },
    });
    loaded = import("@ngrok/webernetes");
  }
  return loaded;
}

/**
 * The client image: `fetch-loop URL COUNT` makes COUNT sequential `ctx.fetch(URL)` calls from
 * its container (through the pod's cluster DNS and kube-proxy, like busybox's wget does) and
 * prints one JSON line: the loop's wall ms, 200s, failures, the first failure. Its default
 * command is `pause` (sleeps until killed), so the pod stays Running for `cluster.exec`.
 */
const fetchLoopImageRef = "kubook-bench/fetch-loop:1.0";

function fetchLoopImage(w: Webernetes) {
  return class FetchLoopImage extends w.BaseImage implements ImageDefinition {
    static readonly imageName = "kubook-bench/fetch-loop";
    static readonly imageVersion = "1.0";
    readonly defaultCommand = ["pause"];

    override async exec(ctx: ProcessContext, argv: readonly string[]): Promise<number> {
      if (argv[0] !== "fetch-loop") return await super.exec(ctx, argv);
      const url = argv[1] ?? "";
      const count = Number(argv[2] ?? "0");
      let ok = 0;
      let firstFailure: string | undefined;
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        try {
          const r = await ctx.fetch(url);
          if (r.status === 200) ok++;
          else firstFailure ??= `request ${i + 1}: HTTP ${r.status}`;
        } catch (e) {
          firstFailure ??= `request ${i + 1}: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      const ms = performance.now() - t0;
      const result: RequestLoop = { ms, ok, failures: count - ok, ...(firstFailure ? { firstFailure } : {}) };
      ctx.writeStdout(`${JSON.stringify(result)}\n`);
      return 0;
    }
  };
}

const isReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export class WebernetesSystem implements BenchSystem {
  readonly name = "webernetes";
  readonly clock = "wall";
  private cluster: Cluster | undefined;
  private informers: Informer<V1EndpointSlice>[] = [];
  /** Called after every EndpointSlice event, to re-check a pending wait. */
  private readonly wakers = new Set<() => void>();

  private get c(): Cluster {
    if (!this.cluster) throw new Error("webernetes: boot() first");
    return this.cluster;
  }

  /**
   * `init()` only creates things: namespaces, Nodes, the kubelets, and the control-plane pods
   * (scheduler, controllers, kube-proxy, CoreDNS) bound to node-1. Those pods then start
   * asynchronously, so "ready" here is: init() resolved and every kube-system pod Ready.
   */
  async boot(opts: BootOptions): Promise<void> {
    await this.close();
    const w = await loadWebernetes(); // already loaded by createWebernetesSystem: not part of the timing
    const cluster = new w.Cluster({ nodes: opts.nodes });
    // The workload's hashicorp/http-echo:1.0 is one of the images the Cluster constructor
    // registers (HttpEchoImage, an HTTP server on :5678); the requests suite's client is ours.
    cluster.registerImage(fetchLoopImage(w));
    this.cluster = cluster;
    await cluster.init();
    const pods = (await cluster.api.corev1.listNamespacedPod({ namespace: "kube-system" })).items;
    const ready = new Map(pods.map((p) => [p.metadata?.name ?? "", isReady(p)]));
    const allReady = () => ready.size > 0 && [...ready.values()].every(Boolean);
    if (allReady()) return;
    let resolveReady!: () => void;
    const readyPromise = new Promise<boolean>((resolve) => {
      resolveReady = () => resolve(true);
    });
    const informer = cluster.informer(
      "pods",
      (type, pod) => {
        const name = pod.metadata?.name ?? "";
        if (type === "delete") ready.delete(name);
        else ready.set(name, isReady(pod));
        if (allReady()) resolveReady();
      },
      { namespace: "kube-system" },
    );
    const ok = await withTimeout(readyPromise, waitTimeouts.wallSeconds * 1000, false);
    await informer.stop();
    if (!ok) throw new Error(`webernetes: system pods not Ready after ${waitTimeouts.wallSeconds} s`);
  }

  async track(tracker: SliceTracker): Promise<void> {
    const informer = this.c.informer("endpointslices", (type, slice) => {
      tracker.observe(type === "delete" ? "delete" : "upsert", slice as SliceLike);
      for (const wake of this.wakers) wake();
    });
    this.informers.push(informer);
  }

  async apply(objects: readonly AppObject[]): Promise<void> {
    await this.c.apply(objects as unknown as readonly ClusterApplyResource[]);
  }

  async deletePod(ns: string, name: string): Promise<void> {
    await this.c.api.corev1.deleteNamespacedPod({ namespace: ns, name });
  }

  /** A pod of the fetch-loop image, Running with an IP (watched through an informer). */
  async startClient(ns: string, name: string): Promise<void> {
    const c = this.c;
    let resolveRunning!: () => void;
    const running = new Promise<boolean>((resolve) => {
      resolveRunning = () => resolve(true);
    });
    const informer = c.informer(
      "pods",
      (type, pod) => {
        if (pod.metadata?.name === name && type !== "delete" && pod.status?.phase === "Running" && pod.status.podIP)
          resolveRunning();
      },
      { namespace: ns },
    );
    try {
      await this.apply([clientPod(name, fetchLoopImageRef)]);
      if (!(await withTimeout(running, waitTimeouts.wallSeconds * 1000, false)))
        throw new Error(
          `webernetes: client pod ${ns}/${name} not Running with an IP within ${waitTimeouts.wallSeconds} s`,
        );
    } finally {
      await informer.stop();
    }
  }

  /**
   * `kubectl exec POD -- fetch-loop URL COUNT` (`cluster.exec`): the loop runs in the client's
   * container and times itself, so the exec round trip is not in `ms`. Bounded by the wall-clock wait.
   */
  async requestLoop(ns: string, pod: string, url: string, count: number): Promise<RequestLoop> {
    const exec = this.c.exec(ns, pod, undefined, ["fetch-loop", url, String(count)]);
    const r = await withTimeout(exec, waitTimeouts.wallSeconds * 1000, undefined);
    if (!r) throw new Error(`webernetes: ${count} requests not done within ${waitTimeouts.wallSeconds} s`);
    if (r.exitCode !== 0) throw new Error(`webernetes: fetch-loop exited ${r.exitCode}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as RequestLoop;
  }

  async waitUntil(done: () => boolean, timeoutSeconds: number): Promise<boolean> {
    if (done()) return true;
    let wake!: () => void;
    let poll: ReturnType<typeof setInterval> | undefined;
    const met = new Promise<boolean>((resolve) => {
      wake = () => {
        if (done()) resolve(true);
      };
      // Slice events wake the wait at once; the poll is only a safety net.
      poll = setInterval(wake, 250);
    });
    this.wakers.add(wake);
    try {
      return await withTimeout(met, timeoutSeconds * 1000, false);
    } finally {
      this.wakers.delete(wake);
      clearInterval(poll);
    }
  }

  async close(): Promise<void> {
    const c = this.cluster;
    this.cluster = undefined;
    const informers = this.informers;
    this.informers = [];
    this.wakers.clear();
    if (!c) return;
    await withTimeout(Promise.all(informers.map((i) => i.stop())), 5_000, []);
    await withTimeout(c.close(), 5_000, undefined);
  }
}

/** Load the package (outside any timing) and return a system ready to boot. */
export async function createWebernetesSystem(): Promise<WebernetesSystem> {
  await loadWebernetes();
  return new WebernetesSystem();
}
