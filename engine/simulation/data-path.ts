/**
 * The cluster's data path as the public API offers it (`cluster.network`): clients for a
 * source, connections with their traces, HTTP fetches, DNS lookups, port-forwards and
 * running a client tool (curl, wget, nslookup …) from a pod, a node or the workstation.
 * It composes kube-proxy, CoreDNS, the NetworkPolicy index, the outside world and the
 * kubelet's containers into one `Network`.
 */
import type { StoredObject } from "../api/object.ts";
import type { VirtualClock } from "../core/clock.ts";
import type { RandomSource } from "../core/random.ts";
import { CoreDns } from "../dns/coredns.ts";
import type { DnsExchange, DnsType } from "../dns/types.ts";
import { lookupImage } from "../images/catalog.ts";
import type { HeaderList, HttpResponse } from "../images/http.ts";
import type { ImageDefinition } from "../images/image.ts";
import { parseImageReference } from "../images/reference.ts";
import type { NetworkClient, ResolveResult } from "../network/client.ts";
import { SenderClient } from "../network/client-impl.ts";
import type { Sender } from "../network/network.ts";
import { Network, parseHttpUrl } from "../network/network.ts";
import { NetworkPolicyIndex } from "../network/policy.ts";
import type { ContainerRuntime } from "../network/runtime.ts";
import type { ConnectionTrace, Protocol, Source } from "../network/types.ts";
import { OutsideWorld, wellKnownHosts } from "../network/world.ts";
import { worldDnsAnswer } from "../network/world-dns.ts";
import { KubeProxy } from "../proxy/proxier.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import { toolFor } from "../tools/registry.ts";
import type { ToolResult } from "../tools/types.ts";
import type { ResolvedOptions } from "./options.ts";

export type SourceResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export type FetchResult =
  | {
      readonly ok: true;
      readonly response: HttpResponse;
      readonly address: string;
      readonly trace: ConnectionTrace;
      readonly elapsedMs: number;
    }
  | {
      readonly ok: false;
      /** unresolved: the name did not resolve; empty-reply: connected but the server does not speak HTTP. */
      readonly failure: "unresolved" | "refused" | "timeout" | "unreachable" | "empty-reply" | "bad-url" | "no-source";
      readonly message: string;
      readonly trace?: ConnectionTrace;
      readonly elapsedMs: number;
    };

export interface FetchOptions {
  readonly method?: string;
  readonly headers?: HeaderList;
  readonly body?: string;
  readonly timeoutMs?: number;
}

export interface RunOptions {
  readonly stdin?: string;
  /** Virtual milliseconds before a never-ending tool is interrupted (default 10 s). */
  readonly budgetMs?: number;
  /** Whether the tool's stdout is a terminal (curl hides its progress meter then). */
  readonly tty?: boolean;
  /** The environment the tool runs with (the shell's exported variables); the container's when unset. */
  readonly env?: Readonly<Record<string, string>>;
}

export type RunResult = ToolResult & { readonly elapsedMs: number };

type StoredPodLike = StoredObject & { spec?: { hostname?: string }; status?: { podIP?: string } };

export interface ContainerView {
  readonly container: string;
  /** The image's catalog row and tag; undefined for an image the catalog does not know. */
  readonly image: { readonly definition: ImageDefinition; readonly tag: string } | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
  readonly hostname: string;
  readonly podIP: string;
}

/** Recent connection traces the API keeps for callers that did not ask for one (the site's path view). */
const tracesMax = 256;

export class ClusterNetwork {
  private readonly net: Network;
  private readonly clock: VirtualClock;
  private readonly runtime: ContainerRuntime;
  private readonly store: ObjectStore;
  private readonly proxy: KubeProxy;
  private readonly recent: ConnectionTrace[] = [];
  private readonly advanceMs: (ms: number) => void;

