/**
 * CoreDNS as kind runs it: the kubeadm Corefile's `kubernetes cluster.local in-addr.arpa
 * ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`, then `forward .
 * /etc/resolv.conf` (the `upstream` callback) and `loadbalance`.
 *
 * Followed closely (coredns/coredns at 4b26cce):
 * - plugin/kubernetes/handler.go — which lookup each query type runs, NXDOMAIN vs NODATA,
 *   the AA bit, fallthrough of reverse names the cluster does not know;
 * - plugin/kubernetes/kubernetes.go — `Services`, `Records`, `findServices`, `findPods`,
 *   `endpointHostname`, `Serial`, `MinTTL`; parse.go — how a name splits into
 *   port/protocol/endpoint/service/namespace; reverse.go — PTR for ClusterIPs, then endpoints;
 * - plugin/backend_lookup.go — A/AAAA (CNAME chasing for ExternalName), SRV (weights,
 *   additional section), PTR, NS, SOA, TXT;
 * - plugin/kubernetes/object/{service,endpoint}.go — what is kept of a Service and of an
 *   EndpointSlice (ready endpoints only; a sentinel port -1 when there are no ports);
 * - plugin/kubernetes/controller.go — which watch events move the SOA serial;
 * - plugin/loadbalance/loadbalance.go — the shuffle of every successful response.
 *
 * Indexes are kept incrementally from watch events (Service, EndpointSlice, Namespace), so a
 * query costs O(records in the answer), never a scan of all Services.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { StoredObject } from "../api/object.ts";
import { parseIPv4 } from "../core/ip.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { DnsQuestion, DnsRecord, DnsResponse, DnsType } from "./types.ts";

export interface CoreDnsOptions {
  /** The cluster domain, `cluster.local` (with or without the final dot). */
  readonly zone: string;
  /** The Corefile's `ttl 30`. */
  readonly ttl: number;
  /** Draws in [0, 1) for `loadbalance` (a seeded stream: same seed, same order). */
  readonly random: () => number;
  /**
   * Virtual time in ms, for the SOA serial: CoreDNS uses the Unix second of the last change
   * it saw (controller.go `updateModified`). Without it the serial stays 0.
   */
  readonly nowMs?: () => number;
}

/** The schema version k/dns specification.md describes; kubernetes.go `DNSSchemaVersion`. */
export const dnsSchemaVersion = "1.1.0";
/** kubernetes.go serves `dns-version` with this TTL, whatever `ttl` says. */
const dnsVersionTtl = 28800;
/** backend_lookup.go `maxCnameChainLength`. */
const cnameChainMax = 10;
/** The reverse zones of the kubeadm Corefile, also in its `fallthrough` list. */
const reverseZones = ["in-addr.arpa.", "ip6.arpa."] as const;

/** What CoreDNS keeps of a Service (object/service.go `ToService`). */
interface ServiceEntry {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** `spec.clusterIPs`, or `[spec.clusterIP]`; `["None"]` for headless, `[""]` for ExternalName. */
  readonly clusterIPs: readonly string[];
  readonly externalName: string;
  /** Ports; a sentinel `{ port: -1 }` when the Service has none. */
  readonly ports: readonly PortEntry[];
}

interface PortEntry {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

/** What CoreDNS keeps of an EndpointSlice (object/endpoint.go `EndpointSliceToEndpoints`). */
interface SliceEntry {
  readonly key: string;
  /** `<namespace>/<service>` from the `kubernetes.io/service-name` label. */
  readonly service: string;
  readonly namespace: string;
  readonly serviceName: string;
  /** Ready addresses only (`ready` true or unset), in slice order. */
  readonly addresses: readonly { readonly ip: string; readonly hostname: string }[];
  readonly ports: readonly PortEntry[];
}

/** A `msg.Service` of CoreDNS: one candidate answer before it becomes a record. */
interface Candidate {
  /** An address, or a name (ExternalName's target) that becomes a CNAME. */
  readonly host: string;
  readonly port: number;
  readonly ttl: number;
  /** The name an SRV record targets: `web.default.svc.cluster.local.` or `<endpoint>.web…`. */
  readonly target: string;
  readonly text?: string;
}

/** A name that does not exist (kubernetes.go `errNoItems`, `errNsNotExposed`, `errInvalidRequest`). */
const nameError = Symbol("name error");
type Found = readonly Candidate[] | typeof nameError;

interface RecordRequest {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  podOrSvc: string;
}

export class CoreDns {
  private readonly store: ObjectStore;
  private readonly zone: string;
  private readonly ttl: number;
  private readonly random: () => number;
  private readonly nowMs: () => number;
  private readonly upstream: (q: DnsQuestion) => DnsResponse;

