/**
 * Shared machinery of the property tests: fast-check parameters (a fixed seed per test,
 * overridable with FC_SEED; FC_RUNS scales every test's run count), clusters, a JSON
 * snapshot of every stored object, and the op runner the generated sequences go through.
 */
import type { Parameters } from "fast-check";
import { it } from "vitest";
import type { Cluster, Result, SettleResult, StoredObject } from "../../engine/index.ts";
import { createCluster, resources } from "../../engine/index.ts";
import type { Op } from "./arbitraries.ts";

/** fast-check parameters: the test's own seed and run count unless FC_SEED / FC_RUNS say otherwise. */
export function fcParams<T>(seed: number, numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const envSeed = process.env.FC_SEED;
  const envRuns = process.env.FC_RUNS;
  return {
    seed: envSeed !== undefined && envSeed !== "" ? Number(envSeed) : seed,
    numRuns: envRuns !== undefined && envRuns !== "" ? Math.max(1, Math.round(Number(envRuns))) : numRuns,
    endOnFailure: false,
    ...extra,
  };
}

/** `it` for a test that reproduces a bug: `it.fails` while the bug is open (see known-bugs.ts). */
export function itOpen(open: boolean): typeof it {
  return open ? (it.fails as typeof it) : it;
}

/** A fresh, booted cluster: debug freezing on, so any in-place change of a stored object throws. */
export function newCluster(seed = 1, nodes = 2): Cluster {
  const r = createCluster({ seed, nodes, debugFreeze: true });
  if (!r.ok) throw new Error(`test setup: ${r.message}`);
  return r.cluster;
}

/** Every object of every resource, as the public API lists them. */
export function allObjects(cluster: Cluster): Record<string, StoredObject[]> {
  const out: Record<string, StoredObject[]> = {};
  for (const r of resources) out[r.resource] = cluster.list(r.resource);
  return out;
}

/** A byte-comparable picture of the whole cluster: every object of every resource, and the clock. */
export function stateJson(cluster: Cluster): string {
  return JSON.stringify({ now: cluster.now, objects: allObjects(cluster) });
}

/** A result reduced to what must match between two runs (the stored object, or the status). */
export function resultJson(r: Result<StoredObject>): string {
  return JSON.stringify(r.ok ? { ok: true, value: r.value } : { ok: false, status: r.status });
}

export interface OpOutcome {
  /** Every write's result, in order (an advance reports its SettleResult instead). */
  readonly results: string[];
  /** Whether each settle/advance reported that the controllers went quiet. */
  readonly allSettled: boolean;
}

/** Walk `path` (indexes into sorted keys) down a copy of `obj` and put `value` there. */
export function mutateAt(obj: unknown, path: readonly number[], value: unknown): unknown {
  if (path.length === 0 || obj === null || typeof obj !== "object") return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(obj)
    ? [...obj]
    : { ...(obj as Record<string, unknown>) };
  const keys = Object.keys(copy).sort();
  if (keys.length === 0) return value;
  const key = keys[path[0]! % keys.length]!;
  const rest = path.slice(1);
  (copy as Record<string, unknown>)[key] =
    rest.length === 0 ? value : mutateAt((copy as Record<string, unknown>)[key], rest, value);
  return copy;
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** The object an op aimed at an existing object works on: the n-th of a resource, in list order. */
function existing(cluster: Cluster, resource: string, index: number): StoredObject | undefined {
  return pick(cluster.list(resource), index);
}

/** What one op did: the results of its writes, or what settle()/advance() reported. */
export interface OpResult {
  readonly writes: readonly Result<StoredObject>[];
  readonly settle?: SettleResult;
}

/** Carry out one generated op. */
export function execOp(cluster: Cluster, op: Op): OpResult {
  const one = (r: Result<StoredObject>): OpResult => ({ writes: [r] });
  const none: OpResult = { writes: [] };
  switch (op.type) {
    case "create":
      return one(cluster.create(op.object, op.opts));
    case "update":
      return one(cluster.update(op.object, op.opts));
    case "updateStatus":
      return one(cluster.updateStatus(op.object, op.opts));
    case "apply":
      return { writes: cluster.apply(op.objects, op.opts) };
    case "delete":
      return one(cluster.delete(op.resource, op.name, op.opts));
    case "deleteExisting": {
      const obj = existing(cluster, op.resource, op.index);
      if (!obj) return none;
      return one(cluster.delete(op.resource, obj.metadata.name, { ...op.opts, namespace: obj.metadata.namespace }));
    }
    case "mutateExisting": {
      const obj = existing(cluster, op.resource, op.index);
      if (!obj) return none;
      const next = mutateAt(obj, op.path, op.value);
      return one(op.status ? cluster.updateStatus(next) : cluster.update(next));
    }
    case "scale": {
      const obj = existing(cluster, op.resource, op.index) as (StoredObject & { spec?: object }) | undefined;
      if (!obj) return none;
      return one(cluster.update({ ...obj, spec: { ...(obj.spec ?? {}), replicas: op.replicas } }));
    }
    case "relabel": {
      const obj = existing(cluster, op.resource, op.index);
      if (!obj) return none;
      return one(cluster.update({ ...obj, metadata: { ...obj.metadata, labels: op.labels } }));
    }
    case "adopt": {
      // Point an object's ownerReferences at another live object (or at a made-up owner).
      const owner = existing(cluster, op.ownerResource, op.ownerIndex);
      const obj = existing(cluster, op.resource, op.index);
      if (!owner || !obj) return none;
      const ref = {
        apiVersion: owner.apiVersion,
        kind: owner.kind,
        name: op.wrongName ? `${owner.metadata.name}x` : owner.metadata.name,
        uid: op.wrongUid ? "00000000-0000-4000-8000-000000000000" : owner.metadata.uid,
        ...(op.controller ? { controller: true } : {}),
        ...(op.block ? { blockOwnerDeletion: true } : {}),
      };
      return one(cluster.update({ ...obj, metadata: { ...obj.metadata, ownerReferences: [ref] } }));
    }
    case "advance":
      return { writes: [], settle: cluster.advance(op.seconds) };
    case "settle":
      return { writes: [], settle: cluster.settle() };
  }
}

/** Carry out one generated op. Returns what the op reported, as text to compare between runs. */
export function runOp(cluster: Cluster, op: Op): string {
  const r = execOp(cluster, op);
  return r.settle ? JSON.stringify(r.settle) : `[${r.writes.map(resultJson).join(",")}]`;
}

/** Run ops in order; every op's report and whether every settle succeeded. */
export function runOps(cluster: Cluster, ops: readonly Op[]): OpOutcome {
  const results: string[] = [];
  let allSettled = true;
  for (const op of ops) {
    const r = runOp(cluster, op);
    results.push(r);
    if ((op.type === "advance" || op.type === "settle") && !(JSON.parse(r) as { settled: boolean }).settled)
      allSettled = false;
  }
  return { results, allSettled };
}
