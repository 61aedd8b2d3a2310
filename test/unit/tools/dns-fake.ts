/**
 * A small world for the DNS tests: a real ObjectStore that CoreDNS follows, an upstream
 * resolver that knows a few outside names, and a `NetworkClient` that sends queries to
 * CoreDNS (at the kube-dns address) or lets them time out. Only what the DNS tools use is
 * implemented; the rest throws.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../../engine/api/object.ts";
import { resourceForKind } from "../../../engine/api/resources.ts";
import { VirtualClock } from "../../../engine/core/clock.ts";
import { RandomStream } from "../../../engine/core/random.ts";
import { CoreDns } from "../../../engine/dns/coredns.ts";
import { renderEtcHosts, resolvConfFor } from "../../../engine/dns/resolvconf.ts";
import { stubResolve } from "../../../engine/dns/resolver.ts";
import type { DnsExchange, DnsQuestion, DnsResponse, ResolvConf } from "../../../engine/dns/types.ts";
import type { NetworkClient, ResolveResult } from "../../../engine/network/client.ts";
import { ObjectStore } from "../../../engine/store/store.ts";
import type { Tool, ToolResult } from "../../../engine/tools/types.ts";

export const dnsIP = "10.96.0.10";
/** 2024-01-01T00:00:00Z, a Monday. */
export const startMs = Date.UTC(2024, 0, 1, 0, 0, 0);

/** The outside world as docker's resolver knows it. */
const outside: Readonly<Record<string, string>> = {
  "example.com.": "93.184.215.14",
  "raw.githubusercontent.com.": "185.199.108.133",
};

export function upstreamAnswer(q: DnsQuestion): DnsResponse {
  const base = { question: q, authoritative: false, recursionAvailable: true, authority: [], additional: [] };
  const ip = outside[q.name];
  if (q.type === "PTR" && q.name === "14.215.184.93.in-addr.arpa.")
    return { ...base, rcode: "NOERROR", answers: [{ name: q.name, ttl: 30, type: "PTR", data: "example.com." }] };
  if (!ip) {
    const soa = {
      name: ".",
      ttl: 86400,
      type: "SOA" as const,
      data: "a.root-servers.net. nstld.verisign-grs.com. 2025090100 1800 900 604800 86400",
    };
    return { ...base, rcode: "NXDOMAIN", answers: [], authority: [soa] };
  }
  if (q.type !== "A") return { ...base, rcode: "NOERROR", answers: [] };
  return { ...base, rcode: "NOERROR", answers: [{ name: q.name, ttl: 30, type: "A", data: ip }] };
}

export interface DnsWorld {
  readonly clock: VirtualClock;
  readonly store: ObjectStore;
  readonly dns: CoreDns;
  create(obj: Record<string, unknown>): StoredObject;
  update(obj: StoredObject): StoredObject;
  remove(kind: string, name: string, namespace?: string): void;
}

/** A store with the usual namespaces and CoreDNS following it. */
export function dnsWorld(seed = 7): DnsWorld {
  const clock = new VirtualClock(startMs);
  const store = new ObjectStore({ clock, names: new RandomStream(1), uids: new RandomStream(2) });
  const shuffle = new RandomStream(seed);
  const dns = new CoreDns(
    store,
    { zone: "cluster.local", ttl: 30, random: () => shuffle.float(), nowMs: () => clock.nowMs },
    upstreamAnswer,
  );
  store.watch((e) => dns.observe(e));
  const create = (obj: Record<string, unknown>): StoredObject => {
    const r = store.create(resourceForKind(obj.kind as string)!, obj);
    if (!r.ok) throw new Error(r.status.message);
    return r.value;
  };
  for (const name of ["default", "kube-system", "shop"])
    create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  return {
    clock,
    store,
    dns,
    create,
    update: (obj) => {
      const r = store.update(resourceForKind(obj.kind)!, obj);
      if (!r.ok) throw new Error(r.status.message);
      return r.value;
    },
    remove: (kind, name, namespace) => {
      const r = store.delete(resourceForKind(kind)!, namespace, name);
      if (!r.ok) throw new Error(r.status.message);
    },
  };
}

export function service(name: string, spec: Record<string, unknown>, namespace = "default"): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec };
}

export interface EndpointSpec {
  readonly ip: string;
  readonly ready?: boolean;
  readonly hostname?: string;
}

export function slice(
  service: string,
  endpoints: readonly EndpointSpec[],
  ports: readonly { name?: string; port: number; protocol?: string }[],
  opts: { namespace?: string; name?: string } = {},
): Record<string, unknown> {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: opts.name ?? `${service}-abcde`,
      namespace: opts.namespace ?? "default",
      labels: { "kubernetes.io/service-name": service },
    },
    addressType: "IPv4",
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: e.ready === undefined ? {} : { ready: e.ready },
      ...(e.hostname ? { hostname: e.hostname } : {}),
    })),
    ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP" })),
  };
}

