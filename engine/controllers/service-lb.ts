/**
 * A load-balancer provider for kind, when a lesson enables one (as cloud-provider-kind or
 * MetalLB would be installed): each `type: LoadBalancer` Service without a
 * `loadBalancerClass` gets the lowest free address of the pool in
 * `status.loadBalancer.ingress` (ipMode VIP), with the service controller's
 * EnsuringLoadBalancer / EnsuredLoadBalancer events. Without a provider nothing runs and
 * EXTERNAL-IP stays `<pending>`, as on a plain kind cluster.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { deepClone } from "../core/clone.ts";
import { formatIPv4, parseIPv4 } from "../core/ip.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";

type StoredService = StoredObject & Mutable<Service>;

export interface AddressPool {
  readonly first: number;
  readonly last: number;
}

/** `172.18.255.200-172.18.255.250` or a CIDR `172.18.255.192/27` (network and broadcast excluded). */
export function parseAddressPool(text: string): AddressPool | undefined {
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(text);
  if (range) {
    const first = parseIPv4(range[1]!);
    const last = parseIPv4(range[2]!);
    return first !== undefined && last !== undefined && first <= last ? { first, last } : undefined;
  }
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const base = parseIPv4(cidr[1]!);
    const prefix = Number(cidr[2]);
    if (base === undefined || prefix > 30 || prefix < 16) return undefined;
    const size = 2 ** (32 - prefix);
    const start = Math.floor(base / size) * size;
    return { first: start + 1, last: start + size - 2 };
  }
  return undefined;
}

const source = { component: "service-controller" };

export class ServiceLoadBalancerController implements Controller {
  readonly name = "service-lb";
  readonly queue = new WorkQueue();
  readonly kinds = ["Service"];
  private readonly ctx: ControllerContext;
  private readonly pool: AddressPool;

  constructor(ctx: ControllerContext, pool: AddressPool) {
    this.ctx = ctx;
    this.pool = pool;
  }

  observe(e: WatchEvent): void {
    if (e.type === "DELETED") return;
    const svc = e.object as StoredService;
    if (svc.spec?.type === "LoadBalancer" || (svc.status?.loadBalancer?.ingress?.length ?? 0) > 0)
      this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const svc = this.ctx.store.get("services", ns, name) as StoredService | undefined;
    if (!svc || svc.metadata.deletionTimestamp) return;
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    const wanted = svc.spec?.type === "LoadBalancer" && !svc.spec.loadBalancerClass;
    if (!wanted) {
      // No longer a LoadBalancer: the provider releases the address.
      if (svc.spec?.type !== "LoadBalancer" && ingress.length > 0) this.writeIngress(svc, []);
      return;
    }
    if (ingress.length > 0) return;
    const ip = this.freeAddress(svc.spec?.loadBalancerIP);
    if (ip === undefined) return; // pool exhausted: stays <pending>, as with MetalLB
    this.ctx.events.record(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", source);
    this.writeIngress(svc, [{ ip, ipMode: "VIP" }]);
    this.ctx.events.record(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", source);
  }

  private writeIngress(svc: StoredService, ingress: { ip: string; ipMode: string }[]): void {
    const next = deepClone(svc) as StoredService;
    next.status = { ...(next.status ?? {}), loadBalancer: ingress.length > 0 ? { ingress } : {} };
    this.ctx.api.updateStatus(next);
  }

  private freeAddress(requested: string | undefined): string | undefined {
    const used = new Set<string>();
    for (const s of this.ctx.store.list("services") as StoredService[])
      for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) used.add(i.ip);
    if (requested) {
      const n = parseIPv4(requested);
      return n !== undefined && n >= this.pool.first && n <= this.pool.last && !used.has(requested)
        ? requested
        : undefined;
    }
    for (let n = this.pool.first; n <= this.pool.last; n++) {
      const ip = formatIPv4(n);
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }
}
