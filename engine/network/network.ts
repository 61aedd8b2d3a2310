/**
 * The data path: one connection at a time, walked hop by hop the way the packets go.
 *
 *   source → (loopback | kube-proxy on the source's node: ClusterIP, external IP, LB IP)
 *          → route (pod, node + NodePort rules on that node, outside world)
 *          → NetworkPolicy egress at the source pod, ingress at the destination pod
 *          → a socket listening in the destination, or RST / drop / host unreachable
 *
 * Every hop appends a `TraceStep`; the outcome is one of the kernel's: connected, refused,
 * timed out (after the client's own timeout), unreachable. Nothing here throws for bad
 * input: an address nobody owns simply times out.
 */
import type { VirtualClock } from "../core/clock.ts";
import { formatHttpDate } from "../core/clock.ts";
import type { RandomStream } from "../core/random.ts";
import type { CoreDns } from "../dns/coredns.ts";
import { renderEtcHosts, renderResolvConf, resolvConfFor } from "../dns/resolvconf.ts";
import { stubResolve } from "../dns/resolver.ts";
import type { DnsExchange, DnsQuestion, ResolvConf } from "../dns/types.ts";
import type { HttpRequest, HttpResponse, OutboundRequest, OutboundResult, ServerContext } from "../images/http.ts";
import type { KubeProxy, ProxyDecision } from "../proxy/proxier.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { AddressOwner, NodeInfo, StoredPod } from "./addresses.ts";
import { AddressBook, workstationHostname, workstationIP } from "./addresses.ts";
import type { ConnectResult, HttpAttempt, PingAttempt, ResolveResult, UdpAttempt } from "./client.ts";
import type { NetworkPolicyIndex, PolicyPeer, PolicyPod } from "./policy.ts";
import { policyPodOf } from "./policy.ts";
import type { ContainerRuntime, ListeningSocket } from "./runtime.ts";
import { timing } from "./timing.ts";
import type { ConnectionTrace, ConnectOutcome, Protocol, Source, TraceReason, TraceStep } from "./types.ts";
import type { OutsideWorld } from "./world.ts";
import { worldDnsAnswer } from "./world-dns.ts";

export type CniPlugin = "kindnet" | "flannel";

export interface NetworkOptions {
  readonly cni: CniPlugin;
  readonly serviceCidr: string;
  readonly podCidr: string;
  readonly clusterDomain: string;
  readonly dnsServiceIP: string;
}

/** A kind node's resolv.conf: docker's resolver on the `kind` network's gateway. */
const nodeResolvConf: ResolvConf = {
  nameservers: [workstationIP],
  search: [],
  options: { ndots: 1, timeoutSeconds: 5, attempts: 2 },
};
/** The workstation's: systemd-resolved's stub. */
const workstationResolvConf: ResolvConf = {
  nameservers: ["127.0.0.53"],
  search: [],
  options: { ndots: 1, timeoutSeconds: 5, attempts: 2 },
};

export interface NetworkDeps {
  readonly store: ObjectStore;
  readonly clock: VirtualClock;
  readonly proxy: KubeProxy;
  readonly dns: CoreDns;
  readonly policies: NetworkPolicyIndex;
  readonly world: OutsideWorld;
  readonly runtime: ContainerRuntime;
  /** Draws servers make (kiamol's random numbers). */
  readonly random: RandomStream;
}

/** The sending side of a connection, resolved from a `Source`. */
export interface Sender {
  readonly source: Source;
  readonly ip: string;
  /** Whose kube-proxy rules the packets meet first (undefined for the workstation). */
  readonly node?: string;
  readonly pod?: StoredPod;
  readonly container?: string;
  readonly hostname: string;
}

type Delivery =
  | { readonly kind: "socket"; readonly pod: StoredPod; readonly socket: ListeningSocket }
  | { readonly kind: "world"; readonly ip: string }
  | { readonly kind: "upstream-dns" }
  | { readonly kind: "node-daemon"; readonly node: string; readonly port: number };

interface Opened {
  readonly result: ConnectResult;
  readonly delivery?: Delivery;
  /** The client address the server sees (after SNAT). */
  readonly seenIP: string;
}

interface PortForward {
  readonly localPort: number;
  readonly namespace: string;
  readonly pod: string;
  readonly remotePort: number;
}

export interface NetworkState {
  readonly ephemeralPort: number;
  readonly portForwards: readonly PortForward[];
}

/** Nested requests a server makes while answering one (a web app calling an API) stop here. */
const nestedRequestsMax = 4;
/** Daemons every kind node runs outside pods. */
const nodeDaemonPorts: readonly number[] = [10250];

