/**
 * @ngrok/webernetes behind the bench interface, used the way its README shows: `new Cluster()`,
 * `await cluster.init()`, `cluster.apply([...])`, the typed API client, informers. Its clock runs
 * in real time (controllers, kubelets and containers are async tasks on the event loop), so every
 * wait here is a wall-clock wait, event-driven off informers rather than polling the API.
 */
import { registerHooks } from "node:module";
import type { Cluster, ClusterApplyResource, Informer, V1EndpointSlice, V1Pod } from "@ngrok/webernetes";
import type { AppObject, BenchSystem, BootOptions, SliceLike, SliceTracker } from "./workloads.ts";
import { waitTimeouts } from "./workloads.ts";

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
    // No registerImage call is needed: the workload's hashicorp/http-echo:1.0 is one of the
    // images the Cluster constructor registers (HttpEchoImage, an HTTP server on :5678).
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
