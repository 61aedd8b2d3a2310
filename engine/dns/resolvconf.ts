/**
 * The files the kubelet and containerd write into every pod: /etc/resolv.conf and /etc/hosts.
 *
 * resolv.conf follows kubelet pkg/kubelet/network/dns/dns.go (`GetPodDNS`, `getPodDNSType`,
 * `appendDNSConfig`, `mergeDNSOptions`, the `formDNS*FitsLimits` checks with v1.34's limits,
 * where the ExpandedDNSConfig gate is GA: 32 search paths, 2048 characters, 3 nameservers)
 * and containerd's CRI `parseDNSOptions` for the text (`search`, then `nameserver`s, then
 * `options`; an empty configuration makes containerd copy the node's file). /etc/hosts
 * follows kubelet pkg/kubelet/kubelet_pods.go (`managedHostsFileContent`,
 * `nodeHostsFileContent`, `hostsEntriesFromHostAliases`, `GeneratePodHostNameAndDomain`).
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { ResolvConf } from "./types.ts";

export interface ClusterDnsSettings {
  /** The kubelet's `clusterDNS`: the kube-dns Service's ClusterIP. */
  readonly dnsServiceIP: string;
  /** The kubelet's `clusterDomain`: `cluster.local`. */
  readonly clusterDomain: string;
}

/** k8s.io/kubernetes/pkg/apis/core/validation: MaxDNSNameservers. */
const nameserversMax = 3;
/** validation.MaxDNSSearchPathsExpanded (ExpandedDNSConfig is GA since v1.28, its gate gone since v1.30). */
const searchPathsMax = 32;
/** validation.MaxDNSSearchListCharsExpanded. */
const searchListCharsMax = 2048;
/** utilvalidation.DNS1123SubdomainMaxLength: longer search paths make glibc 2.28 abort, so the kubelet drops them. */
const searchPathLengthMax = 253;
/** kubelet_pods.go truncatePodHostnameIfNeeded. */
const hostnameLengthMax = 63;

/** glibc's defaults and caps (resolv/res_init.c: RES_TIMEOUT, RES_DFLRETRY, RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY). */
const glibc = { ndots: 1, timeout: 5, attempts: 2, ndotsMax: 15, timeoutMax: 30, attemptsMax: 5 } as const;

