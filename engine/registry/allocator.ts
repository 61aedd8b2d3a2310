/**
 * The bitmap allocators behind ClusterIPs and NodePorts (pkg/registry/core/service/…).
 * A range of `size` items is split into a static band (the first `offset` items, meant for
 * addresses users ask for) and a dynamic band; a dynamic allocation picks a random start
 * in the dynamic band and scans linearly with wrap-around, falling back to the static band
 * only when the dynamic band is full (KEP-3070 for IPs, KEP-3668 for NodePorts).
 * The state is a plain set of taken indexes so snapshots can copy it.
 */
import type { RandomStream } from "../core/random.ts";

export class RangeAllocator {
  readonly size: number;
  readonly offset: number;
  private taken = new Set<number>();

  constructor(size: number, offset: number) {
    this.size = size;
    this.offset = Math.min(offset, size);
  }

  has(index: number): boolean {
    return this.taken.has(index);
  }

  /** Take a specific item; false when it is already taken. */
  allocate(index: number): boolean {
    if (index < 0 || index >= this.size || this.taken.has(index)) return false;
    this.taken.add(index);
    return true;
  }

  /** Take a free item by random start + linear scan, dynamic band first; undefined when full. */
  allocateNext(random: RandomStream): number | undefined {
    const fromDynamic = this.scan(random, this.offset, this.size);
    if (fromDynamic !== undefined) return fromDynamic;
    return this.scan(random, 0, this.offset);
  }

  release(index: number): void {
    this.taken.delete(index);
  }

  get used(): number {
    return this.taken.size;
  }

  save(): number[] {
    return [...this.taken].sort((a, b) => a - b);
  }

  load(state: readonly number[]): void {
    this.taken = new Set(state);
  }

  private scan(random: RandomStream, from: number, to: number): number | undefined {
    const width = to - from;
    if (width <= 0) return undefined;
    const start = random.intn(width);
    // Bounded: at most `width` probes over a finite band.
    for (let i = 0; i < width; i++) {
      const at = from + ((start + i) % width);
      if (!this.taken.has(at)) {
        this.taken.add(at);
        return at;
      }
    }
    return undefined;
  }
}
