/**
 * kubook's engine behind the bench interface. Everything here is synchronous underneath
 * (the engine runs on virtual time); the async signatures only match webernetes'.
 */
import type { Cluster } from "#engine";
import { createCluster } from "#engine";
import type { AppObject, BenchSystem, BootOptions, SliceLike, SliceTracker } from "./workloads.ts";

export class KubookSystem implements BenchSystem {
  readonly name = "kubook";
  readonly clock = "virtual";
  private cluster: Cluster | undefined;
  private unwatch: (() => void) | undefined;

  private get c(): Cluster {
    if (!this.cluster) throw new Error("kubook: boot() first");
    return this.cluster;
  }

  async boot(opts: BootOptions): Promise<void> {
    await this.close();
    // createCluster returns once the system pods are Ready (Cluster.boot waits for them).
    const r = createCluster({ seed: 1, nodes: opts.nodes });
    if (!r.ok) throw new Error(`kubook: createCluster failed: ${r.message}`);
    r.cluster.setEventsEnabled(opts.events);
    this.cluster = r.cluster;
  }

  async track(tracker: SliceTracker): Promise<void> {
    const c = this.c;
    for (const s of c.list("endpointslices")) tracker.observe("upsert", s as SliceLike);
    this.unwatch?.();
    // The watch handler runs synchronously inside the engine on every store change.
    this.unwatch = c.watch((e) => {
      if (e.resource.kind === "EndpointSlice")
        tracker.observe(e.type === "DELETED" ? "delete" : "upsert", e.object as SliceLike);
    });
  }

  async apply(objects: readonly AppObject[]): Promise<void> {
    const results = this.c.apply(objects);
    results.forEach((r, i) => {
      if (!r.ok) {
        const o = objects[i]!;
        throw new Error(`kubook: ${o.kind}/${o.metadata?.name} rejected: ${r.status.message}`);
      }
    });
  }

  async deletePod(ns: string, name: string): Promise<void> {
    const r = this.c.delete("pods", name, { namespace: ns });
    if (!r.ok) throw new Error(`kubook: delete pod ${ns}/${name}: ${r.status.message}`);
  }

  async waitUntil(done: () => boolean, timeoutSeconds: number): Promise<boolean> {
    return this.c.waitFor(done, { timeoutSeconds });
  }

  async close(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    this.cluster = undefined;
  }
}

/** The engine is loaded with this module (outside any timing). */
export async function createKubookSystem(): Promise<KubookSystem> {
  return new KubookSystem();
}
