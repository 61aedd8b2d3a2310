/**
 * `NetworkClient` for one sender: the handle a client tool gets. It keeps the virtual time
 * the tool has spent (`elapsedMs`) and runs every operation at `clock + elapsed`, so a
 * tool that waits (ping's interval, a timed-out SYN) sees time move, while the cluster's
 * clock moves only when the shell advances it by the tool's elapsed time.
 */
import type { VirtualClock } from "../core/clock.ts";
import type { DnsExchange, DnsQuestion, ResolvConf } from "../dns/types.ts";
import type { HttpRequest } from "../images/http.ts";
import type { ConnectResult, HttpAttempt, NetworkClient, PingAttempt, ResolveResult, UdpAttempt } from "./client.ts";
import type { Network, Sender } from "./network.ts";
import type { ContainerRuntime } from "./runtime.ts";
import type { ConnectionTrace, Protocol } from "./types.ts";

/** A host (node or workstation) has no container filesystem; tools writing files there keep them per client. */
export class SenderClient implements NetworkClient {
  private readonly net: Network;
  private readonly from: Sender;
  private readonly clock: VirtualClock;
  private readonly runtime: ContainerRuntime;
  private spentMs = 0;
  private readonly scratch = new Map<string, string>();
  private readonly onTrace: (t: ConnectionTrace) => void;

  constructor(
    net: Network,
    from: Sender,
    clock: VirtualClock,
    runtime: ContainerRuntime,
    onTrace: (t: ConnectionTrace) => void = () => {},
  ) {
    this.net = net;
    this.from = from;
    this.clock = clock;
    this.runtime = runtime;
    this.onTrace = onTrace;
  }

  get hostname(): string {
    return this.from.hostname;
  }

  get localIP(): string {
    return this.from.ip;
  }

  get resolvConf(): ResolvConf {
    return this.net.resolvConfOf(this.from);
  }

  get nowMs(): number {
    return this.clock.nowMs + this.spentMs;
  }

  get elapsedMs(): number {
    return this.spentMs;
  }

  wait(ms: number): void {
    if (ms > 0 && Number.isFinite(ms)) this.spentMs += ms;
  }

  private timed<T extends { readonly elapsedMs: number }>(run: () => T): T {
    const r = this.net.atOffset(this.spentMs, run);
    this.spentMs += r.elapsedMs;
    return r;
  }

  resolve(name: string): ResolveResult {
    return this.timed(() => this.net.resolve(this.from, name));
  }

  query(server: string, question: DnsQuestion, opts: { readonly timeoutMs?: number } = {}): DnsExchange {
    const timeoutMs = opts.timeoutMs ?? this.resolvConf.options.timeoutSeconds * 1000;
    return this.timed(() => this.net.dnsExchange(this.from, server, question, timeoutMs));
  }

  connect(ip: string, port: number, protocol: Protocol, opts: { readonly timeoutMs?: number } = {}): ConnectResult {
    const r = this.timed(() => this.net.connect(this.from, ip, port, protocol, opts.timeoutMs));
    this.onTrace(r.trace);
    return r;
  }

  request(ip: string, port: number, request: HttpRequest, opts: { readonly timeoutMs?: number } = {}): HttpAttempt {
    const r = this.timed(() => this.net.request(this.from, ip, port, request, opts.timeoutMs));
    this.onTrace(r.connect.trace);
    return r;
  }

  udp(ip: string, port: number, payload: string, opts: { readonly timeoutMs: number }): UdpAttempt {
    const r = this.timed(() => this.net.udp(this.from, ip, port, payload, opts.timeoutMs));
    this.onTrace(r.trace);
    return r;
  }

  ping(ip: string, opts: { readonly timeoutMs: number }): PingAttempt {
    const r = this.net.atOffset(this.spentMs, () => this.net.ping(this.from, ip, opts.timeoutMs));
    this.spentMs += r.ok ? r.rttMs : r.failure === "unreachable" ? Math.min(opts.timeoutMs, 3000) : opts.timeoutMs;
    return r;
  }

  readFile(path: string): string | undefined {
    if (this.from.pod && this.from.container)
      return this.net.readContainerFile(this.from.pod, this.from.container, path);
    return this.scratch.get(path);
  }

  writeFile(path: string, content: string): { readonly ok: true } | { readonly ok: false; readonly message: string } {
    if (this.from.pod && this.from.container)
      return this.runtime.writeFile(this.from.pod.metadata.uid, this.from.container, path, content);
    this.scratch.set(path, content);
    return { ok: true };
  }
}
