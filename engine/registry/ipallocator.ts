/**
 * ClusterIP allocation from the service CIDR. Index i is address base+1+i: the network and
 * broadcast addresses are never handed out. Band offset min(max(16, size/16), 256), so in
 * kind's 10.96.0.0/16 dynamic IPs start above 10.96.1.0 and `kubernetes` (.1) and
 * `kube-dns` (.10) never collide with them.
 */
import type { Cidr } from "../core/ip.ts";
import { cidrContains, formatIPv4, parseIPv4 } from "../core/ip.ts";
import type { RandomStream } from "../core/random.ts";
import { RangeAllocator } from "./allocator.ts";

export type IPAllocation =
  | { readonly ok: true; readonly ip: string }
  | { readonly ok: false; readonly reason: "not-in-range" | "allocated" | "full" | "invalid" };

export class ClusterIPAllocator {
  readonly cidr: Cidr;
  private readonly range: RangeAllocator;

  constructor(cidr: Cidr) {
    this.cidr = cidr;
    const size = Math.max(0, cidr.size - 2);
    this.range = new RangeAllocator(size, Math.min(Math.max(16, Math.floor(cidr.size / 16)), 256));
  }

  allocate(ip: string): IPAllocation {
    const n = parseIPv4(ip);
    if (n === undefined) return { ok: false, reason: "invalid" };
    const index = n - this.cidr.base - 1;
    if (!cidrContains(this.cidr, n) || index < 0 || index >= this.range.size)
      return { ok: false, reason: "not-in-range" };
    if (!this.range.allocate(index)) return { ok: false, reason: "allocated" };
    return { ok: true, ip };
  }

  allocateNext(random: RandomStream): IPAllocation {
    const index = this.range.allocateNext(random);
    if (index === undefined) return { ok: false, reason: "full" };
    return { ok: true, ip: formatIPv4(this.cidr.base + 1 + index) };
  }

  release(ip: string): void {
    const n = parseIPv4(ip);
    if (n !== undefined) this.range.release(n - this.cidr.base - 1);
  }

  isAllocated(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && this.range.has(n - this.cidr.base - 1);
  }

  save(): number[] {
    return this.range.save();
  }

  load(state: readonly number[]): void {
    this.range.load(state);
  }
}

/** NodePorts from `base` to `base+size-1`; band offset min(max(16, size/32), 128). */
export class NodePortAllocator {
  readonly base: number;
  readonly size: number;
  private readonly range: RangeAllocator;

  constructor(base: number, size: number) {
    this.base = base;
    this.size = size;
    this.range = new RangeAllocator(size, Math.min(Math.max(16, Math.floor(size / 32)), 128));
  }

  get text(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  allocate(port: number): "ok" | "not-in-range" | "allocated" {
    const index = port - this.base;
    if (index < 0 || index >= this.size) return "not-in-range";
    return this.range.allocate(index) ? "ok" : "allocated";
  }

  allocateNext(random: RandomStream): number | undefined {
    const index = this.range.allocateNext(random);
    return index === undefined ? undefined : this.base + index;
  }

  release(port: number): void {
    this.range.release(port - this.base);
  }

  save(): number[] {
    return this.range.save();
  }

  load(state: readonly number[]): void {
    this.range.load(state);
  }
}
