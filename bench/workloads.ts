/**
 * What both systems are asked to do, and how we tell that they have done it.
 *
 * - Manifest builders: one "app" is a Deployment and a ClusterIP Service selecting its pods.
 *   The container is hashicorp/http-echo:1.0, an HTTP server both simulators ship
 *   (kubook's image catalog and webernetes' built-in HttpEchoImage), listening on 5678.
 * - `SliceTracker`: follows EndpointSlice changes (fed by each adapter from its own watch
 *   mechanism) and answers, in O(1), whether every Service's slices are *current*.
 * - `BenchSystem`: the one small interface both adapters (kubook.ts, webernetes.ts) implement.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Pod, Service } from "kubernetes-types/core/v1";

export type SystemName = "kubook" | "webernetes";
export const systemNames: readonly SystemName[] = ["kubook", "webernetes"];

export const namespace = "default";
export const image = "hashicorp/http-echo:1.0";
export const containerPort = 5678;

export type AppObject = Deployment | Service | Pod;

/** One app: a Deployment of `replicas` http-echo pods and a ClusterIP Service in front of them. */
export function app(name: string, replicas: number): [Deployment, Service] {
  const labels = { app: name };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "echo",
                image,
                args: [`-text=${name}`, `-listen=:${containerPort}`],
                ports: [{ containerPort, protocol: "TCP" }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, labels },
      spec: {
        type: "ClusterIP",
        selector: labels,
        ports: [{ name: "http", port: 80, targetPort: containerPort, protocol: "TCP" }],
      },
    },
  ];
}

export interface Fleet {
  /** Service (= Deployment) names, in creation order. */
  readonly services: readonly string[];
  readonly replicas: number;
  /** [Deployment, Service] per app, in creation order. */
  readonly apps: readonly (readonly [Deployment, Service])[];
}

/** `services` apps of `replicas` pods each, named `<prefix>-0000`, `<prefix>-0001`, … */
export function fleet(prefix: string, services: number, replicas: number): Fleet {
  const width = String(services - 1).length;
  const names = Array.from({ length: services }, (_, i) => `${prefix}-${String(i).padStart(width, "0")}`);
  return { services: names, replicas, apps: names.map((n) => app(n, replicas)) };
}

/** The workload shapes, shared by both systems. */
export const shapes = {
  /** deploy3_ready_ms */
  deploy3: { name: "web", replicas: 3 },
  /** update_at_100_us: 10 apps × 10 replicas */
  small: { prefix: "small", services: 10, replicas: 10 },
  /** scale_10k_ms and update_at_10k_us: 1,000 apps × 10 replicas */
  large: { prefix: "app", services: 1_000, replicas: 10 },
  /**
   * requests_1000_ms and requests_at_1k_services_ms: `requests` sequential GETs of
   * `http://<service>/` from the client pod to a `replicas`-endpoint app, after `warmup`
   * untimed ones; for the second, with `others` more apps of `othersReplicas` pod each.
   */
  requests: {
    service: "echo",
    replicas: 3,
    client: "client",
    requests: 1_000,
    warmup: 20_000,
    othersPrefix: "other",
    others: 1_000,
    othersReplicas: 1,
  },
} as const;

/** The URL the client requests: the Service by its short name, resolved through the pod's resolv.conf. */
export const requestUrl = (service: string): string => `http://${service}/`;

/** A bare client pod (no Service selects it) running `image` with `command`. */
export function clientPod(name: string, clientImage: string, command?: string[]): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { role: "bench-client" } },
    spec: {
      containers: [{ name: "client", image: clientImage, ...(command ? { command } : {}) }],
    },
  };
}

/**
 * Nodes for a workload of `pods` pods, at kind's 110 pods a node (the kubelet's default
 * maxPods; two of them go to kube-proxy and kindnet, and the control plane is tainted):
 * 10,000 pods run on 100 nodes. Both systems get the same node count.
 */
export function nodesFor(pods: number): number {
  return Math.min(250, Math.max(3, Math.ceil(pods / 100) + 1));
}

/**
 * How long a wait may run before it counts as failed, in each system's own clock: kubook
 * waits in virtual time (deterministic work, bounded by the engine's step limits — the
 * orchestrator also kills a worker that overruns in wall time); webernetes on the wall clock.
 */
