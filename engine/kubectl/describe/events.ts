/**
 * The Events block every describer ends with: `searchEvents` (the field selector kubectl
 * sends) and `DescribeEvents` (k/kubectl pkg/describe/describe.go).
 */
import type { Event } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../api/object.ts";
import type { Cluster } from "../../simulation/cluster.ts";
import { humanDuration, translateTimestampSince } from "../printers/duration.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, LEVEL_1 } from "./writer.ts";

export type StoredEvent = Event & StoredObject;

/** What kubectl's field selector names: involvedObject.name/namespace, and kind and uid when given. */
export interface EventQuery {
  readonly name: string;
  readonly namespace: string;
  readonly kind?: string;
  readonly uid?: string;
}

/**
 * Events about an object, in the order the API server lists them (namespace, then name —
 * and names are `<object>.<hex nanoseconds>`, so creation order). A cluster-scoped object's
 * events are searched in every namespace with `involvedObject.namespace=""`, as upstream does.
 */
export function searchEvents(cluster: Cluster, q: EventQuery): StoredEvent[] {
  const events = cluster.list("events", q.namespace ? { namespace: q.namespace } : {}) as StoredEvent[];
  return events.filter((e) => {
    const o = e.involvedObject;
    return (
      (o.name ?? "") === q.name &&
      (o.namespace ?? "") === q.namespace &&
      (q.kind === undefined || (o.kind ?? "") === q.kind) &&
      (q.uid === undefined || (o.uid ?? "") === q.uid)
    );
  });
}

/** `searchEvents(client, obj)`: by name, namespace, kind and uid of the object itself. */
export function eventsFor(cluster: Cluster, obj: StoredObject): StoredEvent[] {
  return searchEvents(cluster, {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? "",
    kind: obj.kind,
    uid: obj.metadata.uid,
  });
}

function timeMs(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `translateMicroTimestampSince` / `translateTimestampSince`: `<unknown>` for the zero time. */
function since(t: string | undefined | null, nowMs: number): string {
  const ms = timeMs(t);
  return ms === undefined ? "<unknown>" : humanDuration(nowMs - ms);
}

/**
 * `event.SortableEvents`: by lastTimestamp, oldest first; an event recorded through
 * events.k8s.io (the scheduler's `Scheduled`) has none, counts as the zero time and comes
 * first. Go's sort.Sort is an insertion sort up to 12 elements, so equal times keep the
 * list order there; beyond 12 Go's pdqsort may swap equal neighbours — here they stay in
 * list order (a shortcut that only shows with more than 12 events at the same second).
 */
export function sortEvents(events: readonly StoredEvent[]): StoredEvent[] {
  const key = (e: StoredEvent) => timeMs(e.lastTimestamp) ?? Number.NEGATIVE_INFINITY;
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => key(a.e) - key(b.e) || a.i - b.i)
    .map((x) => x.e);
}

/**
 * `DescribeEvents`: `Events:\t<none>` (aligned with the lines above), or a flushed table
 * `Type Reason Age From Message` where Age is `5s` or `94s (x2 over 2m9s)` — the last
 * occurrence, the count, and the first occurrence.
 */
export function describeEvents(events: readonly StoredEvent[], w: PrefixWriter, nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sortEvents(events)) {
    const first = e.eventTime ? since(e.eventTime, nowMs) : translateTimestampSince(e.firstTimestamp, nowMs);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || "";
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${(e.message ?? "").trim()}\n`);
  }
}