  private namespaces = new Set<string>();
  private services = new Map<string, ServiceEntry>();
  private serviceByIP = new Map<string, string>();
  private slices = new Map<string, SliceEntry>();
  private slicesByService = new Map<string, Set<string>>();
  private slicesByIP = new Map<string, Set<string>>();
  /** Unix seconds of the last change that matters to DNS (the SOA serial). */
  private modified = 0;

  constructor(store: ObjectStore, opts: CoreDnsOptions, upstream: (q: DnsQuestion) => DnsResponse) {
    this.store = store;
    this.zone = fqdn(opts.zone.toLowerCase());
    this.ttl = opts.ttl;
    this.random = opts.random;
    this.nowMs = opts.nowMs ?? (() => 0);
    this.upstream = upstream;
    this.rebuild();
  }

  /** Feed every watch event; kinds other than Namespace, Service and EndpointSlice are ignored. */
  observe(e: WatchEvent): void {
    switch (e.resource.kind) {
      case "Namespace":
        if (e.type === "DELETED") this.namespaces.delete(e.object.metadata.name);
        else this.namespaces.add(e.object.metadata.name);
        return;
      case "Service":
        this.observeService(e);
        return;
      case "EndpointSlice":
        this.observeSlice(e);
        return;
      default:
        // Pods: with `pods insecure` CoreDNS runs no pod informer (kubernetes.go sets
        // `initPodCache` only for `pods verified`), so pod changes never reach it.
        return;
    }
  }

  /** Forget everything and read the store again (after a snapshot is restored); as a restart, it moves the serial. */
  rebuild(): void {
    this.namespaces = new Set();
    this.services = new Map();
    this.serviceByIP = new Map();
    this.slices = new Map();
    this.slicesByService = new Map();
    this.slicesByIP = new Map();
    for (const ns of this.store.list("namespaces")) this.namespaces.add(ns.metadata.name);
    for (const svc of this.store.list("services")) this.putService(toServiceEntry(svc));
    for (const slice of this.store.list("endpointslices")) {
      const entry = toSliceEntry(slice);
      if (entry) this.putSlice(entry);
    }
    this.touch();
  }

  /** Answer one question, as the Corefile's plugin chain does. */
  serve(question: DnsQuestion): DnsResponse {
    const q: DnsQuestion = { name: fqdn(question.name.toLowerCase()), type: question.type };
    const zone = this.zoneOf(q.name);
    if (zone === undefined) return this.loadbalance(this.forward(q));
    const result = this.answer(q, zone);
    if (result === nameError) {
      // `fallthrough in-addr.arpa ip6.arpa`: reverse names the cluster does not know go on to `forward`.
      if (zone !== this.zone) return this.loadbalance(this.forward(q));
      return this.reply(q, "NXDOMAIN", [], [this.soa(zone)], []);
    }
    if (result.answers.length === 0) return this.reply(q, "NOERROR", [], [this.soa(zone)], []);
    return this.loadbalance(this.reply(q, "NOERROR", result.answers, [], result.extra));
  }

  // ---- watch events -----------------------------------------------------------------------

  private observeService(e: WatchEvent): void {
    const key = objectKeyOf(e.object);
    const old = this.services.get(key);
    if (old) this.dropService(old);
    if (e.type === "DELETED") {
      this.touch();
      return;
    }
    const entry = toServiceEntry(e.object);
    this.putService(entry);
    // controller.go `serviceModified`: an update moves the serial only when the
    // ExternalName or a port's name, number or protocol changes.
    if (!old || serviceChanged(old, entry)) this.touch();
  }

  private observeSlice(e: WatchEvent): void {
    const key = objectKeyOf(e.object);
    const old = this.slices.get(key);
    if (old) this.dropSlice(old);
    if (e.type === "DELETED") {
      this.touch();
      return;
    }
    const entry = toSliceEntry(e.object);
    if (entry) this.putSlice(entry);
    // controller.go `endpointsEquivalent`: on an update only ready addresses, hostnames and
    // ports count; an added slice always moves the serial.
    const changed = old && entry ? sliceChanged(old, entry) : old !== entry;
    if (e.type === "ADDED" || changed) this.touch();
  }