export const waitTimeouts = {
  virtualSeconds: 300,
  wallSeconds: 120,
} as const;

// ---- "current" ------------------------------------------------------------------------------

/** The part of an EndpointSlice the tracker reads (both systems' objects have this shape). */
export interface SliceLike {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly endpoints?: readonly {
    readonly conditions?: { readonly ready?: boolean | null };
    readonly targetRef?: { readonly kind?: string; readonly name?: string };
  }[];
}

/**
 * What a Service's slices must show to be *current*:
 * - the set of ready endpoints (over all of the Service's EndpointSlices, by target pod) has
 *   exactly `ready` members — a nil `ready` condition counts as ready, as the API says;
 * - and, after a deletion, `absent` (the deleted pod) is not one of them.
 * A terminating pod may still be listed with ready=false: that is what Kubernetes publishes.
 */
export interface Expectation {
  readonly ready: number;
  readonly absent?: string;
}

export const serviceKey = (ns: string, name: string): string => `${ns}/${name}`;

/** Follows EndpointSlice changes and counts the Services whose slices are current. */
export class SliceTracker {
  /** Slice ns/name → its Service key and the ready pods it lists. */
  private readonly slices = new Map<string, { service: string; pods: readonly string[] }>();
  /** Service key → ready pod → how many of the Service's slices list it ready. */
  private readonly ready = new Map<string, Map<string, number>>();
  private readonly expected = new Map<string, Expectation>();
  private readonly satisfied = new Set<string>();
  /** Slice events seen (a cheap progress signal). */
  events = 0;

  observe(type: "upsert" | "delete", slice: SliceLike): void {
    this.events++;
    const ns = slice.metadata?.namespace ?? namespace;
    const key = `${ns}/${slice.metadata?.name ?? ""}`;
    const previous = this.slices.get(key);
    if (previous) {
      const m = this.ready.get(previous.service)!;
      for (const p of previous.pods) {
        const n = (m.get(p) ?? 0) - 1;
        if (n <= 0) m.delete(p);
        else m.set(p, n);
      }
      this.slices.delete(key);
    }
    const svcName = slice.metadata?.labels?.["kubernetes.io/service-name"];
    const service = svcName ? serviceKey(ns, svcName) : undefined;
    if (type === "upsert" && service) {
      const pods: string[] = [];
      for (const e of slice.endpoints ?? []) {
        if (e.conditions?.ready === false) continue;
        const pod = e.targetRef?.name;
        if (pod) pods.push(pod);
      }
      this.slices.set(key, { service, pods });
      let m = this.ready.get(service);
      if (!m) this.ready.set(service, (m = new Map()));
      for (const p of pods) m.set(p, (m.get(p) ?? 0) + 1);
      this.check(service);
    }
    if (previous && previous.service !== service) this.check(previous.service);
  }

  /** Add or replace what Services must show. */
  expect(entries: Iterable<readonly [string, Expectation]>): void {
    for (const [service, e] of entries) {
      this.expected.set(service, e);
      this.check(service);
    }
  }

  /** Every expected Service is current. O(1): safe to call after every simulated event. */
  get done(): boolean {
    return this.satisfied.size === this.expected.size;
  }

  /** The Service's ready pods, sorted (a deterministic choice of which pod to delete). */
  readyPods(service: string): string[] {
    return [...(this.ready.get(service)?.keys() ?? [])].sort();
  }

  progress(): string {
    let endpoints = 0;
    for (const s of this.expected.keys()) endpoints += this.ready.get(s)?.size ?? 0;
    return `${this.satisfied.size}/${this.expected.size} Services current, ${endpoints} ready endpoints`;
  }

  private check(service: string): void {
    const e = this.expected.get(service);
    if (!e) return;
    const m = this.ready.get(service);
    const ok = (m?.size ?? 0) === e.ready && !(e.absent !== undefined && m?.has(e.absent));
    if (ok) this.satisfied.add(service);
    else this.satisfied.delete(service);
  }
}

// ---- the adapter interface --------------------------------------------------------------------

export interface BootOptions {
  readonly nodes: number;
  /** kubook only: record Events (the default, and the headline). webernetes always records them. */
  readonly events: boolean;
}

