/**
 * The kubelet of every node, in virtual time. A pod bound to a node goes through stages,
 * each a timer: admit (IP, status Pending/ContainerCreating) → sandbox ready → per
 * container: pull the image (or find it on the node) → create → start → probes on their
 * periods. A container that exits is restarted by the pod's restartPolicy with the crash
 * back-off (10s doubling to 5m: CrashLoopBackOff); an image that cannot be pulled goes
 * ErrImagePull → ImagePullBackOff with the same back-off. A pod marked for deletion gets
 * SIGTERM; processes that ignore it are killed when the grace period ends; then the pod
 * is removed. Every status the learner sees is written by `writeStatus` from this state.
 */
import type { Container, ContainerStatus, Node, Pod, PodCondition, Probe, Service } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import type { ControllerContext } from "../controllers/framework.ts";
import { deepClone, deepEqual } from "../core/clone.ts";
import { fnv1a32 } from "../core/hash.ts";
import { parseCidr } from "../core/ip.ts";
import type { ImageDefinition } from "../images/catalog.ts";
import { lookupImage } from "../images/catalog.ts";
import type { ImageView, Listener, LogLine, ProcessPlan } from "../images/process.ts";
import { lookupProgram } from "../images/process.ts";
import { parseImageReference } from "../images/reference.ts";
import type { WatchEvent } from "../store/store.ts";
import { NodeIpam } from "./ipam.ts";
import type { RunningProcess } from "./probe.ts";
import { runProbe } from "./probe.ts";
import { serviceEnv } from "./service-env.ts";
import { timing } from "./timing.ts";

type StoredPod = StoredObject & Mutable<Pod>;
type StoredNode = StoredObject & Mutable<Node>;

type ContainerPhase = "waiting" | "running" | "terminated";
type ProbeKind = "startup" | "readiness" | "liveness";

interface Termination {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly containerID: string;
}

interface ContainerState {
  readonly name: string;
  phase: ContainerPhase;
  waitingReason: string;
  waitingMessage?: string;
  restartCount: number;
  startedAtMs?: number;
  containerID?: string;
  image?: string;
  imageID?: string;
  plan?: ProcessPlan;
  /** The last termination of this container (while terminated or restarting). */
  terminated?: Termination;
  lastTerminated?: Termination;
  ready: boolean;
  started: boolean;
  probeOk: Record<ProbeKind, number>;
  probeFail: Record<ProbeKind, number>;
  crashBackoffMs: number;
  pullBackoffMs: number;
  /** All log lines of every run, with absolute times and the run they belong to. */
  logs: { atMs: number; stream: "stdout" | "stderr"; text: string; run: number }[];
  killing?: boolean;
  lastPullError?: string;
  /** The current run's environment in three layers (see `containerEnv`). */
  envImage?: Record<string, string>;
  /** The service-link table the run started with (an id into the kubelet's shared tables). */
  envServices?: number;
  envSpec?: Record<string, string>;
  /** Files written during the current run (null: deleted); a restart starts from the image again. */
  overlay?: Record<string, string | null>;
  /** What the current run's process keeps across requests. */
  procState?: Record<string, string | number | boolean>;
}

interface PodState {
  readonly uid: string;
  readonly key: string;
  readonly node: string;
  ip?: string;
  sandboxReady: boolean;
  startTimeMs?: number;
  containers: ContainerState[];
  stopping: boolean;
  /** All containers stopped for a deletion: the phase is terminal. */
  terminal?: boolean;
  readyTransitionMs?: number;
  containersReadyTransitionMs?: number;
  initializedMs?: number;
  sandboxMs?: number;
}

export interface KubeletState {
  readonly pods: readonly PodState[];
  readonly serviceEnvTables: readonly (readonly [number, Readonly<Record<string, string>>])[];
  readonly ipam: readonly [string, ReturnType<NodeIpam["save"]>][];
  readonly images: readonly [string, readonly string[]][];
}

const kubeletSource = (node: string) => ({ component: "kubelet", host: node });
export const kubeletTimerKind = "kubelet";

export class Kubelet {
  private readonly ctx: ControllerContext;
  private pods = new Map<string, PodState>();
  private readonly ipam = new Map<string, NodeIpam>();
  private readonly nodeImages = new Map<string, Set<string>>();
  private serviceEnvTables = new Map<number, Readonly<Record<string, string>>>();
  /** `namespace|enableServiceLinks` → the table containers starting now get. */
  private serviceEnvCurrent = new Map<string, number>();
  private nextServiceEnvId = 1;

  /**
   * Runs a client tool a container has as its command (`curlimages/curl` with `-s http://web`),
   * through the data path; set by the simulation, which sits above the tools layer.
   */
  toolRunner?: (
    uid: string,
    container: string,
    argv: readonly string[],
  ) => { stdout: string; stderr: string; exitCode: number; elapsedMs: number } | undefined;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  // ---- wiring -------------------------------------------------------------------------

  observe(e: WatchEvent): void {
    if (e.resource.kind === "Node" && e.type !== "DELETED") {
      this.ensureIpam(e.object as StoredNode);
      return;
    }
    if (e.resource.kind !== "Pod") return;
    const pod = e.object as StoredPod;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (e.type === "DELETED") {
      this.forget(pod.metadata.uid);
      return;
    }
    if (!pod.spec?.nodeName) return;
    const state = this.pods.get(pod.metadata.uid);
    if (!state) {
      this.schedule(0, pod.metadata.uid, "admit", key);
    } else if (pod.metadata.deletionTimestamp && !state.stopping) {
      this.schedule(0, pod.metadata.uid, "stop", key);
    }
  }

  private ensureIpam(node: StoredNode): void {
    if (this.ipam.has(node.metadata.name)) return;
    const cidr = node.spec?.podCIDR ? parseCidr(node.spec.podCIDR) : undefined;
    if (cidr) this.ipam.set(node.metadata.name, new NodeIpam(cidr));
  }

  private schedule(delayMs: number, uid: string, action: string, detail: string): void {
    this.ctx.timers.schedule(this.ctx.clock.nowMs + delayMs, kubeletTimerKind, `${uid}|${action}|${detail}`);
  }

  private cancel(uid: string, action: string, detail: string): void {
    this.ctx.timers.cancel(kubeletTimerKind, `${uid}|${action}|${detail}`);
  }