  constructor(
    deps: {
      store: ObjectStore;
      clock: VirtualClock;
      random: RandomSource;
      runtime: ContainerRuntime;
      /** Let virtual time pass (timers fire) after an operation spent it. */
      advanceMs: (ms: number) => void;
    },
    options: ResolvedOptions,
    config: { clusterDomain: string; dnsServiceIP: string },
  ) {
    this.clock = deps.clock;
    this.runtime = deps.runtime;
    this.store = deps.store;
    this.advanceMs = deps.advanceMs;
    const world = new OutsideWorld([...wellKnownHosts, ...options.externalHosts]);
    this.proxy = new KubeProxy(deps.store, options.proxyMode, deps.random.stream("kube-proxy"));
    const dnsRandom = deps.random.stream("coredns");
    const dns = new CoreDns(
      deps.store,
      { zone: config.clusterDomain, ttl: 30, random: () => dnsRandom.float(), nowMs: () => deps.clock.nowMs },
      (q) => worldDnsAnswer(world, q),
    );
    this.net = new Network(
      {
        store: deps.store,
        clock: deps.clock,
        proxy: this.proxy,
        dns,
        policies: new NetworkPolicyIndex(deps.store),
        world,
        runtime: deps.runtime,
        random: deps.random.stream("servers"),
      },
      {
        cni: options.cni,
        serviceCidr: options.serviceCidr,
        podCidr: options.podCidr,
        clusterDomain: config.clusterDomain,
        dnsServiceIP: config.dnsServiceIP,
      },
    );
  }

  /** Kinds whose changes the data path follows. */
  static readonly kinds: ReadonlySet<string> = new Set([
    "Service",
    "EndpointSlice",
    "Pod",
    "Node",
    "NetworkPolicy",
    "Namespace",
  ]);

  observe(e: WatchEvent): void {
    this.net.observe(e);
  }

  get proxyMode(): "iptables" | "ipvs" | "nftables" {
    return this.net.proxyMode;
  }

  private sender(source: Source): SourceResult<Sender> {
    if (!isSource(source)) return { ok: false, message: `not a source: ${describeSource(source)}` };
    const s = this.net.sender(source);
    return s.ok ? { ok: true, value: s.sender } : s;
  }

  /** A client for tools running at `source`; its `elapsedMs` is the virtual time it spent. */
  client(source: Source): SourceResult<NetworkClient> {
    const s = this.sender(source);
    if (!s.ok) return s;
    return { ok: true, value: new SenderClient(this.net, s.value, this.clock, this.runtime, (t) => this.keep(t)) };
  }

  private keep(t: ConnectionTrace): void {
    this.recent.push(t);
    // Trim in batches: one copy per 256 connections, not one per connection.
    if (this.recent.length >= 2 * tracesMax) this.recent.splice(0, this.recent.length - tracesMax);
  }

  /** The most recent connection traces, oldest first (at most 256 are kept). */
  traces(limit = tracesMax): ConnectionTrace[] {
    return this.recent.slice(-Math.max(0, Math.min(limit, tracesMax)));
  }

  connect(
    source: Source,
    ip: string,
    port: number,
    protocol: Protocol = "TCP",
    opts: { timeoutMs?: number } = {},
  ): SourceResult<ConnectionTrace> {
    const s = this.sender(source);
    if (!s.ok) return s;
    if (typeof ip !== "string" || !Number.isInteger(port) || port < 1 || port > 65535)
      return { ok: false, message: `connect needs an IPv4 address and a port from 1 to 65535` };
    const t = this.net.connect(s.value, ip, port, protocol, opts.timeoutMs).trace;
    this.keep(t);
    this.advanceMs(t.elapsedMs);
    return { ok: true, value: t };
  }

  resolve(source: Source, name: string): SourceResult<ResolveResult> {
    const s = this.sender(source);
    if (!s.ok) return s;
    const r = this.net.resolve(s.value, String(name));
    this.advanceMs(r.elapsedMs);
    return { ok: true, value: r };
  }

  /** One DNS question from `source` to its first nameserver (or `server`). */
  query(source: Source, name: string, type: DnsType = "A", server?: string): SourceResult<DnsExchange> {
    const s = this.sender(source);
    if (!s.ok) return s;
    const conf = this.net.resolvConfOf(s.value);
    const to = server ?? conf.nameservers[0] ?? "";
    const fqdn = `${String(name).toLowerCase().replace(/\.$/, "")}.`;
    const r = this.net.dnsExchange(s.value, to, { name: fqdn, type }, conf.options.timeoutSeconds * 1000);
    this.advanceMs(r.elapsedMs);
    return { ok: true, value: r };
  }