export class Network {
  readonly addresses: AddressBook;
  private readonly deps: NetworkDeps;
  private readonly options: NetworkOptions;
  private ephemeralPort = 32768;
  private portForwards = new Map<number, PortForward>();
  private depth = 0;
  private readonly resolvConfs = new WeakMap<StoredPod, ResolvConf>();
  /**
   * getaddrinfo results by sender and name. Every answer is a function of the Services,
   * slices, pods, policies and namespaces, so any change to those clears it; between
   * changes a repeated lookup (a loop of curl) costs one map read.
   */
  private readonly resolutions = new Map<string, ResolveResult>();
  private readonly etcHosts = new WeakMap<StoredPod, string>();
  /** Virtual time a running tool has already spent (see client-impl.ts). */
  private offsetMs = 0;

  constructor(deps: NetworkDeps, options: NetworkOptions) {
    this.deps = deps;
    this.options = options;
    this.addresses = new AddressBook(deps.store, options.serviceCidr, options.podCidr, deps.world);
  }

  observe(e: WatchEvent): void {
    this.resolutions.clear();
    this.deps.proxy.observe(e);
    this.deps.dns.observe(e);
    this.deps.policies.observe(e);
    this.addresses.observe(e);
  }

  rebuild(): void {
    this.resolutions.clear();
    this.addresses.rebuild();
    this.deps.proxy.rebuild();
    this.deps.dns.rebuild();
    this.deps.policies.rebuild();
  }

  get proxyMode(): KubeProxy["mode"] {
    return this.deps.proxy.mode;
  }

  private now(): number {
    return this.deps.clock.nowMs + this.offsetMs;
  }

  /** Run `fn` as if `offsetMs` more virtual time had passed (a tool mid-way through its run). */
  atOffset<T>(offsetMs: number, fn: () => T): T {
    const saved = this.offsetMs;
    this.offsetMs = offsetMs;
    try {
      return fn();
    } finally {
      this.offsetMs = saved;
    }
  }

  // ---- senders ---------------------------------------------------------------------------

  /** Resolve a source; a pod that does not exist or has no IP yet is an error value. */
  sender(source: Source): { ok: true; sender: Sender } | { ok: false; message: string } {
    if (source.kind === "workstation")
      return { ok: true, sender: { source, ip: workstationIP, hostname: workstationHostname } };
    if (source.kind === "node") {
      const node = this.addresses.node(source.node);
      if (!node) return { ok: false, message: `nodes "${source.node}" not found` };
      return { ok: true, sender: { source, ip: node.ip, node: node.name, hostname: node.name } };
    }
    const pod = this.deps.store.get("pods", source.namespace, source.pod) as StoredPod | undefined;
    if (!pod) return { ok: false, message: `pods "${source.pod}" not found` };
    const ip = pod.status?.podIP;
    if (!ip || !pod.spec?.nodeName) return { ok: false, message: `pod ${source.pod} has no IP address yet` };
    const container = source.container ?? this.deps.runtime.defaultContainer(pod.metadata.uid);
    return {
      ok: true,
      sender: {
        source,
        ip,
        node: pod.spec.nodeName,
        pod,
        ...(container ? { container } : {}),
        hostname: pod.spec.hostname ?? pod.metadata.name,
      },
    };
  }

  // ---- port-forward ----------------------------------------------------------------------

  /** `kubectl port-forward`: the workstation's 127.0.0.1:localPort now reaches the pod's port. */
  openPortForward(pf: PortForward): { ok: true } | { ok: false; message: string } {
    if (this.portForwards.has(pf.localPort))
      return { ok: false, message: `unable to listen on port ${pf.localPort}: address already in use` };
    this.portForwards.set(pf.localPort, pf);
    return { ok: true };
  }

  closePortForward(localPort: number): void {
    this.portForwards.delete(localPort);
  }

  // ---- connections -----------------------------------------------------------------------

  private nextPort(): number {
    const p = this.ephemeralPort;
    // Linux's default ip_local_port_range is 32768–60999.
    this.ephemeralPort = p >= 60999 ? 32768 : p + 1;
    return p;
  }

  connect(from: Sender, ip: string, port: number, protocol: Protocol, timeoutMs?: number): ConnectResult {
    return this.open(from, ip, port, protocol, timeoutMs).result;
  }

