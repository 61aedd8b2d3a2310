/**
 * Checking the data-path options a lesson sets (proxy mode, CNI, load-balancer pool,
 * external hosts). Bad input is a message naming the field, never an exception.
 */
import type { AddressPool } from "../controllers/service-lb.ts";
import { parseAddressPool } from "../controllers/service-lb.ts";
import { parseIPv4 } from "../core/ip.ts";
import type { ExternalHost } from "../network/world.ts";
import type { ClusterOptions } from "./options.ts";
import { defaultOptions } from "./options.ts";

export type NetworkOptionsResult =
  | {
      readonly ok: true;
      readonly proxyMode: "iptables" | "ipvs" | "nftables";
      readonly cni: "kindnet" | "flannel";
      readonly loadBalancerPool?: AddressPool;
      readonly externalHosts: readonly ExternalHost[];
    }
  | { readonly ok: false; readonly message: string };

const dnsName = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\.?$/i;

export function resolveNetworkOptions(o: ClusterOptions, describe: (v: unknown) => string): NetworkOptionsResult {
  const proxyMode = o.proxyMode ?? defaultOptions.proxyMode;
  if (!["iptables", "ipvs", "nftables"].includes(proxyMode))
    return { ok: false, message: `proxyMode must be iptables, ipvs or nftables, got ${describe(o.proxyMode)}` };
  const cni = o.cni ?? defaultOptions.cni;
  if (!["kindnet", "flannel"].includes(cni))
    return { ok: false, message: `cni must be kindnet or flannel, got ${describe(o.cni)}` };
  let loadBalancerPool: AddressPool | undefined;
  if (o.loadBalancer !== undefined) {
    if (o.loadBalancer === null || typeof o.loadBalancer !== "object")
      return {
        ok: false,
        message: `loadBalancer must be an object such as { pool: "172.18.255.200-172.18.255.250" }, got ${describe(o.loadBalancer)}`,
      };
    const text = o.loadBalancer.pool ?? defaultOptions.loadBalancerPool;
    loadBalancerPool = typeof text === "string" ? parseAddressPool(text) : undefined;
    if (!loadBalancerPool)
      return {
        ok: false,
        message: `loadBalancer.pool must be a range such as 172.18.255.200-172.18.255.250 or a CIDR from /16 to /30, got ${describe(o.loadBalancer.pool)}`,
      };
  }
  const hosts = o.externalHosts ?? [];
  if (!Array.isArray(hosts)) return { ok: false, message: `externalHosts must be a list, got ${describe(hosts)}` };
  for (const [i, h] of hosts.entries()) {
    const at = `externalHosts[${i}]`;
    if (h === null || typeof h !== "object")
      return { ok: false, message: `${at} must be an object, got ${describe(h)}` };
    if (typeof h.ip !== "string" || parseIPv4(h.ip) === undefined)
      return { ok: false, message: `${at}.ip must be an IPv4 address, got ${describe(h.ip)}` };
    if (h.name !== undefined && (typeof h.name !== "string" || !dnsName.test(h.name)))
      return { ok: false, message: `${at}.name must be a DNS name, got ${describe(h.name)}` };
    if (
      h.ports !== undefined &&
      (!Array.isArray(h.ports) ||
        !(h.ports as unknown[]).every(
          (p) => Number.isInteger(p) && typeof p === "number" && (p as number) > 0 && (p as number) < 65536,
        ))
    )
      return { ok: false, message: `${at}.ports must be a list of port numbers, got ${describe(h.ports)}` };
    if (h.responses !== undefined) {
      if (h.responses === null || typeof h.responses !== "object")
        return { ok: false, message: `${at}.responses must map paths to responses, got ${describe(h.responses)}` };
      for (const [path, value] of Object.entries(h.responses as Record<string, unknown>)) {
        const r = value as { body?: unknown; status?: unknown } | null;
        if (!path.startsWith("/"))
          return { ok: false, message: `${at}.responses: path ${describe(path)} must start with /` };
        if (r === null || typeof r !== "object" || typeof r.body !== "string")
          return { ok: false, message: `${at}.responses[${describe(path)}].body must be a string` };
        const status = r.status;
        if (
          status !== undefined &&
          !(typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599)
        )
          return {
            ok: false,
            message: `${at}.responses[${describe(path)}].status must be an HTTP status, got ${describe(r.status)}`,
          };
      }
    }
  }
  return { ok: true, proxyMode, cni, ...(loadBalancerPool ? { loadBalancerPool } : {}), externalHosts: hosts };
}