  /** Stage handlers by timer action: a table, so adding a stage is adding a row. */
  private readonly stages: Readonly<Record<string, (uid: string, detail: string) => void>> = {
    admit: (_uid, key) => this.admit(key),
    sandbox: (uid) => this.sandboxReady(uid),
    pulled: (uid, name) => this.pulled(uid, name),
    pullfail: (uid, name) => this.pullFailed(uid, name),
    pullbackoff: (uid, name) => this.pullBackOff(uid, name),
    pullretry: (uid, name) => {
      this.prepareContainer(uid, name);
    },
    start: (uid, name) => this.startContainer(uid, name),
    exit: (uid, detail) => this.containerExited(uid, detail),
    crashbackoff: (uid, detail) => {
      const [name, wait] = detail.split("|") as [string, string];
      this.onCrashBackoff(uid, name, Number(wait));
    },
    restart: (uid, name) => this.restartContainer(uid, name),
    probe: (uid, detail) => this.probe(uid, detail),
    stop: (uid) => this.stopPod(uid),
    stopped: (uid, name) => this.containerStopped(uid, name),
  };

  onTimer(key: string): void {
    const [uid, action, ...rest] = key.split("|") as [string, string, ...string[]];
    this.stages[action]?.(uid, rest.join("|"));
  }

  // ---- stages ---------------------------------------------------------------------------

  private pod(uid: string): { state: PodState; pod: StoredPod } | undefined {
    const state = this.pods.get(uid);
    if (!state) return undefined;
    const pod = this.ctx.store.getByKey("pods", state.key) as StoredPod | undefined;
    if (!pod || pod.metadata.uid !== uid) {
      this.forget(uid);
      return undefined;
    }
    return { state, pod };
  }

  private admit(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const pod = this.ctx.store.get("pods", ns, name) as StoredPod | undefined;
    if (!pod?.spec?.nodeName || this.pods.has(pod.metadata.uid)) return;
    const node = pod.spec.nodeName;
    const nodeObj = this.ctx.store.get("nodes", undefined, node) as StoredNode | undefined;
    const state: PodState = {
      uid: pod.metadata.uid,
      key,
      node,
      sandboxReady: false,
      startTimeMs: this.ctx.clock.nowMs,
      stopping: false,
      containers: (pod.spec.containers ?? []).map((c) => newContainer(c.name)),
      initializedMs: this.ctx.clock.nowMs,
    };
    this.pods.set(pod.metadata.uid, state);
    if (pod.spec.hostNetwork) {
      state.ip = nodeObj?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    } else {
      if (nodeObj) this.ensureIpam(nodeObj);
      state.ip = this.ipam.get(node)?.allocate();
    }
    if (pod.metadata.deletionTimestamp) {
      this.stopPod(pod.metadata.uid);
      return;
    }
    this.writeStatus(pod, state);
    this.schedule(pod.spec.hostNetwork ? 0 : timing.sandboxMs, pod.metadata.uid, "sandbox", "");
  }

  private sandboxReady(uid: string): void {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return;
    found.state.sandboxReady = true;
    found.state.sandboxMs = this.ctx.clock.nowMs;
    // The kubelet starts containers one after another in spec order. The status (pod IP,
    // PodReadyToStartContainers) is written by the next stage, which follows within the
    // same sync when the image is on the node; a pull writes it now, since it takes a while.
    const first = found.pod.spec?.containers?.[0];
    const next = first ? this.prepareContainer(uid, first.name) : "done";
    if (next !== "starting") this.writeStatus(found.pod, found.state);
  }

  /** Find or pull the image of a container, then start it. Says whether the start follows right away. */
  private prepareContainer(uid: string, name: string): "starting" | "pulling" | "done" {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return "done";
    const { state, pod } = found;
    const spec = containerSpec(pod, name);
    const c = state.containers.find((x) => x.name === name);
    if (!spec || !c) return "done";
    const imageText = spec.image ?? "";
    const ref = parseImageReference(imageText);
    const src = kubeletSource(state.node);
    const fieldPath = `spec.containers{${name}}`;
    if (!ref) {
      c.phase = "waiting";
      c.waitingReason = "InvalidImageName";
      c.waitingMessage = `Failed to apply default image tag "${imageText}": couldn't parse image name "${imageText}": invalid reference format`;
      this.ctx.events.record(pod, "Warning", "InspectFailed", c.waitingMessage, src, fieldPath);
      this.ctx.events.record(pod, "Warning", "Failed", "Error: InvalidImageName", src, fieldPath);
      this.writeStatus(pod, state);
      this.next(uid, name);
      return "done";
    }
    const present = this.nodeImages.get(state.node)?.has(ref.full) || isPreloaded(ref.repository);
    const policy = spec.imagePullPolicy ?? (ref.tag === "latest" ? "Always" : "IfNotPresent");
    if (present && policy !== "Always") {
      this.ctx.events.record(
        pod,
        "Normal",
        "Pulled",
        `Container image "${imageText}" already present on machine`,
        src,
        fieldPath,
      );
      this.schedule(timing.createMs, uid, "start", name);
      return "starting";
    }
    if (policy === "Never") {
      c.phase = "waiting";
      c.waitingReason = "ErrImageNeverPull";
      c.waitingMessage = `Container image "${imageText}" is not present with pull policy of Never`;
      this.ctx.events.record(pod, "Warning", "ErrImageNeverPull", c.waitingMessage, src, fieldPath);
      this.ctx.events.record(pod, "Warning", "Failed", "Error: ErrImageNeverPull", src, fieldPath);
      this.writeStatus(pod, state);
      this.next(uid, name);
      return "done";
    }
    this.ctx.events.record(pod, "Normal", "Pulling", `Pulling image "${imageText}"`, src, fieldPath);
    const lookup = lookupImage(ref);
    if (!lookup.ok) {
      this.schedule(timing.pullFailMs, uid, "pullfail", name);
      return "pulling";
    }
    this.schedule(present ? timing.pullCheckMs : pullDurationMs(lookup.image), uid, "pulled", name);
    return "pulling";
  }

  /** A live (not stopping) pod's container with its spec and parsed image, or undefined. */
  private container(uid: string, name: string) {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return undefined;
    const spec = containerSpec(found.pod, name);
    const c = found.state.containers.find((x) => x.name === name);
    const ref = spec?.image ? parseImageReference(spec.image) : undefined;
    if (!spec || !c || !ref) return undefined;
    return { ...found, spec, c, ref };
  }