  private open(from: Sender, ip: string, port: number, protocol: Protocol, timeoutMs?: number): Opened {
    const steps: TraceStep[] = [];
    const atMs = this.now();
    const localPort = this.nextPort();
    const end = (outcome: ConnectOutcome, reason: TraceReason | undefined, delivery?: Delivery, seenIP = from.ip) => {
      const elapsedMs =
        outcome === "timeout"
          ? (timeoutMs ?? (protocol === "TCP" ? timing.tcpSynTimeoutMs : timing.udpWaitMs))
          : outcome === "unreachable"
            ? Math.min(timeoutMs ?? Number.POSITIVE_INFINITY, timing.hostUnreachableMs)
            : 0;
      steps.push({ step: "outcome", outcome, ...(reason ? { reason } : {}) });
      const trace: ConnectionTrace = {
        from: { ip: from.ip, source: from.source },
        to: { ip, port, protocol },
        steps,
        outcome,
        ...(reason ? { reason } : {}),
        elapsedMs,
        atMs,
      };
      return { result: { outcome, trace, elapsedMs, localPort }, ...(delivery ? { delivery } : {}), seenIP };
    };

    let dstIP = ip;
    let dstPort = port;
    let seenIP = from.ip;
    let owner = this.addresses.classify(ip);
    steps.push(routeStep(owner, ip));

    // Loopback never leaves the sender.
    if (owner.kind === "loopback") return this.loopback(from, port, protocol, steps, end);

    // From the workstation the cluster's private ranges are not routed; a load-balancer IP
    // is (kind's LoadBalancer providers answer for it on the docker network and hand the
    // traffic to a node, where kube-proxy's rules for external traffic take it).
    const lbEntry = !from.node && this.deps.proxy.isLoadBalancerAddress(ip) ? this.loadBalancerEntryNode() : undefined;
    if (!from.node && !lbEntry) {
      if (owner.kind === "service-range" || (this.deps.proxy.isServiceAddress(ip) && owner.kind !== "node"))
        return end("timeout", "cluster-ip-from-outside");
      if (owner.kind === "pod" || owner.kind === "pod-range") return end("timeout", "pod-ip-from-outside");
    }

    // kube-proxy on the sender's node sees the packet first (PREROUTING/OUTPUT → KUBE-SERVICES).
    let decision: ProxyDecision = { kind: "pass" };
    let decidedOn: string | undefined = from.node;
    if (from.node && owner.kind !== "node") {
      decision = this.deps.proxy.interceptVip(ip, port, protocol, {
        node: from.node,
        clientIP: from.ip,
        external: false,
        nowMs: atMs,
      });
    } else if (lbEntry) {
      decidedOn = lbEntry;
      decision = this.deps.proxy.interceptVip(ip, port, protocol, {
        node: lbEntry,
        clientIP: from.ip,
        external: true,
        nowMs: atMs,
      });
      if (decision.kind === "pass") return end("timeout", "no-service-port");
    }
    if (decision.kind === "pass" && owner.kind === "node") {
      // NodePorts match `--dst-type LOCAL`: the rules of the node that owns the address.
      const local = from.node === owner.node.name;
      decidedOn = owner.node.name;
      decision = this.deps.proxy.interceptNodePort(port, protocol, {
        node: owner.node.name,
        clientIP: from.ip,
        external: !local,
        nowMs: atMs,
      });
      if (decision.kind === "pass") {
        // An external IP that is also a node IP reaches that node's rules.
        decision = this.deps.proxy.interceptVip(ip, port, protocol, {
          node: owner.node.name,
          clientIP: from.ip,
          external: !local,
          nowMs: atMs,
        });
      }
    }
    if (decision.kind !== "pass") {
      if (decision.service) {
        const s = decision.service;
        steps.push({
          step: "service",
          namespace: s.namespace,
          name: s.name,
          port: decision.via === "node-port" ? (s.nodePort ?? port) : s.port,
          portName: s.portName,
          protocol: s.protocol,
          via: decision.via ?? "cluster-ip",
          proxyMode: this.deps.proxy.mode,
        });
      }
      if (decision.kind === "reject") return end("refused", decision.reason);
      if (decision.kind === "drop") return end("timeout", decision.reason);
      const e = decision.endpoint;
      steps.push({
        step: "endpoint",
        ip: e.ip,
        port: e.port,
        ...(e.pod ? { pod: e.pod } : {}),
        ...(e.nodeName ? { node: e.nodeName } : {}),
        chosenBy: decision.chosenBy,
        candidates: decision.candidates,
        terminatingFallback: decision.terminatingFallback,
      });
      steps.push({ step: "nat", kind: "dnat", from: `${ip}:${port}`, to: `${e.ip}:${e.port}` });
      dstIP = e.ip;
      dstPort = e.port;
      owner = this.addresses.classify(dstIP);
      const via = decidedOn ? this.addresses.node(decidedOn) : undefined;
      const snat = this.snatAddress(decision.masquerade, from, owner, via);
      if (snat && snat !== seenIP) {
        steps.push({ step: "nat", kind: "snat", from: seenIP, to: snat });
        seenIP = snat;
      }
      steps.push(routeStep(owner, dstIP));
    } else if (owner.kind === "service-range") {
      return end("timeout", this.serviceRangeReason(ip));
    }

    // Deliver.
    switch (owner.kind) {
      case "pod":
        return this.toPod(from, owner.pod, dstIP, dstPort, protocol, seenIP, steps, end);
      case "pod-range":
        return end(owner.node ? "unreachable" : "timeout", "no-such-host");
      case "node":
        return this.toNode(owner.node, dstPort, protocol, seenIP, steps, end);
      case "workstation":
        if (protocol === "UDP" && dstPort === 53) return end("connected", undefined, { kind: "upstream-dns" }, seenIP);
        return end("refused", "no-listener");
      case "external": {
        const denied = this.egressDenied(from, { ip: dstIP }, dstPort, protocol, steps);
        if (denied) return end("timeout", "policy-denied");
        if (protocol === "TCP" && this.deps.world.accepts(dstIP, dstPort)) {
          steps.push({ step: "deliver", ip: dstIP, port: dstPort, external: this.deps.world.reverse(dstIP) ?? dstIP });
          return end("connected", undefined, { kind: "world", ip: dstIP }, seenIP);
        }
        return end("timeout", "external-not-declared");
      }
      case "service-range":
      case "loopback":
      case "nothing": {
        if (from.pod && this.egressDenied(from, { ip: dstIP }, dstPort, protocol, steps))
          return end("timeout", "policy-denied");
        return end("timeout", "external-not-declared");
      }
    }
  }

