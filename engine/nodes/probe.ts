/**
 * Probe evaluation (pkg/kubelet/prober): an httpGet, tcpSocket or exec probe run against
 * the pod's processes at one instant, with the result text the kubelet puts in its
 * Unhealthy events. HTTP 200–399 is success; no listener on the port is a refused
 * connection; an exec probe runs the command against the container's files at that time.
 */
import type { Container, Pod, Probe } from "kubernetes-types/core/v1";
import type { Mutable } from "../api/object.ts";
import type { HttpRequest, ServerContext } from "../images/http.ts";
import type { ImageView, ProcessPlan } from "../images/process.ts";
import { parseSleep } from "../images/process.ts";

export interface ProbeResult {
  readonly ok: boolean;
  /** What the Unhealthy event says after "Readiness probe failed: ". */
  readonly output: string;
}

export interface RunningProcess {
  readonly plan: ProcessPlan;
  readonly startedAtMs: number;
  readonly image: ImageView;
}

export function resolveProbePort(
  port: number | string | undefined,
  pod: Mutable<Pod>,
  container: Mutable<Container>,
): number | undefined {
  if (typeof port === "number") return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  const own = container.ports?.find((p) => p.name === port);
  if (own) return own.containerPort;
  for (const c of pod.spec?.containers ?? []) {
    const p = c.ports?.find((x) => x.name === port);
    if (p) return p.containerPort;
  }
  return undefined;
}

export function runProbe(
  probe: Probe,
  pod: Mutable<Pod>,
  container: Mutable<Container>,
  processes: readonly RunningProcess[],
  self: RunningProcess | undefined,
  nowMs: number,
): ProbeResult {
  const ip = pod.status?.podIP ?? "";
  if (probe.httpGet) {
    const port = resolveProbePort(probe.httpGet.port, pod, container);
    const path = probe.httpGet.path || "/";
    const host = probe.httpGet.host || ip;
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const url = `${scheme}://${host}:${port}${path}`;
    if (port === undefined)
      return { ok: false, output: `strconv.Atoi: parsing "${String(probe.httpGet.port)}": invalid syntax` };
    const found = findListener(processes, port, nowMs);
    if (!found) return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    const { listener, process } = found;
    if (!listener.http) return { ok: false, output: `Get "${url}": EOF` };
    const request = probeRequest(path, `${host}:${port}`, probe.httpGet.httpHeaders ?? []);
    const status = listener.http(request, probeContext(pod, process, port, nowMs)).status;
    if (status >= 200 && status < 400) return { ok: true, output: "" };
    return { ok: false, output: `HTTP probe failed with statuscode: ${status}` };
  }
  if (probe.tcpSocket) {
    const port = resolveProbePort(probe.tcpSocket.port, pod, container);
    const host = probe.tcpSocket.host || ip;
    if (port !== undefined && findListener(processes, port, nowMs)) return { ok: true, output: "" };
    return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.exec) return runExec(probe.exec.command ?? [], self, nowMs);
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (findListener(processes, port, nowMs)) return { ok: true, output: "" };
    return {
      ok: false,
      output: `timeout: failed to connect service "${ip}:${port}" within 1s: context deadline exceeded`,
    };
  }
  return { ok: false, output: "unknown probe handler" };
}

function findListener(processes: readonly RunningProcess[], port: number, nowMs: number) {
  for (const p of processes) {
    if (p.plan.exitAfterMs !== undefined && nowMs >= p.startedAtMs + p.plan.exitAfterMs) continue;
    const l = p.plan.listeners.find((x) => x.port === port && x.protocol === "TCP");
    if (l) return { listener: l, process: p };
  }
  return undefined;
}

/**
 * The request the kubelet's prober sends (pkg/probe/http/request.go, http.go): GET with
 * `User-Agent: kube-probe/<major.minor>` and `Accept: *\/*` unless the probe's httpHeaders
 * replace them, a Host header from httpHeaders or host:port, and `Connection: close` (its
 * transport disables keep-alive), in the order Go's client writes them: Host, User-Agent,
 * the others sorted, Connection.
 */