  /** An HTTP request from `source`, resolving the URL's host as that source would. */
  fetch(source: Source, url: string, init: FetchOptions = {}): FetchResult {
    const s = this.sender(source);
    if (!s.ok) return { ok: false, failure: "no-source", message: s.message, elapsedMs: 0 };
    const u = typeof url === "string" ? parseHttpUrl(url) : undefined;
    if (!u) return { ok: false, failure: "bad-url", message: `not an http URL: ${String(url)}`, elapsedMs: 0 };
    const r = this.net.resolve(s.value, u.host);
    if (!r.ok) {
      this.advanceMs(r.elapsedMs);
      return { ok: false, failure: "unresolved", message: `could not resolve host: ${u.host}`, elapsedMs: r.elapsedMs };
    }
    const address = r.addresses[0]!;
    const attempt = this.net.atOffset(r.elapsedMs, () =>
      this.net.request(
        s.value,
        address,
        u.port,
        {
          method: init.method ?? "GET",
          target: u.target,
          version: "HTTP/1.1",
          headers: init.headers ?? [
            ["Host", u.hostHeader],
            ["User-Agent", "kubook"],
            ["Accept", "*/*"],
          ],
          body: init.body ?? "",
        },
        init.timeoutMs,
      ),
    );
    const trace = attempt.connect.trace;
    this.keep(trace);
    const elapsedMs = r.elapsedMs + attempt.elapsedMs;
    this.advanceMs(elapsedMs);
    if (attempt.ok) return { ok: true, response: attempt.response, address, trace, elapsedMs };
    const o = attempt.connect.outcome;
    return {
      ok: false,
      failure: o === "connected" ? "empty-reply" : o,
      message: o === "connected" ? "empty reply from server" : `connection ${o}`,
      trace,
      elapsedMs,
    };
  }

  /**
   * Run a client tool (curl, wget, nslookup, dig, ping, nc …) at `source` as its image
   * ships it, then let virtual time pass by what the tool spent. A command the image
   * does not have fails as busybox's sh reports it (the full shell is kubectl's issue).
   */
  run(source: Source, argv: readonly string[], opts: RunOptions = {}): RunResult {
    const c = this.client(source);
    if (!c.ok) return { stdout: "", stderr: `${c.message}\n`, exitCode: 1, elapsedMs: 0 };
    const name = argv[0] ?? "";
    const image = this.imageOf(source);
    const tool = toolFor(name, image);
    if (!tool) return { stdout: "", stderr: `sh: ${name}: not found\n`, exitCode: 127, elapsedMs: 0 };
    const env = opts.env ?? this.env(source);
    const result = tool(argv, {
      stdin: opts.stdin ?? "",
      env,
      ...(opts.tty !== undefined ? { tty: opts.tty } : {}),
      net: c.value,
      budgetMs: opts.budgetMs ?? 10_000,
    });
    this.advanceMs(c.value.elapsedMs);
    return { ...result, elapsedMs: c.value.elapsedMs };
  }

  /**
   * Run a tool as a container's own process (the kubelet calls this when a container's
   * command is curl, wget or nslookup): no clock movement here — the kubelet schedules the
   * exit after the tool's elapsed time.
   */
  runAsProcess(podUid: string, container: string, argv: readonly string[]): RunResult | undefined {
    const pod = this.store.list("pods").find((p) => p.metadata.uid === podUid);
    if (!pod) return undefined;
    const source: Source = { kind: "pod", namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name, container };
    const s = this.sender(source);
    if (!s.ok) return undefined;
    const client = new SenderClient(this.net, s.value, this.clock, this.runtime, (t) => this.keep(t));
    const tool = toolFor(argv[0] ?? "", this.imageOf(source));
    if (!tool) return undefined;
    const r = tool(argv, { stdin: "", env: this.env(source), net: client, budgetMs: 60_000 });
    return { ...r, elapsedMs: client.elapsedMs };
  }

  /** The image a source runs (undefined for nodes and the workstation, which have every tool). */
  private imageOf(source: Source): Parameters<typeof toolFor>[1] {
    if (source.kind !== "pod") return undefined;
    const pod = this.store.get("pods", source.namespace, source.pod) as
      | (StoredObject & { spec?: { containers?: { name: string; image?: string }[] } })
      | undefined;
    const container = source.container ?? this.runtime.defaultContainer(pod?.metadata.uid ?? "");
    const image = pod?.spec?.containers?.find((c) => c.name === container)?.image;
    const ref = image ? parseImageReference(image) : undefined;
    const lookup = ref ? lookupImage(ref) : undefined;
    return lookup?.ok ? { definition: lookup.image, tag: ref!.tag } : { definition: undefined, tag: "" };
  }