  /** The node a load-balancer IP's traffic enters by: the first worker by name (the control plane if alone). */
  private loadBalancerEntryNode(): string | undefined {
    const nodes = this.deps.store
      .list("nodes")
      .map((n) => n.metadata.name)
      .sort();
    return nodes.find((n) => !n.endsWith("control-plane")) ?? nodes[0];
  }

  private serviceRangeReason(ip: string): TraceReason {
    for (const key of this.deps.store.byIndex("serviceIP", ip)) {
      const svc = this.deps.store.getByKey("services", key);
      if (svc) return "not-proxied";
    }
    return "unallocated-cluster-ip";
  }

  /**
   * Where masquerading puts the source: kube-proxy SNATs Cluster-policy external traffic
   * and hairpin traffic to the address of the interface the packet leaves by — the node's
   * IP toward another node, the pods' gateway toward a local pod (kindnet's ptp links).
   */
  private snatAddress(
    masquerade: boolean,
    from: Sender,
    owner: AddressOwner,
    via: NodeInfo | undefined,
  ): string | undefined {
    const hairpin = from.pod !== undefined && owner.kind === "pod" && owner.pod.metadata.uid === from.pod.metadata.uid;
    if (!masquerade && !hairpin) return undefined;
    if (!via) return undefined;
    if (owner.kind === "pod" && owner.node === via.name) return via.podGateway ?? via.ip;
    return via.ip;
  }

  private loopback(
    from: Sender,
    port: number,
    protocol: Protocol,
    steps: TraceStep[],
    end: (o: ConnectOutcome, r: TraceReason | undefined, d?: Delivery, seen?: string) => Opened,
  ): Opened {
    if (from.pod) {
      const socket = this.socketOf(from.pod, port, protocol);
      if (!socket) return end("refused", "no-listener");
      steps.push(deliverStep(from.pod, "127.0.0.1", port, socket.container));
      return end("connected", undefined, { kind: "socket", pod: from.pod, socket }, "127.0.0.1");
    }
    if (!from.node) {
      // The workstation: ports opened by `kubectl port-forward`, and its own resolver.
      if (protocol === "UDP" && port === 53) return end("connected", undefined, { kind: "upstream-dns" }, "127.0.0.1");
      const pf = protocol === "TCP" ? this.portForwards.get(port) : undefined;
      if (!pf) return end("refused", "no-listener");
      const pod = this.deps.store.get("pods", pf.namespace, pf.pod) as StoredPod | undefined;
      const socket = pod ? this.socketOf(pod, pf.remotePort, "TCP") : undefined;
      if (!pod || !socket) return end("refused", "no-listener");
      steps.push(deliverStep(pod, "127.0.0.1", pf.remotePort, socket.container));
      return end("connected", undefined, { kind: "socket", pod, socket }, "127.0.0.1");
    }
    // A node's loopback: its hostNetwork pods and daemons, and NodePorts (iptables mode
    // accepts NodePorts on 127.0.0.1; nftables and ipvs do not).
    const node = this.addresses.node(from.node)!;
    if (this.deps.proxy.mode === "iptables") {
      const d = this.deps.proxy.interceptNodePort(port, protocol, {
        node: node.name,
        clientIP: "127.0.0.1",
        external: false,
        nowMs: this.now(),
      });
      if (d.kind === "reject") return end("refused", d.reason);
      if (d.kind === "drop") return end("timeout", d.reason);
      if (d.kind === "dnat") {
        steps.push({ step: "nat", kind: "dnat", from: `127.0.0.1:${port}`, to: `${d.endpoint.ip}:${d.endpoint.port}` });
        const owner = this.addresses.classify(d.endpoint.ip);
        if (owner.kind === "pod")
          return this.toPod(from, owner.pod, d.endpoint.ip, d.endpoint.port, protocol, node.ip, steps, end);
        return end("unreachable", "no-such-host");
      }
    }
    return this.toNode(node, port, protocol, "127.0.0.1", steps, end);
  }