  private putService(s: ServiceEntry): void {
    const key = `${s.namespace}/${s.name}`;
    this.services.set(key, s);
    for (const ip of s.clusterIPs) if (isIP(ip)) this.serviceByIP.set(ip, key);
  }

  private dropService(s: ServiceEntry): void {
    const key = `${s.namespace}/${s.name}`;
    this.services.delete(key);
    for (const ip of s.clusterIPs) if (this.serviceByIP.get(ip) === key) this.serviceByIP.delete(ip);
  }

  private putSlice(s: SliceEntry): void {
    this.slices.set(s.key, s);
    addTo(this.slicesByService, s.service, s.key);
    for (const a of s.addresses) addTo(this.slicesByIP, a.ip, s.key);
  }

  private dropSlice(s: SliceEntry): void {
    this.slices.delete(s.key);
    removeFrom(this.slicesByService, s.service, s.key);
    for (const a of s.addresses) removeFrom(this.slicesByIP, a.ip, s.key);
  }

  private touch(): void {
    this.modified = Math.floor(this.nowMs() / 1000);
  }

  // ---- the kubernetes plugin ---------------------------------------------------------------

  /** handler.go ServeDNS: records and extra for one question, or a name error. */
  private answer(
    q: DnsQuestion,
    zone: string,
  ): { answers: readonly DnsRecord[]; extra: readonly DnsRecord[] } | typeof nameError {
    const none: readonly DnsRecord[] = [];
    switch (q.type) {
      case "A":
      case "AAAA": {
        const r = this.addressRecords(q.name, q.type, zone, []);
        return r === nameError ? r : { answers: r, extra: none };
      }
      case "TXT": {
        const found = this.candidates(q.name, "TXT", zone);
        if (found === nameError) return found;
        const answers = found.map((c) => record(q.name, c.ttl, "TXT", `"${c.text ?? ""}"`));
        return { answers, extra: none };
      }
      case "CNAME": {
        const found = this.candidates(q.name, "CNAME", zone);
        if (found === nameError) return found;
        const first = found[0];
        const answers = first && !isIP(first.host) ? [record(q.name, first.ttl, "CNAME", fqdn(first.host))] : none;
        return { answers, extra: none };
      }
      case "PTR":
        return this.pointerRecords(q.name, zone);
      case "MX": {
        // Nothing in Kubernetes is a mail exchanger: the name's existence is all that is decided.
        const found = this.candidates(q.name, "MX", zone);
        return found === nameError ? found : { answers: none, extra: none };
      }
      case "SRV":
        return this.serviceRecords(q.name, zone);
      case "SOA":
        return { answers: q.name === zone ? [this.soa(zone)] : none, extra: none };
      case "NS":
        if (q.name === zone) return this.nameServerRecords(zone);
        return this.existence(q.name, zone);
      default:
        // "Do a fake A lookup, so we can distinguish between NODATA and NXDOMAIN" (handler.go).
        return this.existence(q.name, zone);
    }
  }

  private existence(name: string, zone: string): { answers: readonly DnsRecord[]; extra: [] } | typeof nameError {
    const r = this.addressRecords(name, "A", zone, []);
    return r === nameError ? r : { answers: [], extra: [] };
  }

  /** backend_lookup.go A / AAAA: addresses, or the CNAME of an ExternalName followed to its addresses. */
  private addressRecords(
    name: string,
    type: "A" | "AAAA",
    zone: string,
    previous: readonly DnsRecord[],
  ): readonly DnsRecord[] | typeof nameError {
    // checkForApex: the zone itself has no address (`apex.dns.<zone>` never exists here).
    const found = name === zone ? [] : this.candidates(name, type, zone);
    if (found === nameError) return found;
    const records: DnsRecord[] = [];
    const seen = new Set<string>();
    for (const c of found) {
      const kind = hostType(c.host);
      if (kind === "name") {
        const target = fqdn(c.host.toLowerCase());
        if (target === name || previous.length > cnameChainMax) continue;
        const cname = record(name, c.ttl, "CNAME", target);
        if (previous.some((p) => p.type === "CNAME" && p.name === cname.name && p.data === cname.data)) continue;
        if (isSubdomain(target, zone)) {
          const next = this.addressRecords(target, type, zone, [...previous, cname]);
          if (next !== nameError && next.length > 0) records.push(cname, ...next);
          continue;
        }
        // The target is outside the cluster: CoreDNS asks its upstream and appends whatever
        // comes back, even nothing (an NXDOMAIN upstream leaves the CNAME alone).
        records.push(cname, ...this.forward({ name: target, type }).answers);
        continue;
      }
      if (kind !== type || seen.has(c.host)) continue;
      seen.add(c.host);
      records.push(record(name, c.ttl, type, c.host));
    }
    return records;
  }

