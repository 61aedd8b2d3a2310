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
import type { ObjectStore } from "../store/store.ts";

export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

const aggregationWindowMs = 10 * 60 * 1000;
/** Event objects live for an hour on the real API server (--event-ttl). */
export const eventTtlMs = 60 * 60 * 1000;

export class EventRecorder {
  private readonly store: ObjectStore;
  private readonly clock: VirtualClock;
  /** correlation key → event name, for aggregation. */
  private readonly recent = new Map<string, string>();
  /** Nanoseconds exceed 2^53, so they are kept as a BigInt. */
  private lastNanos = 0n;
  /** Off while the bench measures pure controller speed. */
  enabled = true;

  constructor(store: ObjectStore, clock: VirtualClock) {
    this.store = store;
    this.clock = clock;
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
      if (existing && this.clock.nowMs - Date.parse(existing.lastTimestamp ?? now) < aggregationWindowMs) {
        const next = deepClone(existing);
        next.count = (next.count ?? 1) + 1;
        next.lastTimestamp = now;
        next.metadata.resourceVersion = "";
        this.store.update(resource, next);
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
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: undefined,
      reportingComponent: source.component,
      reportingInstance: source.host ?? "",
    };
    if (!involved.metadata.namespace) delete event.involvedObject.namespace;
    const created = this.store.create(resource, event);
    if (created.ok) this.recent.set(corrKey, name);
  }

  save(): { recent: [string, string][]; lastNanos: string } {
    return { recent: [...this.recent], lastNanos: this.lastNanos.toString() };
  }

  load(state: { recent: readonly (readonly [string, string])[]; lastNanos: string }): void {
    this.recent.clear();
    for (const [k, v] of state.recent) this.recent.set(k, v);
    this.lastNanos = BigInt(state.lastNanos);
  }
}