/** A pod's /etc/resolv.conf, as the kubelet composes it and containerd writes it. */
export function resolvConfFor(pod: Pod, cluster: ClusterDnsSettings, nodeResolvConf: ResolvConf): ResolvConf {
  const spec = pod.spec;
  const host = {
    servers: [...nodeResolvConf.nameservers],
    searches: [...nodeResolvConf.search],
    options: optionWords(nodeResolvConf),
  };
  let conf: { servers: string[]; searches: string[]; options: string[] };
  switch (podDnsType(pod)) {
    case "none":
      conf = { servers: [], searches: [], options: [] };
      break;
    case "cluster": {
      // "For a pod with DNSClusterFirst policy, the cluster DNS server is the only nameserver."
      const domain = cluster.clusterDomain;
      const namespace = pod.metadata?.namespace ?? "default";
      conf = {
        servers: [cluster.dnsServiceIP],
        searches: omitDuplicates([`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]),
        options: ["ndots:5"],
      };
      break;
    }
    default:
      conf = host;
  }
  const dnsConfig = spec?.dnsConfig;
  if (dnsConfig) {
    conf = {
      servers: omitDuplicates([...conf.servers, ...(dnsConfig.nameservers ?? [])]),
      searches: omitDuplicates([...conf.searches, ...(dnsConfig.searches ?? [])]),
      options: mergeOptions(conf.options, dnsConfig.options ?? []),
    };
  }
  const servers = conf.servers.slice(0, nameserversMax);
  const searches = fitSearchLimits(conf.searches);
  // containerd: nothing to write means the sandbox gets a copy of the node's resolv.conf.
  if (servers.length === 0 && searches.length === 0 && conf.options.length === 0) return nodeResolvConf;
  return fromParts(servers, searches, conf.options);
}

/** The file text as containerd's CRI plugin writes it (`parseDNSOptions`). */
export function renderResolvConf(conf: ResolvConf): string {
  let text = "";
  if (conf.search.length > 0) text += `search ${conf.search.join(" ")}\n`;
  if (conf.nameservers.length > 0) text += `nameserver ${conf.nameservers.join("\nnameserver ")}\n`;
  const options = optionWords(conf);
  if (options.length > 0) text += `options ${options.join(" ")}\n`;
  return text;
}

/**
 * Read a resolv.conf as glibc does: `nameserver` lines accumulate (at most 3 are used),
 * the last `search` (or `domain`) line wins, `options` words set the resolver's options.
 */
export function parseResolvConf(text: string): ResolvConf {
  const servers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  for (const line of text.split("\n")) {
    const fields = line
      .trim()
      .split(/\s+/)
      .filter((f) => f !== "");
    const [key, ...rest] = fields;
    if (key === undefined || key.startsWith("#") || key.startsWith(";")) continue;
    if (key === "nameserver" && rest[0] !== undefined && servers.length < nameserversMax) servers.push(rest[0]);
    else if (key === "search") searches = rest.map((s) => s.replace(/\.$/, ""));
    else if (key === "domain" && rest[0] !== undefined) searches = [rest[0].replace(/\.$/, "")];
    else if (key === "options") options = [...options, ...rest];
  }
  return fromParts(servers, searches, options);
}

/** The pod's hostname and, with a subdomain, its domain (kubelet GeneratePodHostNameAndDomain). */
export function podHostnameAndDomain(pod: Pod, clusterDomain: string): { hostname: string; domain: string } {
  let hostname = pod.spec?.hostname || pod.metadata?.name || "";
  if (hostname.length > hostnameLengthMax) hostname = hostname.slice(0, hostnameLengthMax).replace(/[-.]+$/, "");
  const subdomain = pod.spec?.subdomain;
  const domain = subdomain ? `${subdomain}.${pod.metadata?.namespace ?? "default"}.svc.${clusterDomain}` : "";
  return { hostname, domain };
}

/**
 * The kubelet-managed /etc/hosts. A hostNetwork pod gets the node's file (`nodeHosts`)
 * under its own header; the others get localhost, the IPv6 names, one line per pod IP
 * (`<ip>\t<host>.<domain>\t<host>` with a subdomain), then the HostAliases section.
 */
export function renderEtcHosts(pod: Pod, clusterDomain: string, nodeHosts = ""): string {
  const aliases = hostAliasesSection(pod);
  if (pod.spec?.hostNetwork) return `# Kubernetes-managed hosts file (host network).\n${nodeHosts}${aliases}`;
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  let text =
    "# Kubernetes-managed hosts file.\n" +
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "fe00::0\tip6-mcastprefix\n" +
    "fe00::1\tip6-allnodes\n" +
    "fe00::2\tip6-allrouters\n";
  const status = pod.status;
  const ips = status?.podIPs?.map((p) => p.ip) ?? (status?.podIP ? [status.podIP] : []);
  for (const ip of ips) text += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  return text + aliases;
}

function hostAliasesSection(pod: Pod): string {
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length === 0) return "";
  let text = "\n# Entries added by HostAliases.\n";
  // "for each IP, write all aliases onto single line in hosts file"
  for (const a of aliases) text += `${a.ip}\t${(a.hostnames ?? []).join("\t")}\n`;
  return text;
}

/** dns.go getPodDNSType: a hostNetwork pod with ClusterFirst falls back to Default. */
function podDnsType(pod: Pod): "cluster" | "host" | "none" {
  switch (pod.spec?.dnsPolicy ?? "ClusterFirst") {
    case "None":
      return "none";
    case "ClusterFirstWithHostNet":
      return "cluster";
    case "Default":
      return "host";
    case "ClusterFirst":
      return pod.spec?.hostNetwork ? "host" : "cluster";
    default:
      // "This should not happen as kube-apiserver should have rejected invalid dnsPolicy."
      return "cluster";
  }
}

/**
 * dns.go mergeDNSOptions: the pod's options override same-named ones. Upstream rebuilds the
 * list from a Go map, so its order is random; here existing options keep their place and
 * new ones follow in the pod's order.
 */
function mergeOptions(
  existing: readonly string[],
  podOptions: readonly { readonly name?: string; readonly value?: string }[],
): string[] {
  const merged = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(":");
    if (i >= 0) merged.set(op.slice(0, i), op.slice(i + 1));
    else merged.set(op, "");
  }
  for (const op of podOptions) merged.set(op.name ?? "", op.value ?? "");
  return [...merged].map(([name, value]) => (value !== "" ? `${name}:${value}` : name));
}

/** dns.go formDNSSearchFitsLimits (the DNSConfigForming warning event is not emitted). */
function fitSearchLimits(searches: readonly string[]): string[] {
  let out = searches.slice(0, searchPathsMax).filter((s) => s.length <= searchPathLengthMax);
  let length = out.join(" ").length;
  while (length > searchListCharsMax && out.length > 0) {
    length -= out[out.length - 1]!.length + 1;
    out = out.slice(0, -1);
  }
  return out;
}

function omitDuplicates(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The option words of a configuration: as written, or derived from glibc's reading. */
function optionWords(conf: ResolvConf): string[] {
  if (conf.rawOptions) return [...conf.rawOptions];
  const words: string[] = [];
  const o = conf.options;
  if (o.ndots !== glibc.ndots) words.push(`ndots:${o.ndots}`);
  if (o.timeoutSeconds !== glibc.timeout) words.push(`timeout:${o.timeoutSeconds}`);
  if (o.attempts !== glibc.attempts) words.push(`attempts:${o.attempts}`);
  for (const [key, value] of Object.entries(o)) {
    if (key === "ndots" || key === "timeoutSeconds" || key === "attempts") continue;
    words.push(value === true ? key : `${key}:${value}`);
  }
  return words;
}

function fromParts(servers: readonly string[], searches: readonly string[], words: readonly string[]): ResolvConf {
  const options: Record<string, number | boolean> & { ndots: number; timeoutSeconds: number; attempts: number } = {
    ndots: glibc.ndots,
    timeoutSeconds: glibc.timeout,
    attempts: glibc.attempts,
  };
  for (const word of words) {
    const i = word.indexOf(":");
    const name = i >= 0 ? word.slice(0, i) : word;
    const value = i >= 0 ? Number.parseInt(word.slice(i + 1), 10) : Number.NaN;
    if (name === "ndots") options.ndots = clamp(value, glibc.ndotsMax, options.ndots);
    else if (name === "timeout") options.timeoutSeconds = clamp(value, glibc.timeoutMax, options.timeoutSeconds);
    else if (name === "attempts") options.attempts = clamp(value, glibc.attemptsMax, options.attempts);
    else if (name !== "") options[name] = Number.isNaN(value) ? true : value;
  }
  return { nameservers: [...servers], search: [...searches], options, rawOptions: [...words] };
}

/** glibc res_init: a value above the cap is the cap; an unreadable one leaves the default. */
function clamp(value: number, max: number, fallback: number): number {
  if (Number.isNaN(value) || value < 0) return fallback;
  return Math.min(value, max);
}
