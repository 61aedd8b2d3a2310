/**
 * Pod IP allocation per node, as kindnet's host-local IPAM does it: the node's /24, the
 * gateway at .1, pods from .2 upward, continuing after the last address handed out rather
 * than reusing a freed one at once. Plain data, so snapshots copy it.
 */
import type { Cidr } from "../core/ip.ts";
import { formatIPv4 } from "../core/ip.ts";

export interface NodeIpamState {
  readonly used: readonly number[];
  readonly last: number;
}

export class NodeIpam {
  readonly cidr: Cidr;
  private used = new Set<number>();
  private last = 1;

  constructor(cidr: Cidr) {
    this.cidr = cidr;
  }

  /** The next free pod IP, or undefined when the node's range is exhausted. */
  allocate(): string | undefined {
    const first = 2;
    const lastUsable = this.cidr.size - 2;
    const span = lastUsable - first + 1;
    for (let i = 1; i <= span; i++) {
      const offset = first + ((this.last - first + i) % span);
      if (!this.used.has(offset)) {
        this.used.add(offset);
        this.last = offset;
        return formatIPv4(this.cidr.base + offset);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    const parts = ip.split(".").map(Number);
    const n = ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
    this.used.delete(n - this.cidr.base);
  }

  save(): NodeIpamState {
    return { used: [...this.used].sort((a, b) => a - b), last: this.last };
  }

  load(state: NodeIpamState): void {
    this.used = new Set(state.used);
    this.last = state.last;
  }
}