  /** backend_lookup.go SRV: one per (target, port), weight floor(100/n), addresses in the additional section. */
  private serviceRecords(
    name: string,
    zone: string,
  ): { answers: readonly DnsRecord[]; extra: readonly DnsRecord[] } | typeof nameError {
    const found = this.candidates(name, "SRV", zone);
    if (found === nameError) return found;
    // Every candidate counts toward n, the port -1 sentinels included (as upstream does).
    const weight = Math.max(1, Math.floor(100 / Math.max(1, found.length)));
    const answers: DnsRecord[] = [];
    const extra: DnsRecord[] = [];
    const seen = new Set<string>();
    for (const c of found) {
      if (c.port === -1) continue;
      const kind = hostType(c.host);
      if (kind === "name") continue;
      const srvKey = `${c.target} ${c.port}`;
      if (!seen.has(srvKey)) {
        seen.add(srvKey);
        answers.push(record(name, c.ttl, "SRV", `0 ${weight} ${c.port} ${c.target}`));
      }
      const addrKey = `${c.target} @${c.host}`;
      if (!seen.has(addrKey)) {
        seen.add(addrKey);
        extra.push(record(c.target, c.ttl, kind, c.host));
      }
    }
    return { answers, extra };
  }

  /** reverse.go + backend_lookup.go PTR: a ClusterIP's Service name, else every endpoint name with that IP. */
  private pointerRecords(
    name: string,
    zone: string,
  ): { answers: readonly DnsRecord[]; extra: readonly DnsRecord[] } | typeof nameError {
    const ip = addressFromReverse(name);
    if (ip === undefined) {
      const found = this.records(name, zone);
      return found === nameError ? found : { answers: [], extra: [] };
    }
    const hosts: string[] = [];
    const svcKey = this.serviceByIP.get(ip);
    const svc = svcKey === undefined ? undefined : this.services.get(svcKey);
    if (svc) hosts.push(`${svc.name}.${svc.namespace}.svc.${this.zone}`);
    else {
      for (const sliceKey of sorted(this.slicesByIP.get(ip))) {
        const slice = this.slices.get(sliceKey)!;
        for (const a of slice.addresses) {
          if (a.ip === ip)
            hosts.push(`${endpointHostname(a)}.${slice.serviceName}.${slice.namespace}.svc.${this.zone}`);
        }
      }
    }
    if (hosts.length === 0) return nameError;
    const answers = [...new Set(hosts)].map((h) => record(name, this.ttl, "PTR", h));
    return { answers, extra: [] };
  }

  /**
   * backend_lookup.go NS: the zone's name servers are the Services whose endpoints include
   * the answering CoreDNS pod. Simplified: the `kube-dns` Service of kube-system stands for
   * them (which replica answers is not modelled).
   */
  private nameServerRecords(zone: string): { answers: readonly DnsRecord[]; extra: readonly DnsRecord[] } {
    const ns = this.nameServerAddresses(zone);
    return {
      answers: ns.map((n) => record(zone, this.ttl, "NS", n.name)),
      extra: ns.map((n) => record(n.name, this.ttl, "A", n.ip)),
    };
  }

  private nameServerAddresses(zone: string): { name: string; ip: string }[] {
    const svc = this.services.get("kube-system/kube-dns");
    if (!svc) return [];
    return svc.clusterIPs
      .filter((ip) => hostType(ip) === "A")
      .map((ip) => ({ name: `${svc.name}.${svc.namespace}.svc.${zone}`, ip }));
  }