  private toNode(
    node: NodeInfo,
    port: number,
    protocol: Protocol,
    seenIP: string,
    steps: TraceStep[],
    end: (o: ConnectOutcome, r: TraceReason | undefined, d?: Delivery, seen?: string) => Opened,
  ): Opened {
    for (const pod of this.addresses.hostNetworkPods(node.name)) {
      const socket = this.socketOf(pod, port, protocol);
      if (socket) {
        steps.push(deliverStep(pod, node.ip, port, socket.container));
        return end("connected", undefined, { kind: "socket", pod, socket }, seenIP);
      }
    }
    if (protocol === "TCP" && nodeDaemonPorts.includes(port)) {
      steps.push({ step: "deliver", ip: node.ip, port, node: node.name });
      return end("connected", undefined, { kind: "node-daemon", node: node.name, port }, seenIP);
    }
    return end("refused", "no-listener");
  }

  private toPod(
    from: Sender,
    pod: StoredPod,
    ip: string,
    port: number,
    protocol: Protocol,
    seenIP: string,
    steps: TraceStep[],
    end: (o: ConnectOutcome, r: TraceReason | undefined, d?: Delivery, seen?: string) => Opened,
  ): Opened {
    const target = policyPod(pod);
    if (this.egressDenied(from, { ip, pod: target }, port, protocol, steps)) return end("timeout", "policy-denied");
    if (this.options.cni === "kindnet") {
      // The source as the destination sees it: a masqueraded source is the node, not the pod.
      const peer: PolicyPeer =
        from.pod && seenIP === from.ip ? { ip: seenIP, pod: policyPod(from.pod) } : { ip: seenIP };
      const v = this.deps.policies.evaluate("ingress", target, peer, port, protocol);
      if (v.verdict !== "not-isolated")
        steps.push({
          step: "policy",
          direction: "ingress",
          pod: { namespace: pod.metadata.namespace ?? "", name: pod.metadata.name },
          verdict: v.verdict,
          policies: v.policies,
        });
      if (v.verdict === "denied") return end("timeout", "policy-denied");
    }
    const socket = this.socketOf(pod, port, protocol);
    if (!socket) return end("refused", "no-listener");
    steps.push(deliverStep(pod, ip, port, socket.container));
    return end("connected", undefined, { kind: "socket", pod, socket }, seenIP);
  }

  private egressDenied(from: Sender, peer: PolicyPeer, port: number, protocol: Protocol, steps: TraceStep[]): boolean {
    if (!from.pod || this.options.cni !== "kindnet" || from.pod.spec?.hostNetwork) return false;
    const v = this.deps.policies.evaluate("egress", policyPod(from.pod), peer, port, protocol);
    if (v.verdict !== "not-isolated")
      steps.push({
        step: "policy",
        direction: "egress",
        pod: { namespace: from.pod.metadata.namespace ?? "", name: from.pod.metadata.name },
        verdict: v.verdict,
        policies: v.policies,
      });
    return v.verdict === "denied";
  }

  private socketOf(pod: StoredPod, port: number, protocol: Protocol): ListeningSocket | undefined {
    for (const s of this.deps.runtime.listening(pod.metadata.uid))
      if (s.port === port && s.protocol === protocol) return s;
    return undefined;
  }

  // ---- exchanges on top of a connection --------------------------------------------------