/** The objects every kind cluster has: kube-dns and kubernetes. */
export function systemServices(w: DnsWorld): void {
  w.create(
    service(
      "kube-dns",
      {
        clusterIP: dnsIP,
        clusterIPs: [dnsIP],
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
          { name: "metrics", port: 9153, protocol: "TCP" },
        ],
      },
      "kube-system",
    ),
  );
  w.create(
    slice(
      "kube-dns",
      [{ ip: "10.244.0.2" }, { ip: "10.244.0.3" }],
      [
        { name: "dns-tcp", port: 53 },
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "metrics", port: 9153 },
      ],
      { namespace: "kube-system", name: "kube-dns-x7k2p" },
    ),
  );
  w.create(
    service("kubernetes", {
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      ports: [{ name: "https", port: 443, protocol: "TCP" }],
    }),
  );
}

export interface FakeNetOptions {
  /** Servers that never answer. */
  readonly silent?: readonly string[];
  /** Servers whose port answers with ICMP port unreachable. */
  readonly refusing?: readonly string[];
  readonly resolvConf?: ResolvConf;
  readonly hosts?: string;
  readonly hostname?: string;
}

/** A pod in `namespace` with the default dnsPolicy, as the kubelet would configure it. */
export function podResolvConf(namespace = "default", spec: Pod["spec"] = { containers: [] }): ResolvConf {
  return resolvConfFor(
    { metadata: { name: "client", namespace }, spec },
    { dnsServiceIP: dnsIP, clusterDomain: "cluster.local" },
    { nameservers: ["172.18.0.1"], search: [], options: { ndots: 1, timeoutSeconds: 5, attempts: 2 } },
  );
}

/** The sender's side: time passes only through its own calls. */
export class FakeNet implements NetworkClient {
  readonly hostname: string;
  readonly localIP = "10.244.1.5";
  readonly resolvConf: ResolvConf;
  private readonly world: DnsWorld;
  private readonly opts: FakeNetOptions;
  private spentMs = 0;
  /** Every question sent, in order: `server name type`. */
  readonly sent: string[] = [];

  constructor(world: DnsWorld, opts: FakeNetOptions = {}) {
    this.world = world;
    this.opts = opts;
    this.resolvConf = opts.resolvConf ?? podResolvConf();
    this.hostname = opts.hostname ?? "client";
  }

  get nowMs(): number {
    return this.world.clock.nowMs + this.spentMs;
  }

  get elapsedMs(): number {
    return this.spentMs;
  }

  wait(ms: number): void {
    this.spentMs += ms;
  }

  resolve(name: string): ResolveResult {
    return stubResolve(name, {
      resolvConf: this.resolvConf,
      hosts: this.hosts(),
      exchange: (server, q, timeoutMs) => this.query(server, q, { timeoutMs }),
    });
  }

  query(server: string, question: DnsQuestion, opts: { readonly timeoutMs?: number } = {}): DnsExchange {
    const timeoutMs = opts.timeoutMs ?? this.resolvConf.options.timeoutSeconds * 1000;
    this.sent.push(`${server} ${question.name} ${question.type}`);
    if (this.opts.silent?.includes(server)) {
      this.spentMs += timeoutMs;
      return { ok: false, failure: "timeout", elapsedMs: timeoutMs };
    }
    if (this.opts.refusing?.includes(server)) return { ok: false, failure: "refused", elapsedMs: 0 };
    const response = server === dnsIP ? this.world.dns.serve(question) : upstreamAnswer(question);
    return { ok: true, response, elapsedMs: 0 };
  }

  readFile(path: string): string | undefined {
    return path === "/etc/hosts" ? this.hosts() : undefined;
  }

  private hosts(): string {
    return (
      this.opts.hosts ??
      renderEtcHosts(
        { metadata: { name: this.hostname, namespace: "default" }, status: { podIP: this.localIP } },
        "cluster.local",
      )
    );
  }

  connect(): never {
    throw new Error("not used by the DNS tools");
  }
  request(): never {
    throw new Error("not used by the DNS tools");
  }
  udp(): never {
    throw new Error("not used by the DNS tools");
  }
  ping(): never {
    throw new Error("not used by the DNS tools");
  }
  writeFile(): never {
    throw new Error("not used by the DNS tools");
  }
}

/** Run a tool the way the shell does: argv[0] is the command name. */
export function run(tool: Tool, net: FakeNet, command: string, stdin = ""): ToolResult {
  return tool(command.split(" "), { stdin, env: {}, net, budgetMs: 60_000 });
}
