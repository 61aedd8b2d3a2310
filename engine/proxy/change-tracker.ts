/**
 * Which Services need their rules rebuilt. Upstream keeps a `ServiceChangeTracker` and an
 * `EndpointsChangeTracker` of pending changes and applies both in `syncProxyRules`; here
 * both reduce to the set of `namespace/name` keys touched since the last sync, because the
 * rules of one Service are rebuilt from the store as a whole.
 */
import type { StoredObject } from "../api/object.ts";
import type { WatchEvent } from "../store/store.ts";

export class ServiceChangeTracker {
  private readonly pending = new Set<string>();

  /** Record a Service or EndpointSlice change; other kinds are ignored. */
  observe(e: WatchEvent): void {
    const key = changedServiceKey(e.resource.kind, e.object);
    if (key) this.pending.add(key);
    if (e.resource.kind === "EndpointSlice" && e.old) {
      // A slice relabelled to another Service changes both.
      const old = changedServiceKey("EndpointSlice", e.old);
      if (old) this.pending.add(old);
    }
  }

  markAll(keys: Iterable<string>): void {
    for (const k of keys) this.pending.add(k);
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /** The keys to sync, sorted, and forget them. */
  take(): string[] {
    const keys = [...this.pending].sort();
    this.pending.clear();
    return keys;
  }
}

function changedServiceKey(kind: string, obj: StoredObject): string | undefined {
  const ns = obj.metadata.namespace ?? "";
  if (kind === "Service") return `${ns}/${obj.metadata.name}`;
  if (kind === "EndpointSlice") {
    const svc = obj.metadata.labels?.["kubernetes.io/service-name"];
    return svc ? `${ns}/${svc}` : undefined;
  }
  return undefined;
}