  request(from: Sender, ip: string, port: number, req: HttpRequest, timeoutMs?: number): HttpAttempt {
    const opened = this.open(from, ip, port, "TCP", timeoutMs);
    const connect = opened.result;
    if (connect.outcome !== "connected" || !opened.delivery)
      return { ok: false, connect, elapsedMs: connect.elapsedMs };
    const d = opened.delivery;
    const nowMs = this.now();
    if (d.kind === "world") {
      return { ok: true, connect, response: this.deps.world.answer(d.ip, req, nowMs), elapsedMs: timing.externalRttMs };
    }
    if (d.kind === "node-daemon")
      return { ok: true, connect, response: goNotFound(nowMs), elapsedMs: timing.clusterRttMs };
    // A server that does not speak HTTP closes the connection: curl's "Empty reply from server".
    if (d.kind !== "socket" || !d.socket.http) return { ok: false, connect, elapsedMs: timing.clusterRttMs };
    let nestedMs = 0;
    const ctx = this.serverContext(d.pod, d.socket, opened.seenIP, connect.localPort, port, (ms) => {
      nestedMs += ms;
    });
    const response = d.socket.http(req, ctx);
    return { ok: true, connect, response, elapsedMs: timing.clusterRttMs + nestedMs };
  }

  udp(from: Sender, ip: string, port: number, payload: string, timeoutMs: number): UdpAttempt {
    const opened = this.open(from, ip, port, "UDP", timeoutMs);
    const trace = opened.result.trace;
    if (opened.result.outcome === "refused") return { ok: false, failure: "refused", trace, elapsedMs: 0 };
    if (opened.result.outcome === "unreachable")
      return { ok: false, failure: "unreachable", trace, elapsedMs: opened.result.elapsedMs };
    const d = opened.delivery;
    if (opened.result.outcome !== "connected" || d?.kind !== "socket" || !d.socket.udp)
      return { ok: false, failure: "timeout", trace, elapsedMs: timeoutMs };
    const ctx = this.serverContext(d.pod, d.socket, opened.seenIP, opened.result.localPort, port, () => {});
    const reply = d.socket.udp(payload, ctx);
    if (reply === undefined) return { ok: false, failure: "timeout", trace, elapsedMs: timeoutMs };
    return { ok: true, reply, trace, elapsedMs: timing.clusterRttMs };
  }

  /** One DNS question to `server` over UDP 53, through the same path as any datagram. */
  dnsExchange(from: Sender, server: string, question: DnsQuestion, timeoutMs: number): DnsExchange {
    const opened = this.open(from, server, 53, "UDP", timeoutMs);
    const outcome = opened.result.outcome;
    if (outcome === "refused") return { ok: false, failure: "refused", elapsedMs: 0 };
    if (outcome === "unreachable") return { ok: false, failure: "unreachable", elapsedMs: opened.result.elapsedMs };
    const d = opened.delivery;
    if (outcome === "connected" && d?.kind === "upstream-dns")
      return { ok: true, response: worldDnsAnswer(this.deps.world, question), elapsedMs: timing.externalRttMs };
    if (outcome === "connected" && d?.kind === "socket" && isCoreDns(d.socket))
      return { ok: true, response: this.deps.dns.serve(question), elapsedMs: 0 };
    return { ok: false, failure: "timeout", elapsedMs: timeoutMs };
  }

  ping(from: Sender, ip: string, timeoutMs: number): PingAttempt {
    const owner = this.addresses.classify(ip);
    // Service VIPs answer ICMP only where they are bound to an interface (kube-ipvs0).
    if (this.deps.proxy.isServiceAddress(ip) && owner.kind !== "node") {
      if (this.deps.proxy.mode === "ipvs" && from.node) return { ok: true, ttl: 64, rttMs: 0.05 };
      return { ok: false, failure: "timeout" };
    }
    switch (owner.kind) {
      case "loopback":
        return { ok: true, ttl: 64, rttMs: 0.03 };
      case "pod": {
        if (!from.node) return { ok: false, failure: "timeout" };
        // NetworkPolicy rules name TCP/UDP/SCTP ports; ICMP passes only a rule without ports.
        const peer = { ip, pod: policyPod(owner.pod) };
        if (this.egressDenied(from, peer, 0, "TCP", [])) return { ok: false, failure: "timeout" };
        if (this.options.cni === "kindnet") {
          const src: PolicyPeer = from.pod ? { ip: from.ip, pod: policyPod(from.pod) } : { ip: from.ip };
          if (this.deps.policies.evaluate("ingress", policyPod(owner.pod), src, 0, "TCP").verdict === "denied")
            return { ok: false, failure: "timeout" };
        }
        const sameNode = from.node === owner.node;
        return { ok: true, ttl: sameNode ? 64 : 62, rttMs: sameNode ? 0.06 : 0.1 };
      }
      case "pod-range":
        return from.node && owner.node ? { ok: false, failure: "unreachable" } : { ok: false, failure: "timeout" };
      case "node":
      case "workstation":
        return { ok: true, ttl: 64, rttMs: 0.08 };
      case "external":
        return from.pod && this.egressDenied(from, { ip }, 0, "TCP", [])
          ? { ok: false, failure: "timeout" }
          : { ok: true, ttl: 55, rttMs: 12 };
      default:
        void timeoutMs;
        return { ok: false, failure: "timeout" };
    }
  }

