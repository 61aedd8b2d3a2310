/**
 * DNS messages as the simulation passes them around: a question, and a response with its
 * rcode, the authoritative-answer bit and the records of each section. Record data is kept
 * in presentation form (`10.96.0.10`, `web.default.svc.cluster.local.`, `0 100 80 web…`)
 * because that is what nslookup and dig print.
 */
export type DnsType = "A" | "AAAA" | "CNAME" | "PTR" | "SRV" | "TXT" | "NS" | "SOA" | "MX" | "ANY";

export type DnsRcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED" | "FORMERR" | "NOTIMP";

export interface DnsQuestion {
  /** Fully qualified, lower case, with the trailing dot: `web.default.svc.cluster.local.`. */
  readonly name: string;
  readonly type: DnsType;
}

export interface DnsRecord {
  /** Owner name, fully qualified with the trailing dot. */
  readonly name: string;
  readonly ttl: number;
  readonly type: DnsType;
  /** Presentation form of the data: an address, a target name with its dot, `prio weight port target.` … */
  readonly data: string;
}

export interface DnsResponse {
  readonly question: DnsQuestion;
  readonly rcode: DnsRcode;
  /** The AA bit: set by CoreDNS for cluster zones, clear for forwarded answers. */
  readonly authoritative: boolean;
  /**
   * The RA bit. CoreDNS's own answers leave it clear (bind's nslookup then says `;; Got
   * recursion not available from …`, dig warns `recursion requested but not available`);
   * forwarded answers carry the upstream resolver's, which is set. Absent: assume
   * `!authoritative`.
   */
  readonly recursionAvailable?: boolean;
  readonly answers: readonly DnsRecord[];
  /** SOA on NXDOMAIN/NODATA, as dig shows in its AUTHORITY SECTION. */
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
}

/** Sending one query to one server: the response, or nothing within the client's timeout. */
export type DnsExchange =
  | { readonly ok: true; readonly response: DnsResponse; readonly elapsedMs: number }
  | { readonly ok: false; readonly failure: "timeout" | "refused" | "unreachable"; readonly elapsedMs: number };

/** A container's /etc/resolv.conf, parsed. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: { readonly ndots: number; readonly timeoutSeconds: number; readonly attempts: number } & Readonly<
    Record<string, number | boolean>
  >;
  /**
   * The `options` words as the file has them (`ndots:5`), in order. `options` above holds
   * glibc's reading with its defaults filled in; tools with other defaults (bind's
   * `attempts` is 3, not glibc's 2) and `renderResolvConf` need to know what was written.
   * Absent: derived from `options`.
   */
  readonly rawOptions?: readonly string[];
}

/**
 * What getaddrinfo(3) comes back with. The same shape as `ResolveResult` in
 * engine/network/client.ts, declared here so that engine/dns needs nothing from the network.
 */
export type ResolveOutcome =
  | {
      readonly ok: true;
      /** Addresses in the order getaddrinfo returns them. */
      readonly addresses: readonly string[];
      /** The name that finally answered (after the search list and CNAMEs), without the trailing dot. */
      readonly canonicalName: string;
      readonly elapsedMs: number;
    }
  | {
      readonly ok: false;
      /** nxdomain: no such name (also NODATA for every family); timeout: no server answered; servfail. */
      readonly failure: "nxdomain" | "timeout" | "servfail";
      readonly elapsedMs: number;
    };
