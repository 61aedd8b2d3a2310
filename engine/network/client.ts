/**
 * What a client tool (curl, wget, nslookup, ping, nc …) may do on the network, from where
 * it runs. The network layer implements it for a container, a node or the workstation;
 * tools in engine/tools/ only see this interface, so they can be tested against a fake.
 *
 * Time: every call takes virtual time (a refused connect ~0 ms, a drop the whole timeout)
 * and advances `nowMs`; the caller (the shell) moves the cluster's clock by `elapsedMs`
 * when the tool returns.
 */
import type { DnsExchange, DnsQuestion, ResolvConf, ResolveOutcome } from "../dns/types.ts";
import type { HttpRequest, HttpResponse } from "../images/http.ts";
import type { ConnectionTrace, Protocol } from "./types.ts";

/** getaddrinfo's result; defined with the resolver in dns/ (below this layer). */
export type ResolveResult = ResolveOutcome;

export interface ConnectResult {
  readonly outcome: ConnectionTrace["outcome"];
  readonly trace: ConnectionTrace;
  readonly elapsedMs: number;
  /** The local port the kernel picked (deterministic), for `-v` output. */
  readonly localPort: number;
}

/** `elapsedMs` is the whole attempt: connecting and, when connected, the exchange. */
export type HttpAttempt =
  | { readonly ok: true; readonly connect: ConnectResult; readonly response: HttpResponse; readonly elapsedMs: number }
  | { readonly ok: false; readonly connect: ConnectResult; readonly elapsedMs: number };

export type UdpAttempt =
  | { readonly ok: true; readonly reply: string; readonly trace: ConnectionTrace; readonly elapsedMs: number }
  | {
      readonly ok: false;
      /** refused: ICMP port unreachable came back; timeout: nothing came back. */
      readonly failure: "refused" | "timeout" | "unreachable";
      readonly trace: ConnectionTrace;
      readonly elapsedMs: number;
    };

export type PingAttempt =
  | { readonly ok: true; readonly ttl: number; readonly rttMs: number }
  | { readonly ok: false; readonly failure: "timeout" | "unreachable" };

export interface NetworkClient {
  /** The sender's hostname (pod hostname, node name, or the workstation's). */
  readonly hostname: string;
  /** The sender's primary IP. */
  readonly localIP: string;
  /** The sender's /etc/resolv.conf. */
  readonly resolvConf: ResolvConf;
  /** Virtual time now, including what this tool has waited so far. */
  readonly nowMs: number;
  /** Virtual milliseconds this client has spent since it was made. */
  readonly elapsedMs: number;
  /** Let virtual time pass (ping's interval, sleep between tries). */
  wait(ms: number): void;
  /** getaddrinfo(3) with the sender's resolv.conf: search list, ndots, CNAMEs followed; IPv4 only in this simulation. */
  resolve(name: string): ResolveResult;
  /** One question to one server over UDP port 53 (nslookup, dig). */
  query(server: string, question: DnsQuestion, opts?: { readonly timeoutMs?: number }): DnsExchange;
  /** A TCP (or UDP "connect") attempt; timeoutMs undefined means the kernel's own SYN timeout. */
  connect(ip: string, port: number, protocol: Protocol, opts?: { readonly timeoutMs?: number }): ConnectResult;
  /** Connect, send one request, read the response (no keep-alive). */
  request(ip: string, port: number, request: HttpRequest, opts?: { readonly timeoutMs?: number }): HttpAttempt;
  /** One datagram and its answer, if any, within timeoutMs. */
  udp(ip: string, port: number, payload: string, opts: { readonly timeoutMs: number }): UdpAttempt;
  /** One ICMP echo request. */
  ping(ip: string, opts: { readonly timeoutMs: number }): PingAttempt;
  /** The sender's filesystem (curl -o, wget saving index.html). */
  readFile(path: string): string | undefined;
  writeFile(path: string, content: string): { readonly ok: true } | { readonly ok: false; readonly message: string };
}
