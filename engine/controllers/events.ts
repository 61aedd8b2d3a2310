/**
 * The event recorder (client-go tools/record): Events named `<object>.<hex of the
 * timestamp in nanoseconds>`, and the correlator's aggregation — the same source, object,
 * type, reason and message within ten minutes bumps `count` and `lastTimestamp` of the
 * existing Event instead of creating another (what describe shows as `(x3 over 2m)`).
 */
import type { Event } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import type { VirtualClock } from "../core/clock.ts";
import { deepClone } from "../core/clone.ts";
import type { TimerQueue } from "../core/timers.ts";
import type { ObjectStore } from "../store/store.ts";

export interface EventSource {
  readonly component: string;
  readonly host?: string;
  /**
   * Set for components that record through events.k8s.io/v1 (the scheduler): the Event then
   * has eventTime, action and reportingInstance, an empty source and no first/last
   * timestamps, and repeats are counted in `series` instead of `count`.
   */
  readonly newApi?: { readonly action: string; readonly instance: string };
}

/** Event objects live for an hour on the real API server (--event-ttl). */
export const eventTtlMs = 60 * 60 * 1000;
export const eventTtlTimerKind = "events.ttl";

export interface EventRecorderState {
  readonly recent: readonly (readonly [string, string])[];
  readonly lastNanos: string;
  readonly expiries: readonly (readonly [number, string])[];
  readonly lastWriteMs: readonly (readonly [string, number])[];
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

export class EventRecorder {
  private readonly store: ObjectStore;
  private readonly clock: VirtualClock;
  /** correlation key → event name, for aggregation. */
  private readonly recent = new Map<string, string>();
  /** Nanoseconds exceed 2^53, so they are kept as a BigInt. */
  private lastNanos = 0n;
  /** Off while the bench measures pure controller speed. */
  enabled = true;

  private readonly timers: TimerQueue;

  constructor(store: ObjectStore, clock: VirtualClock, timers: TimerQueue) {
    this.store = store;
    this.clock = clock;
    this.timers = timers;
  }

  /**
   * kube-apiserver --event-ttl: an Event goes an hour after it was last written. Writes come
   * in time order, so expiries are a FIFO queue with one timer for its head, not a timer each.
   */
  private expiries: [number, string][] = [];
  private expiryHead = 0;
  private readonly lastWriteMs = new Map<string, number>();

  private renewTtl(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const at = this.clock.nowMs + eventTtlMs;
    this.lastWriteMs.set(key, this.clock.nowMs);
    this.expiries.push([at, key]);
    if (this.expiries.length - this.expiryHead === 1) this.timers.schedule(at, eventTtlTimerKind, "");
  }

  /** Delete every Event whose last write is an hour old, then wait for the next one. */
  expire(): void {
    const now = this.clock.nowMs;
    const eventResource = resourceForKind("Event")!;
    while (this.expiryHead < this.expiries.length && this.expiries[this.expiryHead]![0] <= now) {
      const [, key] = this.expiries[this.expiryHead++]!;
      const last = this.lastWriteMs.get(key);
      if (last === undefined || last + eventTtlMs > now) continue;
      this.lastWriteMs.delete(key);
      const [ns, name] = key.split("/") as [string, string];
      if (this.store.get("events", ns, name)) this.store.delete(eventResource, ns, name);
    }
    if (this.expiryHead > 1024 && this.expiryHead * 2 > this.expiries.length) {
      this.expiries = this.expiries.slice(this.expiryHead);
      this.expiryHead = 0;
    }
    const next = this.expiries[this.expiryHead];
    if (next) this.timers.schedule(next[0], eventTtlTimerKind, "");
  }

  record(
    involved: StoredObject,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    if (!this.enabled) return;
    const resource = resourceForKind("Event")!;
    const ns = involved.metadata.namespace ?? "default";
    const corrKey = [
      source.component,
      source.host ?? "",
      involved.metadata.uid,
      fieldPath ?? "",
      type,
      reason,
      message,
    ].join("\0");
    const now = this.clock.rfc3339();
    const existingName = this.recent.get(corrKey);
    if (existingName) {
      const existing = this.store.get("events", ns, existingName) as (Mutable<Event> & StoredObject) | undefined;
      if (existing) {
        const next = deepClone(existing) as typeof existing & { series?: { count: number; lastObservedTime: string } };
        if (source.newApi) {
          next.series = { count: (next.series?.count ?? 1) + 1, lastObservedTime: microTime(this.clock.nowMs) };
        } else {
          next.count = (next.count ?? 1) + 1;
          next.lastTimestamp = now;
        }
        next.metadata.resourceVersion = "";
        this.store.update(resource, next);
        this.renewTtl(ns, existingName);
        return;
      }
    }
    // Nanosecond timestamps must be unique per event: bump by one when two land in the same instant.
    let nanos = BigInt(this.clock.nowMs) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const name = `${involved.metadata.name}.${nanos.toString(16)}`;
    const event: Mutable<Event> = {
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: source.newApi
        ? {}
        : source.host
          ? { component: source.component, host: source.host }
          : { component: source.component },
      firstTimestamp: (source.newApi ? null : now) as string,
      lastTimestamp: (source.newApi ? null : now) as string,
      ...(source.newApi ? {} : { count: 1 }),
      type,
      eventTime: (source.newApi ? microTime(this.clock.nowMs) : null) as string,
      ...(source.newApi ? { action: source.newApi.action } : {}),
      reportingComponent: source.component,
      reportingInstance: source.newApi?.instance ?? source.host ?? "",
    };
    if (!involved.metadata.namespace) delete event.involvedObject.namespace;
    const created = this.store.create(resource, event, { owned: true });
    if (created.ok) {
      this.recent.set(corrKey, name);
      this.renewTtl(ns, name);
    }
  }

  save(): EventRecorderState {
    return {
      recent: [...this.recent],
      lastNanos: this.lastNanos.toString(),
      expiries: this.expiries.slice(this.expiryHead),
      lastWriteMs: [...this.lastWriteMs],
    };
  }

  load(state: EventRecorderState): void {
    this.recent.clear();
    for (const [k, v] of state.recent) this.recent.set(k, v);
    this.lastNanos = BigInt(state.lastNanos);
    this.expiries = state.expiries.map(([a, k]) => [a, k]);
    this.expiryHead = 0;
    this.lastWriteMs.clear();
    for (const [k, v] of state.lastWriteMs) this.lastWriteMs.set(k, v);
  }
}