  // ---- servers ---------------------------------------------------------------------------

  private serverContext(
    pod: StoredPod,
    socket: ListeningSocket,
    remoteIP: string,
    remotePort: number,
    localPort: number,
    addElapsed: (ms: number) => void,
  ): ServerContext {
    const rt = this.deps.runtime;
    const uid = pod.metadata.uid;
    const container = socket.container;
    const podIP = pod.status?.podIP ?? "";
    return {
      nowMs: this.now(),
      hostname: pod.spec?.hostname ?? pod.metadata.name,
      podIP,
      namespace: pod.metadata.namespace ?? "",
      podName: pod.metadata.name,
      localPort,
      remoteIP,
      remotePort,
      env: rt.env(uid, container) ?? {},
      interfaceIPs: pod.spec?.hostNetwork ? ["127.0.0.1", podIP] : ["127.0.0.1", podIP],
      readFile: (path) => this.readContainerFile(pod, container, path),
      log: (stream, text) => rt.appendLog(uid, container, stream, text),
      state: rt.processState(uid, container),
      random: () => this.deps.random.float(),
      fetch: (url, init) => {
        const r = this.fetchFrom(
          { source: { kind: "pod", namespace: pod.metadata.namespace ?? "", pod: pod.metadata.name, container } },
          url,
          init,
        );
        addElapsed(r.elapsedMs);
        return r.result;
      },
    };
  }

  /** An HTTP request made by a server (or a probe) from inside a pod, resolving names through its resolv.conf. */
  fetchFrom(
    who: { source: Source },
    url: string,
    init: OutboundRequest = {},
  ): { result: OutboundResult; elapsedMs: number } {
    if (this.depth >= nestedRequestsMax)
      return { result: { ok: false, failure: "reset", message: "too many nested requests" }, elapsedMs: 0 };
    const s = this.sender(who.source);
    if (!s.ok) return { result: { ok: false, failure: "unreachable", message: s.message }, elapsedMs: 0 };
    const parsed = parseHttpUrl(url);
    if (!parsed) return { result: { ok: false, failure: "unresolved", message: `bad URL ${url}` }, elapsedMs: 0 };
    this.depth++;
    try {
      const r = this.resolve(s.sender, parsed.host);
      if (!r.ok)
        return {
          result: { ok: false, failure: "unresolved", message: `lookup ${parsed.host}: no such host` },
          elapsedMs: r.elapsedMs,
        };
      const headers = init.headers ?? [["Host", parsed.hostHeader]];
      const attempt = this.request(
        s.sender,
        r.addresses[0]!,
        parsed.port,
        { method: init.method ?? "GET", target: parsed.target, version: "HTTP/1.1", headers, body: init.body ?? "" },
        init.timeoutMs,
      );
      const elapsedMs = r.elapsedMs + attempt.elapsedMs;
      if (attempt.ok) return { result: { ok: true, response: attempt.response }, elapsedMs };
      const o = attempt.connect.outcome;
      const failure = o === "connected" ? "reset" : o;
      return { result: { ok: false, failure, message: failure }, elapsedMs };
    } finally {
      this.depth--;
    }
  }

  // ---- name resolution -------------------------------------------------------------------

  /** The sender's /etc/resolv.conf (stored pods are immutable, so it is kept per pod object). */
  resolvConfOf(from: Sender): ResolvConf {
    if (!from.pod) return from.node ? nodeResolvConf : workstationResolvConf;
    let conf = this.resolvConfs.get(from.pod);
    if (!conf) {
      conf = resolvConfFor(
        from.pod,
        { dnsServiceIP: this.options.dnsServiceIP, clusterDomain: this.options.clusterDomain },
        nodeResolvConf,
      );
      this.resolvConfs.set(from.pod, conf);
    }
    return conf;
  }

  /** The sender's /etc/hosts. */
  hostsOf(from: Sender): string {
    if (from.pod) {
      let hosts = this.etcHosts.get(from.pod);
      if (hosts === undefined) {
        hosts = renderEtcHosts(from.pod, this.options.clusterDomain);
        this.etcHosts.set(from.pod, hosts);
      }
      return hosts;
    }
    return `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${from.ip}\t${from.hostname}\n`;
  }