  private pulled(uid: string, name: string): void {
    const found = this.container(uid, name);
    if (!found) return;
    const { state, pod, spec, c, ref } = found;
    const lookup = lookupImage(ref);
    if (!lookup.ok) return;
    const present = this.nodeImages.get(state.node)?.has(ref.full) ?? false;
    const ms = present ? timing.pullCheckMs : pullDurationMs(lookup.image);
    let images = this.nodeImages.get(state.node);
    if (!images) {
      images = new Set();
      this.nodeImages.set(state.node, images);
    }
    images.add(ref.full);
    c.pullBackoffMs = 0;
    this.ctx.events.record(
      pod,
      "Normal",
      "Pulled",
      `Successfully pulled image "${spec.image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${lookup.image.sizeBytes} bytes.`,
      kubeletSource(state.node),
      `spec.containers{${name}}`,
    );
    this.schedule(timing.createMs, uid, "start", name);
  }

  private pullFailed(uid: string, name: string): void {
    const found = this.container(uid, name);
    if (!found) return;
    const { state, pod, spec, c, ref } = found;
    const src = kubeletSource(state.node);
    const fieldPath = `spec.containers{${name}}`;
    const lookup = lookupImage(ref);
    const reason =
      !lookup.ok && lookup.reason === "tag-not-found"
        ? "not found"
        : "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed";
    const message =
      !lookup.ok && lookup.reason === "tag-not-found"
        ? `rpc error: code = NotFound desc = failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}": ${ref.full}: ${reason}`
        : `failed to pull and unpack image "${ref.full}": failed to resolve reference "${ref.full}": ${reason}`;
    c.phase = "waiting";
    c.waitingReason = "ErrImagePull";
    c.waitingMessage = message;
    c.lastPullError = message;
    this.ctx.events.record(
      pod,
      "Warning",
      "Failed",
      `Failed to pull image "${spec.image}": ${message}`,
      src,
      fieldPath,
    );
    this.ctx.events.record(pod, "Warning", "Failed", "Error: ErrImagePull", src, fieldPath);
    this.writeStatus(pod, state);
    // The next sync finds the pull in back-off: ImagePullBackOff until it expires.
    c.pullBackoffMs =
      c.pullBackoffMs === 0 ? timing.backoffInitialMs : Math.min(c.pullBackoffMs * 2, timing.backoffMaxMs);
    this.ctx.timers.schedule(this.ctx.clock.nowMs + timing.syncMs, kubeletTimerKind, `${uid}|pullbackoff|${name}`);
  }

  /** The pull is in back-off: ImagePullBackOff until it expires, then another try. */
  private pullBackOff(uid: string, name: string): void {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return;
    const { state, pod } = found;
    const spec = containerSpec(pod, name);
    const c = state.containers.find((x) => x.name === name);
    if (!spec || !c) return;
    c.waitingReason = "ImagePullBackOff";
    // Since v1.32 the back-off message carries the error that caused it.
    c.waitingMessage = `Back-off pulling image "${spec.image}": ErrImagePull: ${c.lastPullError ?? ""}`;
    const src = kubeletSource(state.node);
    const fieldPath = `spec.containers{${name}}`;
    this.ctx.events.record(pod, "Normal", "BackOff", `Back-off pulling image "${spec.image}"`, src, fieldPath);
    this.ctx.events.record(pod, "Warning", "Failed", "Error: ImagePullBackOff", src, fieldPath);
    this.writeStatus(pod, state);
    this.schedule(Math.max(0, c.pullBackoffMs - timing.syncMs), uid, "pullretry", name);
  }

  private startContainer(uid: string, name: string): void {
    const found = this.container(uid, name);
    if (!found) return;
    const { state, pod, spec, c, ref } = found;
    const lookup = lookupImage(ref);
    const src = kubeletSource(state.node);
    const fieldPath = `spec.containers{${name}}`;
    const now = this.ctx.clock.nowMs;
    const image = lookup.ok ? lookup.image : undefined;
    const run = c.restartCount;
    c.containerID = `containerd://${containerId(uid, name, run)}`;
    c.image = ref.full;
    c.imageID = lookup.ok ? `${ref.repository}@${lookup.digest}` : "";
    const argv = [
      ...(spec.command ?? image?.entrypoint ?? []),
      ...(spec.args ?? (spec.command ? [] : (image?.cmd ?? []))),
    ];
    const view = imageView(image);
    const program = argv[0] ? lookupProgram(argv[0], view) : undefined;
    this.ctx.events.record(pod, "Normal", "Created", `Created container: ${name}`, src, fieldPath);
    if (!program) {
      const what = argv[0] ?? "";
      const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${what}": ${what.includes("/") ? "stat " + what + ": no such file or directory" : "executable file not found in $PATH"}: unknown`;
      this.ctx.events.record(pod, "Warning", "Failed", `Error: ${message}`, src, fieldPath);
      c.startedAtMs = now;
      c.plan = { exitAfterMs: 0, exitCode: 128, listeners: [], files: [], logs: [] };
      c.terminated = {
        exitCode: 128,
        reason: "StartError",
        message,
        startedAtMs: now,
        finishedAtMs: now,
        containerID: c.containerID,
      };
      c.phase = "terminated";
      this.writeStatus(pod, state);
      this.afterExit(pod, state, c);
      return;
    }
    this.containerEnv(pod, spec, image, c);
    // The program reads its own settings (ECHO_TEXT, WHOAMI_PORT_NUMBER …), never the
    // service links: skipping them keeps a pod start O(1) in the number of Services.
    const env = { ...c.envImage, ...c.envSpec };
    c.overlay = {};
    c.procState = {};
    const started = program(argv, {
      image: view,
      env,
      hostname: pod.spec?.hostname ?? pod.metadata.name,
      tag: ref.tag,
      podIP: pod.status?.podIP ?? state.ip ?? "",
      nowMs: now,
      stdin: spec.stdin === true,
    });
    if (!started.ok) return;
    this.ctx.events.record(pod, "Normal", "Started", `Started container ${name}`, src, fieldPath);
    c.phase = "running";
    c.startedAtMs = now;
    c.plan = started.plan;
    c.terminated = undefined;
    c.killing = false;
    c.started = !spec.startupProbe;
    c.ready = false;
    c.probeOk = zeroProbes();
    c.probeFail = zeroProbes();
    for (const l of started.plan.logs) c.logs.push({ ...(l as LogLine), atMs: now + l.atMs, run });

    if (!spec.readinessProbe && c.started) c.ready = true;
    if (started.plan.exitAfterMs !== undefined) this.schedule(started.plan.exitAfterMs, uid, "exit", `${name}|${run}`);
    for (const kind of ["startup", "readiness", "liveness"] as const) {
      const probe = probeOf(spec, kind);
      if (probe) this.schedule((probe.initialDelaySeconds ?? 0) * 1000, uid, "probe", `${name}|${kind}|${run}`);
    }
    this.writeStatus(pod, state);
    // After the status write: the tool connects from the pod's IP, which must be published.
    if (started.plan.tool) this.runTool(uid, c, started.plan.tool, now, run);
    this.next(uid, name);
  }