  /** kubernetes.go Services: the per-type special cases around Records. */
  private candidates(name: string, type: DnsType, zone: string): Found {
    if (type === "TXT") {
      if (trimZone(name, zone) === "dns-version") {
        return [{ host: "", port: 0, ttl: dnsVersionTtl, target: name, text: dnsSchemaVersion }];
      }
      // Another name that has records of some type: NOERROR and no TXT; else NXDOMAIN.
      const found = this.records(name, zone);
      return found !== nameError && found.length > 0 ? [] : nameError;
    }
    if (name === `ns.dns.${zone}`) {
      return this.nameServerAddresses(zone)
        .filter((n) => hostType(n.ip) === type)
        .map((n) => ({ host: n.ip, port: 0, ttl: this.ttl, target: name }));
    }
    const found = this.records(name, zone);
    // "SRV for external services is not yet implemented, so remove those records."
    if (type === "SRV" && found !== nameError) return found.filter((c) => hostType(c.host) !== "name");
    return found;
  }

  /** kubernetes.go Records. */
  private records(name: string, zone: string): Found {
    const r = parseRequest(name, zone);
    if (r === undefined) return nameError;
    if (r.podOrSvc === "") return [];
    if (zone !== this.zone) return nameError; // IsReverse: no services under in-addr.arpa
    if (!this.namespaces.has(r.namespace)) return nameError;
    return r.podOrSvc === "pod" ? this.findPods(r, zone) : this.findServices(r, zone);
  }

  /** kubernetes.go findPods with `pods insecure`: the name is the address, nothing is checked but the namespace. */
  private findPods(r: RecordRequest, zone: string): Found {
    if (r.service === "") return [];
    const dashes = r.service.split("-").length - 1;
    const ip =
      dashes === 3 && !r.service.includes("--") ? r.service.replaceAll("-", ".") : r.service.replaceAll("-", ":");
    if (hostType(ip) === "name") return nameError;
    return [{ host: ip, port: 0, ttl: this.ttl, target: `${r.service}.${r.namespace}.pod.${zone}` }];
  }

