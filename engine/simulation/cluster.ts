/**
 * The composition root: one simulated cluster. It wires the store, the API server, the
 * controllers and the kubelets, owns virtual time, and is the only thing outside code
 * talks to (through engine/index.ts).
 *
 *   write → ApiServer → ObjectStore → watch event → controllers queue keys
 *   settle(): drain the queues (each sync plans, then applies) until nothing changes
 *   advance(s): fire due timers in time order (kubelet stages, probes, back-offs), settling after each
 *
 * Everything is deterministic: the same options and the same calls give the same objects,
 * names, IPs and times, in Node and in a browser.
 */
import type { KubeObject, StoredObject } from "../api/object.ts";
import { controllerOf } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import { resourceByName, resourceForKind, resources } from "../api/resources.ts";
import type { Result } from "../api/status.ts";
import { fail, notFound, ok } from "../api/status.ts";
import { DaemonSetController } from "../controllers/daemonset.ts";
import { DeploymentController } from "../controllers/deployment.ts";
import { EndpointsController } from "../controllers/endpoints.ts";
import { EndpointSliceController } from "../controllers/endpointslice.ts";
import { EndpointSliceMirroringController } from "../controllers/endpointslice-mirroring.ts";
import { EventRecorder, eventTtlTimerKind } from "../controllers/events.ts";
import type { Controller, ControllerContext } from "../controllers/framework.ts";
import { GarbageCollector } from "../controllers/garbagecollector.ts";
import { NamespaceController } from "../controllers/namespace.ts";
import { ReplicaSetController } from "../controllers/replicaset.ts";
import { Scheduler } from "../controllers/scheduler.ts";
import { labelPairs } from "../controllers/selectors.ts";
import { ServiceLoadBalancerController } from "../controllers/service-lb.ts";
import { KubookBug } from "../core/assert.ts";
import { parseRfc3339, timeMaxMs, VirtualClock } from "../core/clock.ts";
import { deepClone } from "../core/clone.ts";
import { parseCidr } from "../core/ip.ts";
import { limits } from "../core/limits.ts";
import { RandomSource } from "../core/random.ts";
import { TimerQueue } from "../core/timers.ts";
import { Kubelet, kubeletTimerKind } from "../nodes/kubelet.ts";
import type { DeleteOptions, WriteOptions } from "../registry/apiserver.ts";
import { ApiServer } from "../registry/apiserver.ts";
import { InternalClient } from "../registry/client.ts";
import { ClusterIPAllocator, NodePortAllocator } from "../registry/ipallocator.ts";
import type { StoreState, WatchEvent } from "../store/store.ts";
import { ObjectStore } from "../store/store.ts";
import { nodeManifest, planNodes, staticPods, systemNamespaces, systemObjects } from "./bootstrap.ts";
import { ClusterNetwork } from "./data-path.ts";
import { resolveNetworkOptions } from "./network-options.ts";
import type { ClusterOptions, ResolvedOptions } from "./options.ts";
import { defaultOptions, nodesMax } from "./options.ts";

export type OptionsResult =
  | { readonly ok: true; readonly options: ResolvedOptions }
  | { readonly ok: false; readonly message: string };