  /** The next container in spec order, once this one has been dealt with. */
  private next(uid: string, name: string): void {
    const found = this.pod(uid);
    if (!found) return;
    const containers = found.pod.spec?.containers ?? [];
    const i = containers.findIndex((c) => c.name === name);
    const following = containers[i + 1];
    if (following && found.state.containers.find((c) => c.name === following.name)?.containerID === undefined) {
      this.prepareContainer(uid, following.name);
    }
  }

  private containerExited(uid: string, detail: string): void {
    const [name, runText] = detail.split("|") as [string, string];
    const found = this.pod(uid);
    if (!found) return;
    const { state, pod } = found;
    const c = state.containers.find((x) => x.name === name);
    if (c?.phase !== "running" || String(c.restartCount) !== runText || !c.plan) return;
    const now = this.ctx.clock.nowMs;
    const code = c.plan.exitCode;
    c.phase = "terminated";
    c.ready = false;
    c.terminated = {
      exitCode: code,
      reason: code === 0 ? "Completed" : "Error",
      startedAtMs: c.startedAtMs ?? now,
      finishedAtMs: now,
      containerID: c.containerID ?? "",
    };
    if (state.stopping) {
      this.containerStopped(uid, name);
      return;
    }
    this.writeStatus(pod, state);
    this.afterExit(pod, state, c);
  }

  /** restartPolicy and the crash back-off: the first restart is immediate, then 10s doubling to 5m. */
  private afterExit(pod: StoredPod, state: PodState, c: ContainerState): void {
    const policy = pod.spec?.restartPolicy ?? "Always";
    const code = c.terminated?.exitCode ?? 0;
    if (policy === "Never" || (policy === "OnFailure" && code === 0)) return;
    // A container that ran for more than ten minutes has its back-off reset.
    if (c.startedAtMs !== undefined && this.ctx.clock.nowMs - c.startedAtMs > timing.backoffResetMs)
      c.crashBackoffMs = 0;
    if (c.crashBackoffMs === 0) {
      c.crashBackoffMs = timing.backoffInitialMs;
      this.schedule(timing.syncMs, state.uid, "restart", c.name);
      return;
    }
    const wait = c.crashBackoffMs;
    c.crashBackoffMs = Math.min(c.crashBackoffMs * 2, timing.backoffMaxMs);
    this.ctx.timers.schedule(
      this.ctx.clock.nowMs + timing.syncMs,
      kubeletTimerKind,
      `${state.uid}|crashbackoff|${c.name}|${wait}`,
    );
  }

  private onCrashBackoff(uid: string, name: string, waitMs: number): void {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return;
    const { state, pod } = found;
    const c = state.containers.find((x) => x.name === name);
    if (c?.phase !== "terminated") return;
    c.lastTerminated = c.terminated;
    c.phase = "waiting";
    c.waitingReason = "CrashLoopBackOff";
    c.waitingMessage = `back-off ${goDuration(waitMs)} restarting failed container=${name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${uid})`;
    this.ctx.events.record(
      pod,
      "Warning",
      "BackOff",
      `Back-off restarting failed container ${name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${uid})`,
      kubeletSource(state.node),
      `spec.containers{${name}}`,
    );
    this.writeStatus(pod, state);
    this.schedule(Math.max(0, waitMs - timing.syncMs), uid, "restart", name);
  }

  private restartContainer(uid: string, name: string): void {
    const found = this.pod(uid);
    if (!found || found.state.stopping) return;
    const c = found.state.containers.find((x) => x.name === name);
    if (!c || c.phase === "running") return;
    if (c.terminated) c.lastTerminated = c.terminated;
    c.restartCount += 1;
    this.prepareContainer(uid, name);
  }

  private probe(uid: string, detail: string): void {
    const [name, kind, runText] = detail.split("|") as [string, ProbeKind, string];
    const found = this.pod(uid);
    if (!found || found.state.stopping) return;
    const { state, pod } = found;
    const spec = containerSpec(pod, name);
    const c = state.containers.find((x) => x.name === name);
    const probe = spec ? probeOf(spec, kind) : undefined;
    if (!spec || !c || !probe || c.phase !== "running" || String(c.restartCount) !== runText) return;
    const periodMs = (probe.periodSeconds ?? 10) * 1000;
    // Readiness and liveness wait for the startup probe to succeed.
    if (kind !== "startup" && !c.started) {
      this.schedule(periodMs, uid, "probe", detail);
      return;
    }
    if (kind === "startup" && c.started) return;
    const now = this.ctx.clock.nowMs;
    const processes = runningProcesses(state, now);
    const self = processes.find((p) => p.name === name);
    const result = runProbe(probe, pod, spec, processes, self, now);
    const label = kind === "startup" ? "Startup" : kind === "readiness" ? "Readiness" : "Liveness";
    const src = kubeletSource(state.node);
    const fieldPath = `spec.containers{${name}}`;
    let changed = false;
    if (result.ok) {
      c.probeOk[kind] += 1;
      c.probeFail[kind] = 0;
      if (c.probeOk[kind] >= (probe.successThreshold ?? 1)) {
        if (kind === "startup") {
          c.started = true;
          if (!spec.readinessProbe) c.ready = true;
          changed = true;
        } else if (kind === "readiness" && !c.ready) {
          c.ready = true;
          changed = true;
        }
      }
    } else {
      c.probeFail[kind] += 1;
      c.probeOk[kind] = 0;
      this.ctx.events.record(
        pod,
        "Warning",
        "Unhealthy",
        `${label} probe failed: ${result.output}`.trimEnd(),
        src,
        fieldPath,
      );
      if (c.probeFail[kind] >= (probe.failureThreshold ?? 3)) {
        if (kind === "readiness" && c.ready) {
          c.ready = false;
          changed = true;
        } else if (kind === "liveness" || kind === "startup") {
          const why = kind === "liveness" ? "failed liveness probe" : "failed startup probe";
          this.ctx.events.record(
            pod,
            "Normal",
            "Killing",
            `Container ${name} ${why}, will be restarted`,
            src,
            fieldPath,
          );
          this.killForRestart(pod, state, c);
          return;
        }
      }
    }
    if (changed) this.writeStatus(pod, state);
    this.schedule(periodMs, uid, "probe", detail);
  }

