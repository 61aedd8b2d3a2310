/**
 * How long one command line may run in virtual time before it is stopped as Ctrl-C would
 * stop it: `sleep 3600`, `while true; do curl …; sleep 1; done`, `kubectl get -w`, `logs -f`
 * and a foreground `port-forward` all spend the cluster's clock, never the host's.
 */
import type { Cluster } from "../simulation/cluster.ts";

/** Statements one command line may run (`while true; do :; done` ends here, not in a hang). */
const stepsMax = 5_000;

export class VirtualBudget {
  private readonly startMs: number;
  private readonly cluster: Cluster;
  readonly limitMs: number;
  private hit = false;
  private runaway = false;
  private steps = 0;

  constructor(cluster: Cluster, limitMs: number) {
    this.cluster = cluster;
    this.startMs = cluster.nowMs;
    this.limitMs = limitMs;
  }

  get remainingMs(): number {
    return Math.max(0, this.startMs + this.limitMs - this.cluster.nowMs);
  }

  get exhausted(): boolean {
    return this.hit;
  }

  /** Whether the line was stopped for running too many statements rather than for time. */
  get stepsExhausted(): boolean {
    return this.runaway;
  }

  /** Stop the command line: the next guard between statements ends it (see marks.ts). */
  interrupt(): void {
    this.hit = true;
  }

  /** A guard passed: true when the line must stop (time spent, or a loop that never sleeps). */
  step(): boolean {
    if (++this.steps > stepsMax && !this.hit) {
      this.runaway = true;
      this.hit = true;
    }
    return this.hit;
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