  /**
   * A file as a container sees it: the kubelet-managed /etc/hosts, /etc/resolv.conf and
   * /etc/hostname (bind-mounted over the image's), else the container's own filesystem.
   */
  readContainerFile(pod: StoredPod, container: string, path: string): string | undefined {
    if (path === "/etc/hosts") return renderEtcHosts(pod, this.options.clusterDomain);
    if (path === "/etc/hostname") return `${pod.spec?.hostname ?? pod.metadata.name}\n`;
    if (path === "/etc/resolv.conf")
      return renderResolvConf(
        resolvConfFor(
          pod,
          { dnsServiceIP: this.options.dnsServiceIP, clusterDomain: this.options.clusterDomain },
          nodeResolvConf,
        ),
      );
    return this.deps.runtime.readFile(pod.metadata.uid, container, path);
  }

  /** getaddrinfo(3) from the sender, every query travelling the data path. */
  resolve(from: Sender, name: string): ResolveResult {
    const key = `${from.pod?.metadata.uid ?? from.node ?? "-"}|${from.container ?? ""}|${name}`;
    const cached = this.resolutions.get(key);
    if (cached) return cached;
    const r = this.resolveUncached(from, name);
    if (this.resolutions.size >= 4096) this.resolutions.clear();
    this.resolutions.set(key, r);
    return r;
  }

  private resolveUncached(from: Sender, name: string): ResolveResult {
    const resolvConf = this.resolvConfOf(from);
    return stubResolve(name, {
      resolvConf,
      hosts: this.hostsOf(from),
      exchange: (server, q, timeoutMs) =>
        this.atOffset(this.offsetMs, () => this.dnsExchange(from, server, q, timeoutMs)),
    });
  }

  save(): NetworkState {
    return {
      ephemeralPort: this.ephemeralPort,
      portForwards: [...this.portForwards.values()].sort((a, b) => a.localPort - b.localPort),
    };
  }

  load(state: NetworkState): void {
    this.ephemeralPort = state.ephemeralPort;
    this.portForwards = new Map(state.portForwards.map((p) => [p.localPort, p]));
    this.rebuild();
  }
}

function isCoreDns(socket: ListeningSocket): boolean {
  return socket.port === 53 && socket.repository.endsWith("/coredns/coredns");
}

function routeStep(owner: AddressOwner, ip: string): TraceStep {
  switch (owner.kind) {
    case "pod":
      return { step: "route", target: "pod", ip, detail: `${owner.pod.metadata.namespace}/${owner.pod.metadata.name}` };
    case "node":
      return { step: "route", target: "node", ip, detail: owner.node.name };
    case "service-range":
      return { step: "route", target: "service", ip };
    case "pod-range":
      return { step: "route", target: "nothing", ip, ...(owner.node ? { detail: owner.node.name } : {}) };
    case "loopback":
      return { step: "route", target: "loopback", ip };
    case "workstation":
      return { step: "route", target: "workstation", ip };
    case "external":
      return { step: "route", target: "external", ip };
    case "nothing":
      return { step: "route", target: "nothing", ip };
  }
}

function deliverStep(pod: StoredPod, ip: string, port: number, container: string): TraceStep {
  return {
    step: "deliver",
    ip,
    port,
    pod: { namespace: pod.metadata.namespace ?? "", name: pod.metadata.name },
    container,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
  };
}

/** Pods in the data path always have an IP (they were found by it). */
function policyPod(pod: StoredPod): PolicyPod {
  return (
    policyPodOf(pod) ?? {
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name,
      labels: {},
      ip: "",
      ports: [],
    }
  );
}

/** What the kubelet's port 10250 says to a plain request (Go's default 404). */
function goNotFound(nowMs: number): HttpResponse {
  const body = "404 page not found\n";
  return {
    version: "HTTP/1.1",
    status: 404,
    reason: "Not Found",
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["X-Content-Type-Options", "nosniff"],
      ["Date", formatHttpDate(nowMs)],
      ["Content-Length", String(body.length)],
    ],
    body,
  };
}

/** An http(s) URL, or a bare `host[:port][/path]` as curl and wget accept it. */
export function parseHttpUrl(
  url: string,
): { host: string; port: number; target: string; hostHeader: string; scheme: "http" | "https" } | undefined {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (schemeMatch && !/^https?$/i.test(schemeMatch[1]!)) return undefined;
  const scheme = (schemeMatch?.[1]?.toLowerCase() ?? "http") as "http" | "https";
  const rest = schemeMatch ? url.slice(schemeMatch[0].length) : url;
  const m = /^([^/:?#]+)(?::(\d+))?([^#]*)/.exec(rest);
  if (!m?.[1]) return undefined;
  const port = m[2] ? Number(m[2]) : scheme === "https" ? 443 : 80;
  if (!(port > 0 && port < 65536)) return undefined;
  const path = m[3] ?? "";
  const target = path.startsWith("/") ? path : `/${path}`;
  return { host: m[1], port, target, hostHeader: m[2] ? `${m[1]}:${m[2]}` : m[1], scheme };
}