  /** A running container's environment (empty for nodes, the workstation and stopped containers). */
  env(source: Source): Readonly<Record<string, string>> {
    if (!isSource(source) || source.kind !== "pod") return {};
    const pod = this.store.get("pods", source.namespace, source.pod);
    if (!pod) return {};
    const container = source.container ?? this.runtime.defaultContainer(pod.metadata.uid) ?? "";
    return this.runtime.env(pod.metadata.uid, container) ?? {};
  }

  /**
   * A running container as a shell inside it sees it: the image's programs, shell, user and
   * working directory, its environment, and every file (the kubelet-managed /etc/hosts,
   * /etc/resolv.conf and /etc/hostname included). Undefined when the container is not running.
   */
  container(source: Source): ContainerView | undefined {
    if (!isSource(source) || source.kind !== "pod") return undefined;
    const pod = this.store.get("pods", source.namespace, source.pod) as StoredPodLike | undefined;
    if (!pod) return undefined;
    const name = source.container ?? this.runtime.defaultContainer(pod.metadata.uid) ?? "";
    const env = this.runtime.env(pod.metadata.uid, name);
    if (!env) return undefined;
    const files: Record<string, string> = { ...this.runtime.files(pod.metadata.uid, name) };
    for (const path of ["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]) {
      const text = this.net.readContainerFile(pod as Parameters<Network["readContainerFile"]>[0], name, path);
      if (text !== undefined) files[path] = text;
    }
    const image = this.imageOf({ ...source, container: name });
    return {
      container: name,
      image: image?.definition ? { definition: image.definition, tag: image.tag } : undefined,
      env,
      files,
      hostname: pod.spec?.hostname ?? pod.metadata.name,
      podIP: pod.status?.podIP ?? "",
    };
  }

  /** Write (or with `undefined`, remove) a file in a running container, as a shell in it would. */
  writeContainerFile(source: Source, path: string, content: string | undefined): SourceResult<void> {
    if (!isSource(source) || source.kind !== "pod") return { ok: false, message: "not a container" };
    const pod = this.store.get("pods", source.namespace, source.pod);
    if (!pod) return { ok: false, message: `pods "${source.pod}" not found` };
    const name = source.container ?? this.runtime.defaultContainer(pod.metadata.uid) ?? "";
    if (content === undefined) {
      this.runtime.removeFile(pod.metadata.uid, name, path);
      return { ok: true, value: undefined };
    }
    const r = this.runtime.writeFile(pod.metadata.uid, name, path, content);
    return r.ok ? { ok: true, value: undefined } : r;
  }

  /** `kubectl port-forward pod/NAME LOCAL:REMOTE`: the workstation's 127.0.0.1:LOCAL reaches the pod. */
  portForward(namespace: string, pod: string, localPort: number, remotePort: number): SourceResult<void> {
    if (!this.store.get("pods", namespace, pod)) return { ok: false, message: `pods "${pod}" not found` };
    const r = this.net.openPortForward({ namespace, pod, localPort, remotePort });
    return r.ok ? { ok: true, value: undefined } : r;
  }

  closePortForward(localPort: number): void {
    this.net.closePortForward(localPort);
  }

  save(): { network: ReturnType<Network["save"]>; proxy: ReturnType<KubeProxy["save"]> } {
    return { network: this.net.save(), proxy: this.proxy.save() };
  }

  load(state: { network: ReturnType<Network["save"]>; proxy: ReturnType<KubeProxy["save"]> }): void {
    this.proxy.load(state.proxy);
    this.net.load(state.network);
  }
}

function isSource(s: unknown): s is Source {
  if (s === null || typeof s !== "object") return false;
  const v = s as Record<string, unknown>;
  if (v.kind === "workstation") return true;
  if (v.kind === "node") return typeof v.node === "string";
  if (v.kind === "pod")
    return (
      typeof v.namespace === "string" &&
      typeof v.pod === "string" &&
      (v.container === undefined || typeof v.container === "string")
    );
  return false;
}

function describeSource(s: unknown): string {
  try {
    return JSON.stringify(s) ?? String(s);
  } catch {
    return String(typeof s);
  }
}
