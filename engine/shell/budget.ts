/**
 * How long one command line may run in virtual time before it is stopped as Ctrl-C would
 * stop it: `sleep 3600`, `while true; do curl …; sleep 1; done`, `kubectl get -w`, `logs -f`
 * and a foreground `port-forward` all spend the cluster's clock, never the host's.
 */
import type { Cluster } from "../simulation/cluster.ts";

/** Both platforms have AbortController; the engine's ES-only lib does not declare it. */
interface Abort {
  readonly signal: unknown;
  abort(): void;
}
const AbortControllerCtor = (globalThis as unknown as { AbortController: new () => Abort }).AbortController;

export class VirtualBudget {
  private readonly startMs: number;
  private readonly cluster: Cluster;
  readonly limitMs: number;
  private readonly controller: Abort;
  private hit = false;

  constructor(cluster: Cluster, limitMs: number) {
    this.cluster = cluster;
    this.startMs = cluster.nowMs;
    this.limitMs = limitMs;
    this.controller = new AbortControllerCtor();
  }

  /** The signal just-bash stops on (typed loosely: the engine's lib has no DOM types). */
  get signal(): unknown {
    return this.controller.signal;
  }

  get remainingMs(): number {
    return Math.max(0, this.startMs + this.limitMs - this.cluster.nowMs);
  }

  get exhausted(): boolean {
    return this.hit;
  }

  /** Stop the command line at the next statement boundary (the interpreter's cooperative cancel). */
  interrupt(): void {
    this.hit = true;
    this.controller.abort();
  }

  /** `sleep`: let the cluster run; past the budget, run to its end and interrupt. */
  sleep(ms: number): void {
    const left = this.remainingMs;
    if (ms >= left) {
      this.cluster.advance(left / 1000);
      this.interrupt();
      return;
    }
    this.cluster.advance(ms / 1000);
  }
}