  /** kubernetes.go findServices. */
  private findServices(r: RecordRequest, zone: string): Found {
    if (r.service === "") return [];
    const svc = this.services.get(`${r.namespace}/${r.service}`);
    if (!svc) return nameError;
    const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`;
    const out: Candidate[] = [];
    if (svc.type === "ExternalName") {
      // "External services do not have endpoints, nor can we accept port/protocol pseudo subdomains in an SRV query."
      if (r.endpoint !== "" || r.port !== "" || r.protocol !== "") return nameError;
      if (hostType(svc.externalName) !== "name") return nameError;
      return [{ host: svc.externalName, port: 0, ttl: this.ttl, target: svcName }];
    }
    let exists = false;
    if (svc.clusterIPs[0] === "None" || r.endpoint !== "") {
      for (const sliceKey of sorted(this.slicesByService.get(`${svc.namespace}/${svc.name}`))) {
        const slice = this.slices.get(sliceKey)!;
        for (const a of slice.addresses) {
          const host = endpointHostname(a);
          if (r.endpoint !== "" && !equalFold(r.endpoint, host)) continue;
          for (const p of slice.ports) {
            if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
            exists = true;
            out.push({ host: a.ip, port: p.port, ttl: this.ttl, target: `${host}.${svcName}` });
          }
        }
      }
      return exists ? out : nameError;
    }
    // A ClusterIP Service exists with or without endpoints (no `ignore empty_service`).
    for (const p of svc.ports) {
      if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
      exists = true;
      for (const ip of svc.clusterIPs) out.push({ host: ip, port: p.port, ttl: this.ttl, target: svcName });
    }
    return exists ? out : nameError;
  }

  // ---- responses -----------------------------------------------------------------------------

  /** The plugin chain after `kubernetes`: `forward . /etc/resolv.conf`. Its answers are not authoritative. */
  private forward(q: DnsQuestion): DnsResponse {
    const r = this.upstream(q);
    return { ...r, question: q, authoritative: false, recursionAvailable: r.recursionAvailable ?? true };
  }

  private reply(
    q: DnsQuestion,
    rcode: DnsResponse["rcode"],
    answers: readonly DnsRecord[],
    authority: readonly DnsRecord[],
    additional: readonly DnsRecord[],
  ): DnsResponse {
    // The kubernetes plugin sets AA and never RA (handler.go: `m.Authoritative = true`).
    return { question: q, rcode, authoritative: true, recursionAvailable: false, answers, authority, additional };
  }

  /** backend_lookup.go SOA: `<zone> <ttl> IN SOA ns.dns.<zone> hostmaster.<zone> <serial> 7200 1800 86400 <ttl>`. */
  private soa(zone: string): DnsRecord {
    const serial = this.modified >>> 0;
    return record(
      zone,
      Math.min(this.ttl, 300),
      "SOA",
      `ns.dns.${zone} hostmaster.${zone} ${serial} 7200 1800 86400 ${this.ttl}`,
    );
  }

  /** loadbalance.go: every NOERROR response has its address records shuffled, in every section. */
  private loadbalance(r: DnsResponse): DnsResponse {
    if (r.rcode !== "NOERROR") return r;
    return {
      ...r,
      answers: this.roundRobin(r.answers),
      authority: this.roundRobin(r.authority),
      additional: this.roundRobin(r.additional),
    };
  }

  private roundRobin(records: readonly DnsRecord[]): readonly DnsRecord[] {
    if (records.length <= 1) return records;
    const first = records[0]!.type;
    if ((first === "A" || first === "AAAA") && records.every((r) => r.type === first)) {
      const out = [...records];
      this.shuffle(out);
      return out;
    }
    const cname: DnsRecord[] = [];
    const address: DnsRecord[] = [];
    const mx: DnsRecord[] = [];
    const rest: DnsRecord[] = [];
    for (const r of records) {
      if (r.type === "CNAME") cname.push(r);
      else if (r.type === "A" || r.type === "AAAA") address.push(r);
      else if (r.type === "MX") mx.push(r);
      else rest.push(r);
    }
    this.shuffle(address);
    this.shuffle(mx);
    return [...cname, ...rest, ...address, ...mx];
  }

  /** loadbalance.go roundRobinShuffle, with `dns.Id()` drawn from the seeded stream. */
  private shuffle(records: DnsRecord[]): void {
    const n = records.length;
    if (n < 2) return;
    const id = () => Math.floor(this.random() * 65536);
    if (n === 2) {
      if (id() % 2 === 0) [records[0], records[1]] = [records[1]!, records[0]!];
      return;
    }
    for (let j = 0; j < n; j++) {
      const p = j + (id() % (n - j));
      if (p !== j) [records[j], records[p]] = [records[p]!, records[j]!];
    }
  }

  /** plugin.Zones.Matches: the longest of the plugin's zones the name is in. */
  private zoneOf(name: string): string | undefined {
    if (isSubdomain(name, this.zone)) return this.zone;
    return reverseZones.find((z) => isSubdomain(name, z));
  }
}

// ---- conversion of API objects ------------------------------------------------------------------

function toServiceEntry(obj: StoredObject): ServiceEntry {
  const spec = (obj as StoredObject & Service).spec ?? {};
  const clusterIPs = spec.clusterIPs && spec.clusterIPs.length > 0 ? [...spec.clusterIPs] : [spec.clusterIP ?? ""];
  const ports: PortEntry[] = (spec.ports ?? []).map((p) => ({
    name: p.name ?? "",
    port: p.port,
    protocol: p.protocol ?? "",
  }));
  return {
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
    type: spec.type ?? "ClusterIP",
    clusterIPs,
    externalName: spec.externalName ?? "",
    ports: ports.length > 0 ? ports : [{ name: "", port: -1, protocol: "" }],
  };
}

function toSliceEntry(obj: StoredObject): SliceEntry | undefined {
  const slice = obj as StoredObject & EndpointSlice;
  const serviceName = slice.metadata.labels?.["kubernetes.io/service-name"];
  // Without the label the slice indexes under no Service (object.EndpointsKey("", ns)): nothing can find it.
  if (!serviceName) return undefined;
  const namespace = slice.metadata.namespace ?? "";
  const addresses: { ip: string; hostname: string }[] = [];
  for (const ep of slice.endpoints ?? []) {
    // endpointsliceReady: "a nil value indicates an unknown state … interpret as ready". CoreDNS
    // does not look at publishNotReadyAddresses: the EndpointSlice controller already marks
    // such endpoints ready.
    if (ep.conditions?.ready === false) continue;
    for (const ip of ep.addresses) addresses.push({ ip, hostname: ep.hostname ?? "" });
  }
  const ports: PortEntry[] = (slice.ports ?? []).map((p) => ({
    name: p.name ?? "",
    port: p.port ?? -1,
    protocol: p.protocol ?? "",
  }));
  return {
    key: objectKeyOf(obj),
    service: `${namespace}/${serviceName}`,
    namespace,
    serviceName,
    addresses,
    ports: ports.length > 0 ? ports : [{ name: "", port: -1, protocol: "" }],
  };
}

function serviceChanged(a: ServiceEntry, b: ServiceEntry): boolean {
  return a.externalName !== b.externalName || !samePorts(a.ports, b.ports);
}

function sliceChanged(a: SliceEntry, b: SliceEntry): boolean {
  if (a.addresses.length !== b.addresses.length || !samePorts(a.ports, b.ports)) return true;
  return a.addresses.some((x, i) => x.ip !== b.addresses[i]!.ip || x.hostname !== b.addresses[i]!.hostname);
}

function samePorts(a: readonly PortEntry[], b: readonly PortEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => p.name === b[i]!.name && p.port === b[i]!.port && p.protocol === b[i]!.protocol);
}

// ---- names -----------------------------------------------------------------------------------------

/**
 * parse.go parseRequest: `[_port._protocol.|endpoint.]service.namespace.(svc|pod).<zone>`.
 * Undefined for a name that cannot exist (errInvalidRequest).
 */
function parseRequest(name: string, zone: string): RecordRequest | undefined {
  const r: RecordRequest = { port: "", protocol: "", endpoint: "", service: "", namespace: "", podOrSvc: "" };
  const base = trimZone(name, zone);
  if (base === "" || base === "svc" || base === "pod") return r;
  const segs = base.split(".");
  let last = segs.length - 1;
  r.podOrSvc = segs[last]!;
  if (r.podOrSvc !== "pod" && r.podOrSvc !== "svc") return undefined;
  if (--last < 0) return r;
  r.namespace = segs[last]!;
  if (--last < 0) return r;
  r.service = segs[last]!;
  if (--last < 0) return r;
  if (last === 0) r.endpoint = segs[0]!;
  else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]!);
    r.port = stripUnderscore(segs[0]!);
  } else return undefined; // "a query that is too long to answer"
  return r;
}

function stripUnderscore(s: string): string {
  return s.startsWith("_") ? s.slice(1) : s;
}

/** kubernetes.go endpointHostname: the endpoint's hostname, else its address with dashes. */
function endpointHostname(a: { readonly ip: string; readonly hostname: string }): string {
  if (a.hostname !== "") return a.hostname;
  if (a.ip.includes(".")) return a.ip.replaceAll(".", "-");
  if (a.ip.includes(":")) {
    const dashed = a.ip.replaceAll(":", "-");
    return dashed.endsWith("-") ? `${dashed}0` : dashed;
  }
  return "";
}

function matchPortAndProtocol(aPort: string, bPort: string, aProtocol: string, bProtocol: string): boolean {
  return (aPort === "" || equalFold(aPort, bPort)) && (aProtocol === "" || equalFold(aProtocol, bProtocol));
}

function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The name with its final dot. */
export function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** dnsutil.TrimZone: the labels left of the zone, without a trailing dot ("" for the zone itself). */
function trimZone(name: string, zone: string): string {
  if (name === zone) return "";
  return name.slice(0, name.length - zone.length - 1);
}

function isSubdomain(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** dnsutil.ExtractAddressFromReverse, for IPv4 (the simulation is single-stack). */
function addressFromReverse(name: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.$/.exec(name);
  if (!m) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  return parseIPv4(ip) === undefined ? undefined : ip;
}

/** msg.Service.HostType: an IPv4 address, an IPv6 address, or a name (a CNAME). */
function hostType(host: string): "A" | "AAAA" | "name" {
  if (parseIPv4(host) !== undefined) return "A";
  if (isIPv6(host)) return "AAAA";
  return "name";
}

function isIP(s: string): boolean {
  return hostType(s) !== "name";
}

function isIPv6(s: string): boolean {
  if (!s.includes(":") || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const double = s.split("::").length - 1;
  if (double > 1) return false;
  const groups = s.split(":").filter((g) => g !== "");
  if (groups.some((g) => g.length > 4 && !g.includes("."))) return false;
  return double === 1 ? groups.length <= 7 : groups.length === 8;
}

function record(name: string, ttl: number, type: DnsType, data: string): DnsRecord {
  return { name, ttl, type, data };
}

function objectKeyOf(obj: StoredObject): string {
  return `${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function sorted(set: ReadonlySet<string> | undefined): string[] {
  return set ? [...set].sort() : [];
}