/** One simulator, driven the same way by worker.ts. Every method works on the cluster `boot` made. */
export interface BenchSystem {
  readonly name: SystemName;
  /** Which clock `waitUntil`'s timeout is in. */
  readonly clock: "virtual" | "wall";
  /** A new cluster whose system pods are all Ready (replaces any previous one). */
  boot(opts: BootOptions): Promise<void>;
  /** Feed every EndpointSlice change of the current cluster to `tracker` from now on. */
  track(tracker: SliceTracker): Promise<void>;
  /** Create the objects (as `kubectl apply` of new objects would); throws if one is rejected. */
  apply(objects: readonly AppObject[]): Promise<void>;
  /** Delete a pod with default options (graceful). */
  deletePod(ns: string, name: string): Promise<void>;
  /**
   * Create a client pod `name` (kubook: busybox:1.36 `sleep infinity`; webernetes: the
   * adapter's own fetch-loop image) and wait until it is Running with an IP; throws if not.
   */
  startClient(ns: string, name: string): Promise<void>;
  /**
   * `count` sequential GETs of `url` from the client pod, each resolving the name through the
   * pod's cluster DNS and going through kube-proxy. `ms` is the wall time of the loop alone.
   */
  requestLoop(ns: string, pod: string, url: string, count: number): Promise<RequestLoop>;
  /** Run (kubook: advance virtual time; webernetes: let real time pass) until `done()` or the timeout. */
  waitUntil(done: () => boolean, timeoutSeconds: number): Promise<boolean>;
  close(): Promise<void>;
}

/** What a request loop saw. Every request must get a 200; anything else is a failure. */
export interface RequestLoop {
  /** Wall ms of the loop alone (setup and the client's start not included). */
  readonly ms: number;
  /** Requests answered 200. */
  readonly ok: number;
  readonly failures: number;
  /** The first failure, for the report. */
  readonly firstFailure?: string;
}

// ---- small helpers ------------------------------------------------------------------------------

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

// ---- orchestrator ↔ worker protocol ----------------------------------------------------------------

/** The figures a worker measures; each worker run adds samples to some of them. */
export type SampleKey =
  | "boot_ms"
  | "deploy3_ready_ms"
  | "update_at_100_us"
  | "scale_10k_ms"
  | "scale_10k_events_off_ms"
  | "update_at_10k_us"
  | "requests_1000_ms"
  | "requests_at_1k_services_ms"
  | "check_samples_ms"
  | "check_samples_compile_ms";

export interface WorkerTask {
  readonly system: SystemName;
  /**
   * small: boot, deploy3, update_at_100. scale: the 10k workload, then update_at_10k (events on
   * only). requests: requests_1000, then (kubook) requests_at_1k_services.
   */
  readonly suite: "small" | "scale" | "requests" | "lessons";
  /** kubook only: record Events during the scale workload. */
  readonly events: boolean;
  /** Pod deletions timed per size, after `warmup` untimed ones. */
  readonly deletions: number;
  readonly warmup: number;
  /** small suite: boot + deploy3 rounds in the one process. */
  readonly boots: number;
  /** Wall-clock bound on the whole scale workload (apply + wait) for a wall-clock system. */
  readonly scaleTimeoutSeconds: number;
  /** requests suite: timed loops of `shapes.requests.requests` per figure in the one process. */
  readonly requestRounds: number;
}

/** The figures a suite measures (a worker that dies explains all of them). */
export function suiteKeys(task: WorkerTask): SampleKey[] {
  if (task.suite === "small") return ["boot_ms", "deploy3_ready_ms", "update_at_100_us"];
  if (task.suite === "requests") return ["requests_1000_ms", "requests_at_1k_services_ms"];
  if (task.suite === "lessons") return ["check_samples_ms", "check_samples_compile_ms"];
  return task.events ? ["scale_10k_ms", "update_at_10k_us"] : ["scale_10k_events_off_ms"];
}

export type WorkerMessage =
  /** Sent every few seconds during a scale run, and with phase "deletions" once the 10k cluster is current. */
  | { readonly kind: "progress"; readonly maxRssKb: number; readonly phase: string }
  | {
      readonly kind: "result";
      readonly samples: Partial<Record<SampleKey, number[]>>;
      /** Why a figure is missing or partial, by the figure it concerns. */
      readonly notes: Partial<Record<SampleKey, string>>;
      readonly maxRssKb: number;
    };
