/**
 * kubook's engine behind the bench interface. Everything here is synchronous underneath
 * (the engine runs on virtual time); the async signatures only match webernetes'.
 */

import type { Pod } from "kubernetes-types/core/v1";
import type { Cluster } from "#engine";
import { createCluster } from "#engine";
import type { AppObject, BenchSystem, BootOptions, RequestLoop, SliceLike, SliceTracker } from "./workloads.ts";
import { clientPod, waitTimeouts } from "./workloads.ts";

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

  /** busybox:1.36 `sleep infinity`, as a user would start a client pod to curl from. */
  async startClient(ns: string, name: string): Promise<void> {
    const c = this.c;
    let running = false;
    const unwatch = c.watch((e) => {
      if (e.resource.kind !== "Pod" || e.object.metadata.name !== name || e.object.metadata.namespace !== ns) return;
      const status = (e.object as Pod).status;
      running = e.type !== "DELETED" && status?.phase === "Running" && !!status.podIP;
    });
    try {
      await this.apply([clientPod(name, "busybox:1.36", ["sleep", "infinity"])]);
      if (!c.waitFor(() => running, { timeoutSeconds: waitTimeouts.virtualSeconds }))
        throw new Error(
          `kubook: client pod ${ns}/${name} not Running with an IP within ${waitTimeouts.virtualSeconds} s`,
        );
    } finally {
      unwatch();
    }
  }

  /**
   * `cluster.network.fetch` from the pod, `count` times: each call resolves the name through the
   * pod's resolv.conf (cluster DNS), goes through kube-proxy to an endpoint, and lets virtual
   * time pass by what the request took (so timers due meanwhile fire, as they would).
   */
  async requestLoop(ns: string, pod: string, url: string, count: number): Promise<RequestLoop> {
    const network = this.c.network;
    const source = { kind: "pod", namespace: ns, pod } as const;
    let ok = 0;
    let firstFailure: string | undefined;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const r = network.fetch(source, url);
      if (r.ok && r.response.status === 200) ok++;
      else
        firstFailure ??= r.ok
          ? `request ${i + 1}: HTTP ${r.response.status}`
          : `request ${i + 1}: ${r.failure}: ${r.message}`;
    }
    const ms = performance.now() - t0;
    return { ms, ok, failures: count - ok, ...(firstFailure ? { firstFailure } : {}) };
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