/** Check options and fill in defaults; a bad option is a message, not an exception. */
export function resolveClusterOptions(input: ClusterOptions = {}): OptionsResult {
  if (input === null || typeof input !== "object")
    return { ok: false, message: `cluster options must be an object, got ${describe(input)}` };
  for (const key of ["startTime", "serviceCidr", "podCidr", "nodePortRange", "clusterName"] as const) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== "string")
      return { ok: false, message: `${key} must be a string, got ${describe(v)}` };
  }
  const o = input;
  const seed = o.seed ?? defaultOptions.seed;
  if (!Number.isSafeInteger(seed) || seed < 0)
    return { ok: false, message: `seed must be a non-negative integer, got ${describe(o.seed)}` };
  const nodes = o.nodes ?? defaultOptions.nodes;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > nodesMax)
    return { ok: false, message: `nodes must be an integer from 1 to ${nodesMax}, got ${describe(o.nodes)}` };
  const startMs = parseRfc3339(o.startTime ?? defaultOptions.startTime);
  if (startMs === undefined)
    return {
      ok: false,
      message: `startTime must be an RFC 3339 time such as 2025-09-01T09:00:00Z, got ${describe(o.startTime)}`,
    };
  const serviceCidr = parseCidr(o.serviceCidr ?? defaultOptions.serviceCidr);
  if (!serviceCidr || serviceCidr.prefix < 12 || serviceCidr.prefix > 28)
    return { ok: false, message: `serviceCidr must be an IPv4 CIDR from /12 to /28, got ${describe(o.serviceCidr)}` };
  const podCidr = parseCidr(o.podCidr ?? defaultOptions.podCidr);
  if (!podCidr || podCidr.prefix > 24 - Math.ceil(Math.log2(nodes)))
    return {
      ok: false,
      message: `podCidr must be an IPv4 CIDR with room for a /24 per node, got ${describe(o.podCidr)}`,
    };
  const range = /^(\d+)-(\d+)$/.exec(o.nodePortRange ?? defaultOptions.nodePortRange);
  const lo = Number(range?.[1]);
  const hi = Number(range?.[2]);
  if (!range || lo < 1 || hi > 65535 || hi < lo)
    return { ok: false, message: `nodePortRange must look like 30000-32767, got ${describe(o.nodePortRange)}` };
  const clusterName = o.clusterName ?? defaultOptions.clusterName;
  if (!/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/.test(clusterName))
    return { ok: false, message: `clusterName must be a short DNS label, got ${describe(clusterName)}` };
  const net = resolveNetworkOptions(o, describe);
  if (!net.ok) return net;
  return {
    ok: true,
    options: {
      proxyMode: net.proxyMode,
      cni: net.cni,
      externalHosts: net.externalHosts,
      ...(net.loadBalancerPool ? { loadBalancerPool: net.loadBalancerPool } : {}),
      seed,
      nodes,
      startMs,
      serviceCidr: serviceCidr.text,
      podCidr: podCidr.text,
      nodePortBase: lo,
      nodePortSize: hi - lo + 1,
      clusterName,
      debugFreeze: o.debugFreeze ?? false,
    },
  };
}

export interface SettleResult {
  /** False when the step bound was hit before the controllers went quiet (a bug, or a runaway loop). */
  readonly settled: boolean;
  readonly steps: number;
}

/** Everything a cluster is at one instant; `restore` brings it back. Opaque to callers. */
export interface ClusterSnapshot {
  readonly nowMs: number;
  readonly random: ReturnType<RandomSource["save"]>;
  readonly store: StoreState;
  readonly timers: ReturnType<TimerQueue["save"]>;
  readonly clusterIPs: number[];
  readonly nodePorts: number[];
  readonly kubelet: ReturnType<Kubelet["save"]>;
  readonly events: ReturnType<EventRecorder["save"]>;
  readonly network: ReturnType<ClusterNetwork["save"]>;
}

export type ClusterEventHandler = (event: Readonly<WatchEvent>) => void;

export interface ListOptions {
  readonly namespace?: string;
}