export function probeRequest(
  path: string,
  hostPort: string,
  custom: readonly { readonly name: string; readonly value: string }[],
): HttpRequest {
  const canonical = (n: string) =>
    n
      .split("-")
      .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
      .join("-");
  const headers = new Map<string, string[]>([
    ["User-Agent", [`kube-probe/${probeVersion}`]],
    ["Accept", ["*/*"]],
  ]);
  const replaced = new Set<string>();
  for (const h of custom) {
    const k = canonical(h.name);
    if (!replaced.has(k)) headers.set(k, []);
    replaced.add(k);
    headers.get(k)!.push(h.value);
  }
  const host = headers.get("Host")?.[0] ?? hostPort;
  headers.delete("Host");
  const list: [string, string][] = [["Host", host]];
  for (const v of headers.get("User-Agent") ?? []) list.push(["User-Agent", v]);
  headers.delete("User-Agent");
  for (const k of [...headers.keys()].sort()) for (const v of headers.get(k)!) list.push([k, v]);
  list.push(["Connection", "close"]);
  return { method: "GET", target: path, version: "HTTP/1.1", headers: list, body: "" };
}

const probeVersion = "1.34";

/**
 * What a server sees while it answers a probe, until probes go through the network: the
 * pod's identity, the container's image files, its per-process state; the kubelet
 * connects from the node's address on the pod's bridge (`.1` of the pod's /24); logs are
 * dropped and outbound requests fail.
 */
function probeContext(pod: Mutable<Pod>, process: RunningProcess, port: number, nowMs: number): ServerContext {
  const podIP = pod.status?.podIP ?? "";
  const gateway = podIP.replace(/\.\d+$/, ".1");
  const files = process.plan.imageFiles ?? {};
  return {
    nowMs,
    hostname: pod.spec?.hostname ?? pod.metadata?.name ?? "",
    podIP,
    namespace: pod.metadata?.namespace ?? "",
    podName: pod.metadata?.name ?? "",
    localPort: port,
    remoteIP: gateway,
    remotePort: 32768 + (Math.floor(nowMs / 1000) % 28232),
    env: {},
    interfaceIPs: ["127.0.0.1", podIP],
    readFile: (path) => files[path],
    log: () => {},
    state: process.plan.state ?? {},
    random: () => 0,
    fetch: () => ({ ok: false, failure: "unreachable", message: "probes make no outbound requests" }),
  };
}

function fileExists(self: RunningProcess, path: string, nowMs: number): boolean {
  const t = nowMs - self.startedAtMs;
  if (self.plan.imageFiles?.[path] !== undefined) return true;
  return self.plan.files.some((f) => f.path === path && f.fromMs <= t && (f.untilMs === undefined || t < f.untilMs));
}

/** Exec probes: the handful of commands probes use in practice (cat, test, ls, true, false, sh -c of those). */
function runExec(command: readonly string[], self: RunningProcess | undefined, nowMs: number): ProbeResult {
  if (!self) return { ok: false, output: "container not running" };
  const [cmd, ...args] = command;
  if (!cmd)
    return {
      ok: false,
      output: "OCI runtime exec failed: exec failed: unable to start container process: exec: no command: unknown",
    };
  const base = cmd.split("/").pop()!;
  if (!self.image.binaries.has(base) && !self.image.binaries.has(cmd)) {
    return {
      ok: false,
      output: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`,
    };
  }
  const busybox = self.image.shell === "ash";
  switch (base) {
    case "true":
      return { ok: true, output: "" };
    case "false":
      return { ok: false, output: "" };
    case "cat": {
      const missing = args.find((f) => !fileExists(self, f, nowMs));
      if (!missing) return { ok: true, output: "" };
      return {
        ok: false,
        output: busybox
          ? `cat: can't open '${missing}': No such file or directory`
          : `cat: ${missing}: No such file or directory`,
      };
    }
    case "ls": {
      const missing = args.filter((a) => !a.startsWith("-")).find((f) => !fileExists(self, f, nowMs));
      if (!missing) return { ok: true, output: "" };
      return {
        ok: false,
        output: busybox
          ? `ls: ${missing}: No such file or directory`
          : `ls: cannot access '${missing}': No such file or directory`,
      };
    }
    case "test":
    case "[": {
      const file = args.find((a) => !a.startsWith("-") && a !== "]");
      return { ok: file !== undefined && fileExists(self, file, nowMs), output: "" };
    }
    case "sleep": {
      const ms = parseSleep(args);
      return { ok: ms !== undefined && !Number.isNaN(ms), output: "" };
    }
    case "sh":
    case "bash":
    case "ash": {
      const c = args.indexOf("-c");
      const script = c >= 0 ? args[c + 1] : undefined;
      if (!script) return { ok: true, output: "" };
      const words = script.trim().split(/\s+/);
      return runExec(words, self, nowMs);
    }
    default:
      // Anything else the image has is assumed to succeed.
      return { ok: true, output: "" };
  }
}