  /** A liveness kill: the process gets SIGTERM, then SIGKILL at the grace period; then the restart rules apply. */
  private killForRestart(pod: StoredPod, state: PodState, c: ContainerState): void {
    const grace = (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const stopMs = c.plan?.sigtermStopMs === undefined ? grace : Math.min(c.plan.sigtermStopMs, grace);
    c.killing = true;
    c.ready = false;
    const code = c.plan?.sigtermStopMs === undefined ? 137 : 143;
    c.plan = {
      ...(c.plan ?? { listeners: [], files: [], logs: [] }),
      exitAfterMs: this.ctx.clock.nowMs - (c.startedAtMs ?? 0) + stopMs,
      exitCode: code === 143 ? (c.plan?.sigtermExitCode ?? 143) : 137,
    };
    this.cancel(state.uid, "exit", `${c.name}|${c.restartCount}`);
    this.schedule(stopMs, state.uid, "exit", `${c.name}|${c.restartCount}`);
    this.writeStatus(pod, state);
  }

  private stopPod(uid: string): void {
    const found = this.pod(uid);
    if (!found) return;
    const { state, pod } = found;
    if (state.stopping) return;
    state.stopping = true;
    const now = this.ctx.clock.nowMs;
    const deadline = pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : now;
    const graceMs = Math.max(0, deadline - now);
    let running = 0;
    for (const c of state.containers) {
      if (c.phase !== "running") continue;
      running++;
      this.ctx.events.record(
        pod,
        "Normal",
        "Killing",
        `Stopping container ${c.name}`,
        kubeletSource(state.node),
        `spec.containers{${c.name}}`,
      );
      const ownStop = c.plan?.sigtermStopMs;
      const stopMs = ownStop === undefined ? graceMs : Math.min(ownStop, graceMs);
      c.killing = true;
      c.plan = {
        ...(c.plan as ProcessPlan),
        exitAfterMs: now - (c.startedAtMs ?? now) + stopMs,
        exitCode: ownStop === undefined || ownStop > graceMs ? 137 : (c.plan?.sigtermExitCode ?? 143),
      };
      this.cancel(uid, "exit", `${c.name}|${c.restartCount}`);
      this.schedule(stopMs, uid, "exit", `${c.name}|${c.restartCount}`);
    }
    if (running === 0) this.finish(pod, state);
  }

  private containerStopped(uid: string, name: string): void {
    const found = this.pod(uid);
    if (!found) return;
    const { state, pod } = found;
    const c = state.containers.find((x) => x.name === name);
    if (c) c.ready = false;
    if (state.containers.every((x) => x.phase !== "running")) this.finish(pod, state);
  }

  private finish(pod: StoredPod, state: PodState): void {
    // A pod that is going away gets a terminal phase first: Succeeded when every container
    // exited 0, Failed otherwise (a SIGKILLed sleep exits 137).
    state.terminal = true;
    this.writeStatus(pod, state);
    const current = this.ctx.store.get("pods", pod.metadata.namespace, pod.metadata.name);
    if (current?.metadata.uid === state.uid)
      this.ctx.store.finalizeDelete(resourceForKind("Pod")!, pod.metadata.namespace, pod.metadata.name);
  }

  private forget(uid: string): void {
    const state = this.pods.get(uid);
    if (!state) return;
    if (state.ip && !this.isHostNetworkIp(state)) this.ipam.get(state.node)?.release(state.ip);
    this.pods.delete(uid);
  }

  private isHostNetworkIp(state: PodState): boolean {
    const node = this.ctx.store.get("nodes", undefined, state.node) as StoredNode | undefined;
    return node?.status?.addresses?.some((a) => a.address === state.ip) ?? false;
  }

  // ---- status ---------------------------------------------------------------------------

  /** generatePodStatus: phase, conditions and container statuses from the runtime state. */
  private writeStatus(pod: StoredPod, state: PodState): void {
    const current = this.ctx.store.get("pods", pod.metadata.namespace, pod.metadata.name) as StoredPod | undefined;
    if (!current || current.metadata.uid !== state.uid) return;
    const now = this.ctx.clock.nowMs;
    const rfc = (ms: number) => this.ctx.clock.rfc3339(ms);
    const spec = current.spec!;
    const statuses: Mutable<ContainerStatus>[] = state.containers.map((c) => {
      const cs: Mutable<ContainerStatus> = {
        name: c.name,
        image: c.image ?? containerSpec(current, c.name)?.image ?? "",
        imageID: c.imageID ?? "",
        ready: c.phase === "running" && c.ready && !c.killing,
        restartCount: c.restartCount,
        started: c.phase === "running" && c.started,
        state: {},
      };
      if (c.containerID && c.phase !== "waiting") cs.containerID = c.containerID;
      if (c.phase === "running") cs.state = { running: { startedAt: rfc(c.startedAtMs ?? now) } };
      else if (c.phase === "terminated" && c.terminated) cs.state = { terminated: termination(c.terminated, rfc) };
      else
        cs.state = { waiting: { reason: c.waitingReason, ...(c.waitingMessage ? { message: c.waitingMessage } : {}) } };
      if (c.lastTerminated) cs.lastState = { terminated: termination(c.lastTerminated, rfc) };
      else cs.lastState = {};
      // RecursiveReadOnlyMounts (GA): running containers report their mounts.
      const mounts = containerSpec(current, c.name)?.volumeMounts ?? [];
      if (c.phase === "running" && mounts.length > 0) {
        (cs as Mutable<ContainerStatus> & { volumeMounts?: unknown[] }).volumeMounts = mounts.map((m) => ({
          mountPath: m.mountPath,
          name: m.name,
          ...(m.readOnly ? { readOnly: true, recursiveReadOnly: "Disabled" } : {}),
        }));
      }
      return cs;
    });
    const allReady = statuses.length > 0 && statuses.every((s) => s.ready);
    const phase = state.terminal
      ? state.containers.every((c) => c.phase !== "terminated" || c.terminated?.exitCode === 0)
        ? "Succeeded"
        : "Failed"
      : podPhase(spec.restartPolicy ?? "Always", state.containers);
    const prev = current.status?.conditions ?? [];
    const cond = (
      type: string,
      ok: boolean,
      reason?: string,
      message?: string,
    ): Mutable<PodCondition> & { observedGeneration?: number } => {
      const before = prev.find((c) => c.type === type);
      const status = ok ? "True" : "False";
      const same = before?.status === status;
      return {
        type,
        status,
        observedGeneration: current.metadata.generation ?? 1,
        lastProbeTime: null as unknown as string,
        lastTransitionTime: same && before?.lastTransitionTime ? before.lastTransitionTime : rfc(now),
        ...(reason && !ok ? { reason } : {}),
        ...(message && !ok ? { message } : {}),
      };
    };
    const notReady = state.containers
      .filter((c) => !(c.phase === "running" && c.ready && !c.killing))
      .map((c) => c.name);
    const notReadyMessage = `containers with unready status: [${notReady.join(" ")}]`;
    const finished = phase === "Succeeded" || phase === "Failed";
    const conditions = [
      cond("PodReadyToStartContainers", state.sandboxReady && !finished),
      cond("Initialized", true),
      cond("Ready", allReady, finished ? "PodCompleted" : "ContainersNotReady", finished ? undefined : notReadyMessage),
      cond(
        "ContainersReady",
        allReady,
        finished ? "PodCompleted" : "ContainersNotReady",
        finished ? undefined : notReadyMessage,
      ),
      cond("PodScheduled", true),
    ];
    const nodeObj = this.ctx.store.get("nodes", undefined, state.node) as StoredNode | undefined;
    const hostIP = nodeObj?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    // observedGeneration (pod and conditions) is v1.34's PodObservedGenerationTracking, newer than our typings.
    const generation = current.metadata.generation ?? 1;
    const status: Mutable<NonNullable<Pod["status"]>> & { observedGeneration?: number } = {
      observedGeneration: generation,
      phase,
      conditions,
      ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
      ...(state.ip && state.sandboxReady ? { podIP: state.ip, podIPs: [{ ip: state.ip }] } : {}),
      startTime: rfc(state.startTimeMs ?? now),
      containerStatuses: statuses,
      qosClass: current.status?.qosClass ?? "BestEffort",
    };
    if (deepEqual(status, current.status)) return;
    this.ctx.api.updateStatus({ ...current, metadata: { ...current.metadata, resourceVersion: "" }, status });
  }

  /**
   * The process environment: the image's ENV, then HOSTNAME, the Service variables of the
   * Services that exist now, and the container's own `env` last (it wins), as the kubelet
   * and containerd merge them. `$(VAR)` references are expanded as the kubelet does.
   *
   * The service-link variables are O(Services) per container, so every container started
   * while a namespace's Services stay the same shares one table (upstream copies them into
   * each container; a lesson cannot tell the difference, 10,000 pods' memory can).
   */
  private containerEnv(
    pod: StoredPod,
    spec: Mutable<Container>,
    image: ImageDefinition | undefined,
    c: ContainerState,
  ): void {
    c.envImage = { ...(image?.env ?? {}), HOSTNAME: pod.spec?.hostname ?? pod.metadata.name };
    c.envServices = this.serviceEnvTable(pod);
    const table = this.serviceEnvTables.get(c.envServices) ?? {};
    const own: Record<string, string> = {};
    const lookup = (name: string) => own[name] ?? table[name] ?? c.envImage?.[name];
    for (const e of spec.env ?? []) if (e.value !== undefined) own[e.name] = expandEnv(e.value, lookup);
    c.envSpec = own;
  }

  private serviceEnvTable(pod: StoredPod): number {
    const key = `${pod.metadata.namespace}|${pod.spec?.enableServiceLinks ?? true}`;
    const current = this.serviceEnvCurrent.get(key);
    if (current !== undefined) return current;
    const services = [
      ...this.ctx.store.list("services", pod.metadata.namespace),
      ...(pod.metadata.namespace === "default" ? [] : [this.ctx.store.get("services", "default", "kubernetes")]),
    ].filter((s): s is StoredObject => s !== undefined) as Service[];
    if (this.serviceEnvTables.size >= serviceEnvTablesMax) this.pruneServiceEnvTables();
    const id = this.nextServiceEnvId++;
    this.serviceEnvTables.set(id, serviceEnv(pod, services));
    this.serviceEnvCurrent.set(key, id);
    return id;
  }

  /** A Service changed: containers started from now on get a new table. */
  observeService(namespace: string): void {
    for (const key of [...this.serviceEnvCurrent.keys()])
      if (namespace === "default" || key.startsWith(`${namespace}|`)) this.serviceEnvCurrent.delete(key);
  }

  private pruneServiceEnvTables(): void {
    const used = new Set(this.serviceEnvCurrent.values());
    for (const p of this.pods.values()) for (const c of p.containers) if (c.envServices) used.add(c.envServices);
    for (const id of [...this.serviceEnvTables.keys()]) if (!used.has(id)) this.serviceEnvTables.delete(id);
  }

  /** A client tool as PID 1: its output is the container's log, its exit code the container's. */
  private runTool(uid: string, c: ContainerState, argv: readonly string[], now: number, run: number): void {
    const r = this.toolRunner?.(uid, c.name, argv);
    if (!r || !c.plan) return;
    const at = now + r.elapsedMs;
    for (const [stream, text] of [
      ["stdout", r.stdout],
      ["stderr", r.stderr],
    ] as const) {
      const lines = text.split("\n");
      if (lines.at(-1) === "") lines.pop();
      for (const line of lines) c.logs.push({ atMs: at, stream, text: line, run });
    }
    c.plan = { ...c.plan, exitAfterMs: r.elapsedMs, exitCode: r.exitCode };
    this.cancel(uid, "exit", `${c.name}|${run}`);
    this.schedule(r.elapsedMs, uid, "exit", `${c.name}|${run}`);
  }

  // ---- the container runtime, as the data path sees it ----------------------------------

  /** The sockets running containers of a pod listen on now. */
  listening(uid: string): readonly { container: string; port: number; protocol: "TCP" | "UDP"; repository: string }[] {
    const state = this.pods.get(uid);
    if (!state?.ip) return [];
    const now = this.ctx.clock.nowMs;
    const out = [];
    for (const c of state.containers) {
      if (c.phase !== "running" || !c.plan || c.startedAtMs === undefined) continue;
      if (c.plan.exitAfterMs !== undefined && now >= c.startedAtMs + c.plan.exitAfterMs) continue;
      out.push(...socketsOf(c.name, c.image, c.plan));
    }
    return out;
  }

  private running(uid: string, container: string): ContainerState | undefined {
    const c = this.pods.get(uid)?.containers.find((x) => x.name === container);
    return c && c.phase === "running" ? c : undefined;
  }

  env(uid: string, container: string): Readonly<Record<string, string>> | undefined {
    const c = this.running(uid, container);
    return c ? this.mergedEnv(c) : undefined;
  }

  private mergedEnv(c: ContainerState): Readonly<Record<string, string>> {
    const memo = mergedEnvs.get(c);
    if (memo && memo.run === c.restartCount) return memo.env;
    const env: Record<string, string> = {
      ...(c.envImage ?? {}),
      ...(c.envServices !== undefined ? this.serviceEnvTables.get(c.envServices) : {}),
      ...(c.envSpec ?? {}),
    };
    if (!env.HOME) env.HOME = "/root";
    mergedEnvs.set(c, { run: c.restartCount, env });
    return env;
  }

  readFile(uid: string, container: string, path: string): string | undefined {
    const c = this.running(uid, container);
    if (!c) return undefined;
    const written = c.overlay?.[path];
    if (written !== undefined) return written ?? undefined;
    const ref = c.image ? parseImageReference(c.image) : undefined;
    const lookup = ref ? lookupImage(ref) : undefined;
    return lookup?.ok ? lookup.image.files?.[path] : undefined;
  }

  writeFile(
    uid: string,
    container: string,
    path: string,
    content: string,
  ): { ok: true } | { ok: false; message: string } {
    const c = this.running(uid, container);
    if (!c) return { ok: false, message: `container ${container} is not running` };
    (c.overlay ??= {})[path] = content;
    return { ok: true };
  }

  removeFile(uid: string, container: string, path: string): boolean {
    const c = this.running(uid, container);
    if (!c || this.readFile(uid, container, path) === undefined) return false;
    (c.overlay ??= {})[path] = null;
    return true;
  }

  files(uid: string, container: string): Readonly<Record<string, string>> {
    const c = this.running(uid, container);
    if (!c) return {};
    const ref = c.image ? parseImageReference(c.image) : undefined;
    const lookup = ref ? lookupImage(ref) : undefined;
    const out: Record<string, string> = { ...(lookup?.ok ? (lookup.image.files ?? {}) : {}) };
    for (const [path, content] of Object.entries(c.overlay ?? {})) {
      if (content === null) delete out[path];
      else out[path] = content;
    }
    return out;
  }

  appendLog(uid: string, container: string, stream: "stdout" | "stderr", text: string): void {
    const c = this.running(uid, container);
    if (c) c.logs.push({ atMs: this.ctx.clock.nowMs, stream, text, run: c.restartCount });
  }

  processState(uid: string, container: string): Record<string, string | number | boolean> {
    const c = this.running(uid, container);
    if (!c) return {};
    // Probes read the plan's state; the data path must see the same object (kiamol's call counter).
    const planState = c.plan?.state as Record<string, string | number | boolean> | undefined;
    return planState ?? (c.procState ??= {});
  }

  /** kubectl's default container: the `kubectl.kubernetes.io/default-container` annotation, else the first. */
  defaultContainer(uid: string): string | undefined {
    const state = this.pods.get(uid);
    if (!state) return undefined;
    const pod = this.ctx.store.getByKey("pods", state.key) as StoredPod | undefined;
    const annotated = pod?.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
    if (annotated && state.containers.some((c) => c.name === annotated)) return annotated;
    return state.containers[0]?.name;
  }

  // ---- public reads -----------------------------------------------------------------------

  /** A container's log lines up to now: the current run, or the previous one. */
  logs(
    uid: string,
    container: string,
    previous: boolean,
  ): { stream: "stdout" | "stderr"; text: string; atMs: number }[] | undefined {
    const state = this.pods.get(uid);
    const c = state?.containers.find((x) => x.name === container);
    if (!c) return undefined;
    const run = previous ? c.restartCount - 1 : c.restartCount;
    if (run < 0) return undefined;
    const now = this.ctx.clock.nowMs;
    return c.logs
      .filter((l) => l.run === run && l.atMs <= now)
      .map(({ stream, text, atMs }) => ({ stream, text, atMs }));
  }

  /** The processes of a pod at this instant (the data path asks who listens where). */
  processes(uid: string): RunningProcess[] {
    const state = this.pods.get(uid);
    return state ? runningProcesses(state, this.ctx.clock.nowMs) : [];
  }

  save(): KubeletState {
    return {
      pods: [...this.pods.values()].map((p) => deepClone(p)),
      // Tables are never changed once made, so a snapshot shares them.
      serviceEnvTables: [...this.serviceEnvTables],
      ipam: [...this.ipam].map(([n, i]) => [n, i.save()] as const),
      images: [...this.nodeImages].map(([n, s]) => [n, [...s].sort()] as const),
    };
  }

  load(state: KubeletState): void {
    this.pods = new Map(state.pods.map((p) => [p.uid, deepClone(p) as PodState]));
    this.serviceEnvTables = new Map(state.serviceEnvTables);
    this.serviceEnvCurrent.clear();
    this.nextServiceEnvId = Math.max(0, ...this.serviceEnvTables.keys()) + 1;
    this.ipam.clear();
    for (const n of this.ctx.store.list("nodes") as StoredNode[]) this.ensureIpam(n);
    for (const [n, s] of state.ipam) this.ipam.get(n)?.load(s);
    this.nodeImages.clear();
    for (const [n, s] of state.images) this.nodeImages.set(n, new Set(s));
  }
}

function newContainer(name: string): ContainerState {
  return {
    name,
    phase: "waiting",
    waitingReason: "ContainerCreating",
    restartCount: 0,
    ready: false,
    started: false,
    probeOk: zeroProbes(),
    probeFail: zeroProbes(),
    crashBackoffMs: 0,
    pullBackoffMs: 0,
    logs: [],
  };
}

function zeroProbes(): Record<ProbeKind, number> {
  return { startup: 0, readiness: 0, liveness: 0 };
}

function containerSpec(pod: StoredPod, name: string): Mutable<Container> | undefined {
  return pod.spec?.containers?.find((c) => c.name === name);
}

function probeOf(spec: Mutable<Container>, kind: ProbeKind): Probe | undefined {
  return kind === "startup" ? spec.startupProbe : kind === "readiness" ? spec.readinessProbe : spec.livenessProbe;
}

function termination(t: Termination, rfc: (ms: number) => string) {
  return {
    containerID: t.containerID,
    exitCode: t.exitCode,
    finishedAt: rfc(t.finishedAtMs),
    ...(t.message ? { message: t.message } : {}),
    reason: t.reason,
    startedAt: rfc(t.startedAtMs),
  };
}

/** getPhase: Pending until every container has started once; finished pods by restartPolicy. */
export function podPhase(
  restartPolicy: string,
  containers: readonly ContainerState[],
): "Pending" | "Running" | "Succeeded" | "Failed" {
  let waitingNeverStarted = 0;
  let running = 0;
  let terminated = 0;
  let succeeded = 0;
  for (const c of containers) {
    if (c.phase === "running") running++;
    else if (c.phase === "terminated") {
      terminated++;
      if (c.terminated?.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) running++;
    else waitingNeverStarted++;
  }
  if (waitingNeverStarted > 0) return "Pending";
  if (running > 0) return "Running";
  if (terminated === containers.length) {
    if (restartPolicy === "Always") return "Running";
    if (succeeded === containers.length) return "Succeeded";
    return restartPolicy === "OnFailure" ? "Running" : "Failed";
  }
  return "Pending";
}

function runningProcesses(state: PodState, nowMs: number): (RunningProcess & { name: string })[] {
  const out: (RunningProcess & { name: string })[] = [];
  for (const c of state.containers) {
    if (c.phase !== "running" || !c.plan || c.startedAtMs === undefined) continue;
    if (c.plan.exitAfterMs !== undefined && nowMs >= c.startedAtMs + c.plan.exitAfterMs) continue;
    out.push({ name: c.name, plan: c.plan, startedAtMs: c.startedAtMs, image: imageViewFromBinaries(c) });
  }
  return out;
}

/** Per row as resolved for its tag (lookupImage memoises rows, so `nginx:alpine` has its own). */
const imageViews = new WeakMap<ImageDefinition, ImageView>();

function imageView(image: ImageDefinition | undefined): ImageView {
  if (!image) return { binaries: new Set() };
  let v = imageViews.get(image);
  if (!v) {
    v = { binaries: new Set(image.binaries), ...(image.shell ? { shell: image.shell } : {}) };
    imageViews.set(image, v);
  }
  return v;
}

function imageViewFromBinaries(c: ContainerState): ImageView {
  const ref = c.image ? parseImageReference(c.image) : undefined;
  const lookup = ref ? lookupImage(ref) : undefined;
  return imageView(lookup?.ok ? lookup.image : undefined);
}

function isPreloaded(repository: string): boolean {
  const ref = parseImageReference(repository);
  const lookup = ref ? lookupImage({ ...ref, tag: "*" }) : undefined;
  void lookup;
  return preloadedRepositories.has(repository);
}

const preloadedRepositories = new Set([
  "registry.k8s.io/coredns/coredns",
  "registry.k8s.io/kube-proxy",
  "docker.io/kindest/kindnetd",
  "docker.io/kindest/local-path-provisioner",
  "registry.k8s.io/etcd",
  "registry.k8s.io/kube-apiserver",
  "registry.k8s.io/kube-controller-manager",
  "registry.k8s.io/kube-scheduler",
]);

/** Pull time from image size: a fixed latency plus about 25 MB/s. */
function pullDurationMs(image: ImageDefinition): number {
  return Math.round(timing.pullLatencyMs + image.sizeBytes / timing.pullBytesPerMs);
}

function containerId(uid: string, name: string, run: number): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++) hex += fnv1a32(`${uid}/${name}/${run}/${i}`).toString(16).padStart(8, "0");
  return hex.slice(0, 64);
}

