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
import { openBugs } from "./known-bugs.ts";

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

/**
 * More watch events than any generated scenario makes (a few thousand at most). A controller
 * loop would otherwise spin until settle() gives up after limits.settleStepsMax steps, which
 * takes minutes; the guard turns it into a prompt failure.
 */
export const runawayEvents = 100_000;

/** Stop a runaway: throws from a watch handler once a cluster has emitted `runawayEvents` events. */
export function guardRunaway(cluster: Cluster, limit = runawayEvents): void {
  let events = 0;
  cluster.watch(() => {
    if (++events > limit) throw new Error(`runaway: more than ${limit} watch events (a controller loop?)`);
  });
}

/** A fresh, booted cluster: debug freezing on, so any in-place change of a stored object throws; runaway loops fail fast. */
export function newCluster(seed = 1, nodes = 2, limit = runawayEvents): Cluster {
  const r = createCluster({ seed, nodes, debugFreeze: true });
  if (!r.ok) throw new Error(`test setup: ${r.message}`);
  guardRunaway(r.cluster, limit);
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

/**
 * How two cluster states (stateJson) differ, object by object: one line per differing object
 * naming the first few differing fields, so a determinism failure reads as a diff and not as
 * two pages of JSON. Empty when they are byte-identical.
 */
export function stateDiff(a: string, b: string, max = 10): string[] {
  if (a === b) return [];
  type State = { now: string; objects: Record<string, StoredObject[]> };
  const x = JSON.parse(a) as State;
  const y = JSON.parse(b) as State;
  const out: string[] = [];
  if (x.now !== y.now) out.push(`now: ${x.now} vs ${y.now}`);
  const paths = (u: unknown, v: unknown, at: string, acc: string[]): void => {
    if (acc.length >= 3 || JSON.stringify(u) === JSON.stringify(v)) return;
    if (u && v && typeof u === "object" && typeof v === "object" && Array.isArray(u) === Array.isArray(v)) {
      const keys = new Set([...Object.keys(u), ...Object.keys(v)]);
      for (const k of keys)
        paths((u as Record<string, unknown>)[k], (v as Record<string, unknown>)[k], `${at}.${k}`, acc);
      return;
    }
    acc.push(`${at}: ${JSON.stringify(u)?.slice(0, 80)} vs ${JSON.stringify(v)?.slice(0, 80)}`);
  };
  for (const resource of new Set([...Object.keys(x.objects), ...Object.keys(y.objects)])) {
    const byKey = (list: StoredObject[] = []) =>
      new Map(list.map((o) => [`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o]));
    const xs = byKey(x.objects[resource]);
    const ys = byKey(y.objects[resource]);
    for (const k of new Set([...xs.keys(), ...ys.keys()])) {
      const acc: string[] = [];
      paths(xs.get(k), ys.get(k), "", acc);
      if (acc.length > 0) out.push(`${resource} ${k}: ${acc.join("; ")}`);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** The value of a result that must have succeeded (test setup). */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`test setup: ${r.status.message}`);
  return r.value;
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

/** JSON merge: objects merge key by key, anything else (arrays included) replaces. */
export function merge(base: unknown, patch: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v);
  return out;
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

/** Whether an op would only run into an open bug (see known-bugs.ts), so the broad properties skip it. */
function hitsOpenBug(op: Op, target: StoredObject | undefined): boolean {
  const ownedByDeployment =
    target?.kind === "ReplicaSet" &&
    (target.metadata.ownerReferences?.some((r) => r.kind === "Deployment" && r.controller === true) ?? false);
  const templateEdit = op.type === "patch" || op.type === "setImage" || op.type === "mutateExisting";
  if (openBugs.editedDeploymentReplicaSetLoops && templateEdit && ownedByDeployment) return true;
  const ownerEdit = op.type === "adopt" || op.type === "mutateExisting";
  if (openBugs.orphanedReplicaSetNotReadopted && ownerEdit && ownedByDeployment) return true;
  // A reference with the right uid and the wrong name is dangling upstream and gets collected.
  if (openBugs.ownerIdentityNotChecked && op.type === "adopt" && op.wrongName) return true;
  return false;
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
      if (!obj || hitsOpenBug(op, obj)) return none;
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
      if (!owner || !obj || hitsOpenBug(op, obj)) return none;
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
    case "patch": {
      const obj = existing(cluster, op.resource, op.index) as (StoredObject & { spec?: unknown }) | undefined;
      if (!obj || hitsOpenBug(op, obj)) return none;
      return one(cluster.update({ ...obj, spec: merge(obj.spec, op.patch) }));
    }
    case "setImage": {
      const obj = existing(cluster, op.resource, op.index) as
        | (StoredObject & { spec?: Record<string, unknown> })
        | undefined;
      if (!obj || hitsOpenBug(op, obj)) return none;
      type Containers = { containers?: { image?: string }[] };
      const withImage = (spec: Containers | undefined): Containers => ({
        ...spec,
        containers: (spec?.containers ?? []).map((c) => ({ ...c, image: op.image })),
      });
      const spec = obj.spec ?? {};
      const template = spec.template as { spec?: Containers } | undefined;
      const next =
        op.resource === "pods"
          ? withImage(spec)
          : { ...spec, template: { ...template, spec: withImage(template?.spec) } };
      return one(cluster.update({ ...obj, spec: next }));
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
