/**
 * What every controller shares: a de-duplicating work queue of keys, a sync function,
 * and access to the API server, clock, randomness and event recorder. Controllers react
 * to watch events only by queueing keys; the simulation drains the queues in `settle()`,
 * so a controller always works on the store as it is, never on a half-applied event.
 */
import type { StoredObject } from "../api/object.ts";
import type { VirtualClock } from "../core/clock.ts";
import type { RandomSource } from "../core/random.ts";
import type { TimerQueue } from "../core/timers.ts";
import type { InternalClient } from "../registry/client.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { EventRecorder } from "./events.ts";

export interface ClusterNetworkConfig {
  readonly serviceCidr: string;
  readonly podCidr: string;
  readonly clusterDomain: string;
  readonly dnsServiceIP: string;
}

export interface ControllerContext {
  readonly api: InternalClient;
  readonly store: ObjectStore;
  readonly clock: VirtualClock;
  readonly random: RandomSource;
  readonly timers: TimerQueue;
  readonly events: EventRecorder;
  readonly network: ClusterNetworkConfig;
  /** Where the control-plane components run (their events name it). */
  readonly controlPlaneNode: string;
}

/** FIFO of keys; a key already queued is not queued twice. */
export class WorkQueue {
  private readonly items: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.items.push(key);
  }

  next(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head++]!;
    this.queued.delete(key);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return key;
  }

  get length(): number {
    return this.items.length - this.head;
  }
}

export interface Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  /** The kinds whose changes this controller observes; every kind when absent. */
  readonly kinds?: readonly string[];
  /** React to a change in the store by queueing keys. Must not write. */
  observe(event: WatchEvent): void;
  /** Bring one key to its desired state: compute a plan, then apply it. */
  sync(key: string): void;
  /** Timers of the kinds this controller owns. */
  readonly timerKinds?: readonly string[];
  onTimer?(kind: string, key: string): void;
  /** Rebuild any derived state from the store (after restore). */
  resync?(): void;
}

export function isBeingDeleted(obj: StoredObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}