export class Cluster {
  readonly options: ResolvedOptions;
  private readonly clock: VirtualClock;
  private readonly random: RandomSource;
  private readonly store: ObjectStore;
  private readonly timers = new TimerQueue();
  private readonly api: ApiServer;
  private readonly clusterIPs: ClusterIPAllocator;
  private readonly nodePorts: NodePortAllocator;
  private readonly recorder: EventRecorder;
  private readonly controllers: Controller[];
  private readonly kubelet: Kubelet;
  /** The data path: connections, HTTP, DNS, port-forwards and client tools, with traces. */
  readonly network: ClusterNetwork;
  private readonly timerHandlers = new Map<string, (key: string) => void>();
  private readonly subscribers: ClusterEventHandler[] = [];
  /** Kind → the controllers that observe it (those without a kind list observe all). */
  private readonly observers = new Map<string, Controller[]>();

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.clock = new VirtualClock(options.startMs);
    this.random = new RandomSource(options.seed);
    this.store = new ObjectStore({
      clock: this.clock,
      names: this.random.stream("names"),
      uids: this.random.stream("uids"),
      freeze: options.debugFreeze,
    });
    this.clusterIPs = new ClusterIPAllocator(parseCidr(options.serviceCidr)!);
    this.nodePorts = new NodePortAllocator(options.nodePortBase, options.nodePortSize);
    this.api = new ApiServer({
      store: this.store,
      clock: this.clock,
      allocators: { clusterIPs: this.clusterIPs, nodePorts: this.nodePorts, random: this.random.stream("allocation") },
      names: this.random.stream("names"),
      checkInternalWrites: options.debugFreeze,
    });
    this.recorder = new EventRecorder(this.store, this.clock, this.timers);
    const serviceCidr = parseCidr(options.serviceCidr)!;
    const ctx: ControllerContext = {
      api: new InternalClient(this.api),
      store: this.store,
      clock: this.clock,
      random: this.random,
      timers: this.timers,
      events: this.recorder,
      network: {
        serviceCidr: options.serviceCidr,
        podCidr: options.podCidr,
        clusterDomain: "cluster.local",
        dnsServiceIP: dnsServiceIPOf(serviceCidr.base),
      },
      controlPlaneNode: `${options.clusterName}-control-plane`,
    };
    this.addIndexes();
    this.controllers = [
      new NamespaceController(ctx),
      new GarbageCollector(ctx),
      new DeploymentController(ctx),
      new ReplicaSetController(ctx),
      new DaemonSetController(ctx),
      new Scheduler(ctx),
      new EndpointsController(ctx),
      new EndpointSliceController(ctx),
      new EndpointSliceMirroringController(ctx),
    ];
    this.kubelet = new Kubelet(ctx);
    if (options.loadBalancerPool)
      this.controllers.push(new ServiceLoadBalancerController(ctx, options.loadBalancerPool));
    this.network = new ClusterNetwork(
      {
        store: this.store,
        clock: this.clock,
        random: this.random,
        runtime: this.kubelet,
        advanceMs: (ms) => {
          if (ms > 0) this.advance(ms / 1000);
        },
      },
      options,
      { clusterDomain: ctx.network.clusterDomain, dnsServiceIP: ctx.network.dnsServiceIP },
    );
    this.kubelet.toolRunner = (uid, container, argv) => this.network.runAsProcess(uid, container, argv);
    for (const r of resources) {
      this.observers.set(
        r.kind,
        this.controllers.filter((c) => !c.kinds || c.kinds.includes(r.kind)),
      );
    }
    for (const c of this.controllers)
      for (const kind of c.timerKinds ?? []) this.timerHandlers.set(kind, (key) => c.onTimer?.(kind, key));
    this.timerHandlers.set(kubeletTimerKind, (key) => this.kubelet.onTimer(key));
    this.timerHandlers.set(eventTtlTimerKind, () => this.recorder.expire());
    this.store.watch((e) => this.dispatch(e));
  }

  private addIndexes(): void {
    this.store.addIndex(
      "podLabels",
      "pods",
      (o) => labelPairs(o.metadata.namespace, o.metadata.labels),
      (o) => o.metadata.labels,
    );
    const selectorOf = (o: StoredObject) =>
      (o as StoredObject & { spec?: { selector?: Record<string, string> } }).spec?.selector;
    this.store.addIndex(
      "serviceSelector",
      "services",
      (o) => labelPairs(o.metadata.namespace, selectorOf(o)),
      selectorOf,
    );
    this.store.addIndex(
      "sliceService",
      "endpointslices",
      (o) => {
        const svc = o.metadata.labels?.["kubernetes.io/service-name"];
        return svc ? [`${o.metadata.namespace}\0${svc}`] : [];
      },
      (o) => o.metadata.labels,
    );
    const podIPOf = (o: StoredObject) => (o as StoredObject & { status?: { podIP?: string } }).status?.podIP;
    this.store.addIndex(
      "podIP",
      "pods",
      (o) => {
        const ip = podIPOf(o);
        return ip ? [ip] : [];
      },
      podIPOf,
    );
    const clusterIPsOf = (o: StoredObject) =>
      (o as StoredObject & { spec?: { clusterIPs?: string[] } }).spec?.clusterIPs;
    this.store.addIndex(
      "serviceIP",
      "services",
      (o) => (clusterIPsOf(o) ?? []).filter((ip) => ip !== "None"),
      clusterIPsOf,
    );
  }

  private dispatch(e: WatchEvent): void {
    if (e.type === "DELETED" && e.resource.kind === "Service") this.api.releaseService(e.object);
    for (const c of this.observers.get(e.resource.kind) ?? this.controllers) c.observe(e);
    if (e.resource.kind === "Pod" || e.resource.kind === "Node") this.kubelet.observe(e);
    if (e.resource.kind === "Service") this.kubelet.observeService(e.object.metadata.namespace ?? "");
    if (ClusterNetwork.kinds.has(e.resource.kind)) this.network.observe(e);
    for (const s of this.subscribers) s(e);
  }

  // ---- boot ---------------------------------------------------------------------------

  /** Create what kind creates, in its order, and run until the system pods are ready. */
  boot(): void {
    const nodes = planNodes(this.options.clusterName, this.options.nodes, this.options.podCidr);
    const single = nodes.length === 1;
    for (const ns of systemNamespaces) this.mustCreate({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const controlPlane = nodes[0]!;
    const cpNode = this.addNode(controlPlane, single);
    for (const pod of staticPods(controlPlane, cpNode.metadata.uid)) this.mustCreate(pod);
    const dnsIP = dnsServiceIPOf(parseCidr(this.options.serviceCidr)!.base);
    for (const obj of systemObjects(controlPlane.ip, dnsIP)) this.mustCreate(obj);
    // CoreDNS and the provisioner are scheduled while the control plane is the only node.
    this.settle();
    this.advance(1);
    for (const plan of nodes.slice(1)) this.addNode(plan, single);
    const ready = this.waitFor(() => this.systemReady(), { timeoutSeconds: 120 });
    if (!ready) throw new KubookBug("the simulated cluster's system pods did not become ready while booting");
  }

  private addNode(plan: ReturnType<typeof planNodes>[number], single: boolean): StoredObject {
    const { object, status } = nodeManifest(plan, single);
    const created = this.mustCreate(object);
    const now = this.clock.rfc3339();
    const conditions = status.conditions!.map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now }));
    const updated = this.api.updateStatus({ ...created, status: { ...status, conditions } });
    if (!updated.ok) throw new KubookBug(`node status rejected: ${updated.status.message}`);
    return updated.value;
  }

  private mustCreate(obj: KubeObject): StoredObject {
    const r = this.api.create(obj);
    if (!r.ok) throw new KubookBug(`bootstrap object ${obj.kind}/${obj.metadata?.name} rejected: ${r.status.message}`);
    return r.value;
  }

  private systemReady(): boolean {
    for (const ns of ["kube-system", "local-path-storage"]) {
      for (const p of this.store.list("pods", ns) as (StoredObject & {
        status?: { conditions?: { type: string; status: string }[] };
      })[]) {
        if (!p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) return false;
      }
    }
    const coredns = this.store.get("deployments", "kube-system", "coredns") as
      | (StoredObject & { status?: { readyReplicas?: number } })
      | undefined;
    return (
      (coredns?.status?.readyReplicas ?? 0) >= 2 &&
      this.store.list("pods", "kube-system").length >= 4 + 2 * this.options.nodes + 2
    );
  }

  // ---- time -----------------------------------------------------------------------------

  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** The current virtual time, RFC 3339. */
  get now(): string {
    return this.clock.rfc3339();
  }

  /**
   * Run the controllers until no work is left, without moving time. Each controller drains
   * its queue in turn, in pipeline order (deployments before replica sets before the
   * scheduler before endpoints), so changes made at one instant reach the next controller
   * as one batch, much as the real controllers' informer latency batches them.
   */
  settle(): SettleResult {
    let steps = 0;
    for (;;) {
      let progressed = false;
      for (const c of this.controllers) {
        for (let key = c.queue.next(); key !== undefined; key = c.queue.next()) {
          progressed = true;
          c.sync(key);
          steps++;
          if (steps >= limits.settleStepsMax) return { settled: false, steps };
        }
      }
      if (!progressed) return { settled: true, steps };
    }
  }

  /** Move virtual time forward by `seconds`, firing every timer that falls due, in order. */
  advance(seconds: number): SettleResult {
    const target = this.clock.nowMs + durationMs(seconds);
    return this.runUntil(target, undefined).settle;
  }

  /**
   * Move time forward until `predicate` holds (checked after every timer) or `timeoutSeconds`
   * pass. Returns whether it held. With no timer pending, time jumps to the deadline.
   */
  waitFor(predicate: () => boolean, opts: { timeoutSeconds: number }): boolean {
    const deadline = this.clock.nowMs + durationMs(opts?.timeoutSeconds);
    return this.runUntil(deadline, predicate).met;
  }

  private runUntil(targetMs: number, predicate: (() => boolean) | undefined): { met: boolean; settle: SettleResult } {
    let last = this.settle();
    if (predicate?.()) return { met: true, settle: last };
    let fired = 0;
    while (fired < limits.advanceTimersMax) {
      const next = this.timers.peekMs();
      if (next === undefined || next > targetMs) break;
      this.clock.advanceTo(next);
      // Everything due at this instant fires before the controllers run, so changes that
      // happen together reach them together.
      for (let timer = this.timers.popDue(next); timer; timer = this.timers.popDue(next)) {
        this.timerHandlers.get(timer.kind)?.(timer.key);
        if (++fired >= limits.advanceTimersMax) break;
      }
      last = this.settle();
      if (!last.settled) return { met: false, settle: last };
      if (predicate?.()) return { met: true, settle: last };
    }
    this.clock.advanceTo(targetMs);
    last = this.settle();
    return { met: predicate ? predicate() : true, settle: last };
  }

  // ---- API ------------------------------------------------------------------------------

  create(obj: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    return copyResult(this.api.create(obj, opts));
  }

  update(obj: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    return copyResult(this.api.update(obj, opts));
  }

  updateStatus(obj: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    return copyResult(this.api.updateStatus(obj, opts));
  }

  get(resource: ResourceInfo | string, name: string, opts: ListOptions = {}): Result<StoredObject> {
    const r = this.resource(resource);
    if (!r)
      return fail(
        notFound(typeof resource === "string" ? resource : "resources", typeof name === "string" ? name : ""),
      );
    return copyResult(this.api.get(r, opts.namespace ?? "default", name));
  }

  /** Objects of a resource (all namespaces when none is given), sorted by namespace and name; copies. */
  list(resource: ResourceInfo | string, opts: ListOptions = {}): StoredObject[] {
    const r = this.resource(resource);
    if (!r) return [];
    return this.store.list(r.resource, r.namespaced ? opts.namespace : undefined).map((o) => deepClone(o));
  }

  delete(resource: ResourceInfo | string, name: string, opts: DeleteOptions & ListOptions = {}): Result<StoredObject> {
    const r = this.resource(resource);
    if (!r)
      return fail(
        notFound(typeof resource === "string" ? resource : "resources", typeof name === "string" ? name : ""),
      );
    return copyResult(this.api.delete(r, opts.namespace ?? "default", name, opts));
  }

  /** Create each object, or replace it when it exists (a server-side convenience for tests and tools; kubectl apply is kubectl's). */
  apply(objects: readonly unknown[], opts: WriteOptions = {}): Result<StoredObject>[] {
    return objects.map((obj) => {
      const created = this.api.create(obj, opts);
      if (created.ok || created.status.reason !== "AlreadyExists") return copyResult(created);
      return copyResult(this.api.update(obj, opts));
    });
  }

  /** Subscribe to every change; returns the unsubscribe function. Handlers get the stored object: do not change it. */
  watch(handler: ClusterEventHandler): () => void {
    this.subscribers.push(handler);
    return () => {
      const i = this.subscribers.indexOf(handler);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  /** The log lines a container has written so far (its previous run with `previous`). */
  logs(namespace: string, pod: string, container: string, opts: { previous?: boolean } = {}) {
    if (typeof namespace !== "string" || typeof pod !== "string" || typeof container !== "string") return undefined;
    const p = this.store.get("pods", namespace, pod);
    return p ? this.kubelet.logs(p.metadata.uid, container, opts.previous ?? false) : undefined;
  }

  /** The owner chain of an object, nearest first (for describe's Controlled By and for lessons). */
  ownerChain(obj: StoredObject): StoredObject[] {
    const out: StoredObject[] = [];
    let current: StoredObject | undefined = obj;
    for (let i = 0; i < limits.ownerChainDepthMax && current; i++) {
      const ref = controllerOf(current);
      const r = ref ? resourceForKind(ref.kind) : undefined;
      if (!ref || !r) break;
      current = this.store.get(r.resource, r.namespaced ? current.metadata.namespace : undefined, ref.name);
      if (current) out.push(deepClone(current));
    }
    return out;
  }

  /** Turn event recording off (benchmarks measuring pure controller speed) or on. */
  setEventsEnabled(enabled: boolean): void {
    this.recorder.enabled = enabled;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  // ---- snapshots --------------------------------------------------------------------------

  /** Capture the whole cluster. Settles first, so no controller work is in flight. Cheap: objects are shared, not copied. */
  snapshot(): ClusterSnapshot {
    this.settle();
    return {
      nowMs: this.clock.nowMs,
      random: this.random.save(),
      store: this.store.save(),
      timers: this.timers.save(),
      clusterIPs: this.clusterIPs.save(),
      nodePorts: this.nodePorts.save(),
      kubelet: this.kubelet.save(),
      events: this.recorder.save(),
      network: this.network.save(),
    };
  }

  restore(s: ClusterSnapshot): void {
    this.clock.restoreTo(s.nowMs);
    this.random.load(s.random);
    this.store.load(s.store);
    this.timers.load(s.timers);
    this.clusterIPs.load(s.clusterIPs);
    this.nodePorts.load(s.nodePorts);
    this.kubelet.load(s.kubelet);
    this.recorder.load(s.events);
    this.network.load(s.network);
    for (const c of this.controllers) {
      while (c.queue.next() !== undefined) {
        // drain: a snapshot is taken settled, so nothing queued now belongs to it
      }
      c.resync?.();
    }
    this.settle();
  }

  private resource(r: ResourceInfo | string): ResourceInfo | undefined {
    if (typeof r !== "string") return resources.includes(r) ? r : undefined;
    return (
      resourceByName(r) ?? resourceForKind(r) ?? resources.find((x) => x.singular === r || x.shortNames.includes(r))
    );
  }
}

/** Seconds from a caller as milliseconds: negative or NaN is none, anything huge stops at the last representable time. */
function durationMs(seconds: unknown): number {
  const n =
    typeof seconds === "number" && Number.isFinite(seconds)
      ? seconds
      : seconds === Number.POSITIVE_INFINITY
        ? timeMaxMs
        : 0;
  return Math.min(Math.max(0, Math.round(n * 1000)), timeMaxMs);
}

/** A value in a message, whatever it is (String() and JSON can both throw). */
function describe(value: unknown): string {
  try {
    if (typeof value === "string") return JSON.stringify(value);
    return String(value);
  } catch {
    return `a ${typeof value} that cannot be printed`;
  }
}

function copyResult(r: Result<StoredObject>): Result<StoredObject> {
  return r.ok ? ok(deepClone(r.value)) : r;
}

/** The 10th address of the service range (kubeadm's GetDNSIP). */
export function dnsServiceIPOf(base: number): string {
  const n = base + 10;
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** A new cluster with its system pods running; a bad option is reported as a value. */
export function createCluster(
  options: ClusterOptions = {},
): { ok: true; cluster: Cluster } | { ok: false; message: string } {
  const resolved = resolveClusterOptions(options);
  if (!resolved.ok) return resolved;
  const cluster = new Cluster(resolved.options);
  cluster.boot();
  return { ok: true, cluster };
}