/** The kubelet's `$(VAR)` expansion (third_party/forked/golang/expansion): `$$` escapes, unknown names stay as written. */
function expandEnv(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) =>
    name === undefined ? "$" : (lookup(name) ?? m),
  );
}

const serviceEnvTablesMax = 64;

/** A running plan's sockets, built once per plan (every connection to the pod asks). */
const planSockets = new WeakMap<ProcessPlan, readonly (Listener & { container: string; repository: string })[]>();

function socketsOf(container: string, image: string | undefined, plan: ProcessPlan) {
  let sockets = planSockets.get(plan);
  if (!sockets) {
    const repository = image ? (parseImageReference(image)?.repository ?? "") : "";
    sockets = plan.listeners.map((l) => ({ ...l, container, repository }));
    planSockets.set(plan, sockets);
  }
  return sockets;
}
/** Merged environments, rebuilt on demand (not part of snapshots). */
const mergedEnvs = new WeakMap<ContainerState, { run: number; env: Readonly<Record<string, string>> }>();

/** Go's time.Duration String for the durations events print: `3.521s`, `512ms`, `1m20s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(3))}s`;
  const m = Math.floor(ms / 60_000);
  const s = (ms % 60_000) / 1000;
  if (ms < 3_600_000) return `${m}m${trimZeros(s.toFixed(3))}s`;
  const h = Math.floor(ms / 3_600_000);
  return `${h}h${Math.floor((ms % 3_600_000) / 60_000)}m${trimZeros(s.toFixed(3))}s`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
