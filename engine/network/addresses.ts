/**
 * Who owns an address: a pod, a node, the service range, the pod range, loopback, the
 * learner's workstation, a host in the outside world, or nothing. Lookups are by map
 * (pods through the store's `podIP` index, nodes through a small table), never a scan.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { StoredObject } from "../api/object.ts";
import type { Cidr } from "../core/ip.ts";
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from "../core/ip.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { OutsideWorld } from "./world.ts";

export type StoredPod = StoredObject & Pod;

/** The learner's machine: the docker host on the `kind` network. */
export const workstationIP = "172.18.0.1";
export const workstationHostname = "workstation";

export interface NodeInfo {
  readonly name: string;
  readonly ip: string;
  readonly podCidr?: Cidr;
  /** The host side of the pods' point-to-point links (first address of the pod CIDR). */
  readonly podGateway?: string;
}

export type AddressOwner =
  | { readonly kind: "pod"; readonly pod: StoredPod; readonly node: string }
  | { readonly kind: "node"; readonly node: NodeInfo }
  | { readonly kind: "service-range" }
  | { readonly kind: "pod-range"; readonly node?: NodeInfo }
  | { readonly kind: "loopback" }
  | { readonly kind: "workstation" }
  | { readonly kind: "external" }
  | { readonly kind: "nothing" };

export class AddressBook {
  private readonly store: ObjectStore;
  private readonly serviceCidr: Cidr;
  private readonly podCidr: Cidr;
  private readonly world: OutsideWorld;
  private nodesByName = new Map<string, NodeInfo>();
  private nodesByIP = new Map<string, NodeInfo>();

  constructor(store: ObjectStore, serviceCidr: string, podCidr: string, world: OutsideWorld) {
    this.store = store;
    this.serviceCidr = parseCidr(serviceCidr)!;
    this.podCidr = parseCidr(podCidr)!;
    this.world = world;
  }

  observe(e: WatchEvent): void {
    if (e.resource.kind === "Node") this.rebuild();
  }

  rebuild(): void {
    this.nodesByName = new Map();
    this.nodesByIP = new Map();
    for (const n of this.store.list("nodes") as (StoredObject & Node)[]) {
      const ip = n.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
      if (!ip) continue;
      const podCidr = n.spec?.podCIDR ? parseCidr(n.spec.podCIDR) : undefined;
      const info: NodeInfo = {
        name: n.metadata.name,
        ip,
        ...(podCidr ? { podCidr, podGateway: formatIPv4(podCidr.base + 1) } : {}),
      };
      this.nodesByName.set(info.name, info);
      this.nodesByIP.set(ip, info);
    }
  }

  node(name: string): NodeInfo | undefined {
    return this.nodesByName.get(name);
  }

  get nodeNames(): string[] {
    return [...this.nodesByName.keys()].sort();
  }

  inServiceRange(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && cidrContains(this.serviceCidr, n);
  }

  /** The running (non-hostNetwork) pod that has this IP now. */
  podByIP(ip: string): StoredPod | undefined {
    let found: StoredPod | undefined;
    for (const key of this.store.byIndex("podIP", ip)) {
      const pod = this.store.getByKey("pods", key) as StoredPod | undefined;
      if (!pod || pod.spec?.hostNetwork) continue;
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") continue;
      if (!found || pod.metadata.name < found.metadata.name) found = pod;
    }
    return found;
  }

  /** hostNetwork pods on a node: they listen on the node's addresses. */
  hostNetworkPods(node: string): StoredPod[] {
    const out: StoredPod[] = [];
    const ip = this.nodesByName.get(node)?.ip;
    if (!ip) return out;
    for (const key of [...this.store.byIndex("podIP", ip)].sort()) {
      const pod = this.store.getByKey("pods", key) as StoredPod | undefined;
      if (pod?.spec?.hostNetwork && pod.spec.nodeName === node) out.push(pod);
    }
    return out;
  }

  classify(ip: string): AddressOwner {
    const n = parseIPv4(ip);
    if (n === undefined) return { kind: "nothing" };
    if (n >>> 24 === 127) return { kind: "loopback" };
    if (ip === workstationIP) return { kind: "workstation" };
    const node = this.nodesByIP.get(ip);
    if (node) return { kind: "node", node };
    if (cidrContains(this.serviceCidr, n)) return { kind: "service-range" };
    if (cidrContains(this.podCidr, n)) {
      const pod = this.podByIP(ip);
      if (pod) return { kind: "pod", pod, node: pod.spec?.nodeName ?? "" };
      for (const info of this.nodesByName.values())
        if (info.podCidr && cidrContains(info.podCidr, n)) return { kind: "pod-range", node: info };
      return { kind: "pod-range" };
    }
    if (this.world.hostAt(ip)) return { kind: "external" };
    return { kind: "nothing" };
  }
}
