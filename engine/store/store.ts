/**
 * The object store: what etcd plus the generic registry give the real API server.
 * Pipeline of a write: caller's object → (registry strategy: decode, default, validate,
 * allocate — engine/registry) → store: metadata (uid, resourceVersion, creationTimestamp,
 * generation, generateName) → table → watch event to every subscriber, in order.
 *
 * Objects in the tables are never mutated: a write replaces the object. `get` and `list`
 * return the stored objects themselves (read-only by contract) so controllers read without
 * copying; the public API copies before handing anything out. In tests the store can
 * freeze what it holds to catch a violation of that contract.
 */
import type { KubeObject, StoredObject } from "../api/object.ts";
import { objectKey } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import { apiVersionOf, qualifiedResource, resourceForKind } from "../api/resources.ts";
import type { ApiStatus, Result } from "../api/status.ts";
import { alreadyExists, badRequest, conflict, fail, notFound, ok } from "../api/status.ts";
import { assert } from "../core/assert.ts";
import { timeMaxMs, type VirtualClock } from "../core/clock.ts";
import { deepClone, deepEqual } from "../core/clone.ts";
import { limits } from "../core/limits.ts";
import type { RandomStream } from "../core/random.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly resource: ResourceInfo;
  readonly object: StoredObject;
  /** The object before a MODIFIED event. */
  readonly old?: StoredObject;
}

export type WatchHandler = (event: WatchEvent) => void;

/** The random suffix alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no 0, 1, 3. */
export const nameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
const generateNameBaseLengthMax = 58;
const generateNameSuffixLength = 5;

export interface StoreState {
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, StoredObject>>;
  readonly resourceVersion: number;
}

export interface StoreOptions {
  readonly clock: VirtualClock;
  readonly names: RandomStream;
  readonly uids: RandomStream;
  /** Freeze stored objects so that any in-place mutation throws (tests). */
  readonly freeze?: boolean;
}

/** An index maps an object to the values it is found under. */
export type IndexFunc = (obj: StoredObject) => readonly string[];

interface Index {
  readonly resource: string;
  readonly fn: IndexFunc;
  /** The part of the object the index reads; an update that keeps the same reference keeps the index as is. */
  readonly input?: (obj: StoredObject) => unknown;
  readonly entries: Map<string, Set<string>>;
}

export class ObjectStore {
  private tables = new Map<string, Map<string, StoredObject>>();
  private resourceVersion = 0;
  private readonly handlers: WatchHandler[] = [];
  private readonly indexes = new Map<string, Index>();
  private readonly opts: StoreOptions;

  constructor(opts: StoreOptions) {
    this.opts = opts;
  }

  /** Subscribe to every change, in the order they happen. */
  watch(handler: WatchHandler): void {
    this.handlers.push(handler);
  }

  get currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  addIndex(name: string, resource: string, fn: IndexFunc, input?: (obj: StoredObject) => unknown): void {
    const index: Index = { resource, fn, entries: new Map(), ...(input ? { input } : {}) };
    this.indexes.set(name, index);
    for (const obj of this.tables.get(resource)?.values() ?? []) this.indexAdd(index, obj);
  }

  /** Keys of the objects found under `value` in the named index. */
  byIndex(name: string, value: string): ReadonlySet<string> {
    const index = this.indexes.get(name);
    assert(index, `no index named ${name}`);
    return index.entries.get(value) ?? emptySet;
  }

  get(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.tables.get(resource)?.get(objectKey(namespace, name));
  }

  getByKey(resource: string, key: string): StoredObject | undefined {
    return this.tables.get(resource)?.get(key);
  }

  count(resource: string): number {
    return this.tables.get(resource)?.size ?? 0;
  }

  /** Objects of a resource, optionally in one namespace, sorted by namespace then name. */
  list(resource: string, namespace?: string): StoredObject[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    const out: StoredObject[] = [];
    for (const obj of table.values())
      if (namespace === undefined || obj.metadata.namespace === namespace) out.push(obj);
    return out.sort(compareObjects);
  }

  /**
   * Persist a new object. The caller has already defaulted and validated it; the store
   * fills in server-set metadata. `obj` is copied.
   */
  create(resource: ResourceInfo, input: KubeObject, opts: { owned?: boolean } = {}): Result<StoredObject> {
    const obj = (opts.owned ? input : deepClone(input)) as StoredObject;
    obj.apiVersion = apiVersionOf(resource);
    obj.kind = resource.kind;
    const meta = (obj.metadata ??= {} as StoredObject["metadata"]);
    if (!resource.namespaced) delete meta.namespace;
    if (!meta.name && meta.generateName) {
      const name = this.generateName(resource, meta.namespace, meta.generateName);
      if (name === undefined) {
        return fail(
          alreadyExists(qualifiedResource(resource), `${meta.generateName}${"x".repeat(generateNameSuffixLength)}`),
        );
      }
      meta.name = name;
    }
    if (!meta.name) return fail(badRequest("resource name may not be empty"));
    const table = this.table(resource.resource);
    const key = objectKey(meta.namespace, meta.name);
    if (table.has(key)) return fail(alreadyExists(qualifiedResource(resource), meta.name));
    if (table.size >= limits.objectsPerResourceMax) {
      return fail(
        badRequest(
          `kubook: too many ${resource.resource} (the simulation holds at most ${limits.objectsPerResourceMax})`,
        ),
      );
    }
    meta.uid = this.newUid();
    meta.creationTimestamp = this.opts.clock.rfc3339();
    meta.resourceVersion = this.nextResourceVersion();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (hasGeneration(obj)) meta.generation = 1;
    else delete meta.generation;
    this.put(resource, key, obj, undefined);
    return ok(obj);
  }

  /**
   * Replace a stored object. With a resourceVersion set, it must match (optimistic
   * concurrency, as the API server's Conflict). Takes ownership of `obj`: the caller must
   * not change it afterwards. Returns the stored object, or the same one unchanged when the
   * write changes nothing (the API server does not bump resourceVersion for a no-op).
   */
  update(resource: ResourceInfo, input: StoredObject, opts: { keepGeneration?: boolean } = {}): Result<StoredObject> {
    // The top level and metadata are copied (cheaply): callers often build the new version
    // by spreading the stored one, whose metadata is shared and must not be written to.
    const obj = { ...input, metadata: { ...input.metadata } } as StoredObject;
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const current = this.tables.get(resource.resource)?.get(key);
    if (!current) return fail(notFound(qualifiedResource(resource), obj.metadata.name));
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) {
      return fail(
        conflict(
          qualifiedResource(resource),
          obj.metadata.name,
          "the object has been modified; please apply your changes to the latest version and try again",
        ),
      );
    }
    obj.apiVersion = current.apiVersion;
    obj.kind = current.kind;
    const meta = obj.metadata;
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    if (current.metadata.namespace) meta.namespace = current.metadata.namespace;
    // deletionTimestamp can only be set by delete, never by an update.
    if (current.metadata.deletionTimestamp) {
      meta.deletionTimestamp = current.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (opts.keepGeneration) meta.generation = current.metadata.generation;
    else if (hasGeneration(obj)) {
      const specChanged = !deepEqual(specPart(obj), specPart(current));
      meta.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    meta.resourceVersion = current.metadata.resourceVersion;
    if (deepEqual(obj, current)) return ok(current);
    meta.resourceVersion = this.nextResourceVersion();
    // An object being deleted whose last finalizer is removed goes away now.
    const hadFinalizers = (current.metadata.finalizers?.length ?? 0) > 0;
    if (
      meta.deletionTimestamp &&
      hadFinalizers &&
      (meta.finalizers?.length ?? 0) === 0 &&
      !(meta.deletionGracePeriodSeconds! > 0)
    ) {
      this.remove(resource, key, obj);
      return ok(obj);
    }
    this.put(resource, key, obj, current);
    return ok(obj);
  }

  /**
   * Delete as the API server does: an object with finalizers, or a pod with a grace
   * period, is only marked (deletionTimestamp) and stays until the finalizers are gone or
   * the kubelet confirms; anything else is removed now.
   */
  delete(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
    opts: { gracePeriodSeconds?: number; preconditionUid?: string; markOnly?: boolean } = {},
  ): Result<StoredObject> {
    const key = objectKey(namespace, name);
    const current = this.tables.get(resource.resource)?.get(key);
    if (!current) return fail(notFound(qualifiedResource(resource), name));
    if (opts.preconditionUid && opts.preconditionUid !== current.metadata.uid) {
      return fail(
        conflict(
          qualifiedResource(resource),
          name,
          `Precondition failed: UID in precondition: ${opts.preconditionUid}, UID in object meta: ${current.metadata.uid}`,
        ),
      );
    }
    const grace = Math.max(0, opts.gracePeriodSeconds ?? 0);
    const finalizers = current.metadata.finalizers?.length ?? 0;
    if (finalizers === 0 && grace === 0 && !opts.markOnly) {
      this.remove(resource, key, current);
      return ok(current);
    }
    const existingDeadline = current.metadata.deletionTimestamp;
    const deadline = this.opts.clock.rfc3339(Math.min(this.opts.clock.nowMs + grace * 1000, timeMaxMs));
    // A second delete may shorten the grace period but never lengthen it.
    if (
      existingDeadline &&
      existingDeadline <= deadline &&
      current.metadata.deletionGracePeriodSeconds !== undefined &&
      current.metadata.deletionGracePeriodSeconds <= grace
    ) {
      return ok(current);
    }
    const marked = deepClone(current);
    marked.metadata.deletionTimestamp = deadline;
    marked.metadata.deletionGracePeriodSeconds = grace;
    if (hasGeneration(marked)) marked.metadata.generation = (current.metadata.generation ?? 1) + 1;
    marked.metadata.resourceVersion = this.nextResourceVersion();
    this.put(resource, key, marked, current);
    return ok(marked);
  }

  /** Remove a marked object now (the kubelet's final delete, or the end of finalization). */
  finalizeDelete(resource: ResourceInfo, namespace: string | undefined, name: string): Result<StoredObject> {
    const key = objectKey(namespace, name);
    const current = this.tables.get(resource.resource)?.get(key);
    if (!current) return fail(notFound(qualifiedResource(resource), name));
    if ((current.metadata.finalizers?.length ?? 0) > 0) {
      const marked = deepClone(current);
      marked.metadata.deletionGracePeriodSeconds = 0;
      marked.metadata.resourceVersion = this.nextResourceVersion();
      this.put(resource, key, marked, current);
      return ok(marked);
    }
    this.remove(resource, key, current);
    return ok(current);
  }

  save(): StoreState {
    const tables = new Map<string, ReadonlyMap<string, StoredObject>>();
    for (const [r, t] of this.tables) tables.set(r, new Map(t));
    return { tables, resourceVersion: this.resourceVersion };
  }

  /** Restore a saved state. Watchers are not told; the caller rebuilds derived state. */
  load(state: StoreState): void {
    this.tables = new Map();
    for (const [r, t] of state.tables) this.tables.set(r, new Map(t));
    this.resourceVersion = state.resourceVersion;
    for (const index of this.indexes.values()) {
      index.entries.clear();
      for (const obj of this.tables.get(index.resource)?.values() ?? []) this.indexAdd(index, obj);
    }
  }

  private table(resource: string): Map<string, StoredObject> {
    let t = this.tables.get(resource);
    if (!t) {
      t = new Map();
      this.tables.set(resource, t);
    }
    return t;
  }

  private put(resource: ResourceInfo, key: string, obj: StoredObject, old: StoredObject | undefined): void {
    if (this.opts.freeze) deepFreeze(obj);
    this.table(resource.resource).set(key, obj);
    for (const index of this.indexes.values()) {
      if (index.resource !== resource.resource) continue;
      // Stored objects share unchanged parts, so an unchanged input is the same reference.
      if (old && index.input && index.input(old) === index.input(obj)) continue;
      if (old) this.indexRemove(index, old);
      this.indexAdd(index, obj);
    }
    this.emit({ type: old ? "MODIFIED" : "ADDED", resource, object: obj, ...(old ? { old } : {}) });
  }

  private remove(resource: ResourceInfo, key: string, last: StoredObject): void {
    const current = this.tables.get(resource.resource)?.get(key);
    this.tables.get(resource.resource)?.delete(key);
    for (const index of this.indexes.values()) {
      if (index.resource === resource.resource && current) this.indexRemove(index, current);
    }
    const gone = deepClone(last);
    gone.metadata.resourceVersion = this.nextResourceVersion();
    if (this.opts.freeze) deepFreeze(gone);
    this.emit({ type: "DELETED", resource, object: gone });
  }

  private emit(event: WatchEvent): void {
    for (const h of this.handlers) h(event);
  }

  private indexAdd(index: Index, obj: StoredObject): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    for (const v of index.fn(obj)) {
      let set = index.entries.get(v);
      if (!set) {
        set = new Set();
        index.entries.set(v, set);
      }
      set.add(key);
    }
  }

  private indexRemove(index: Index, obj: StoredObject): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    for (const v of index.fn(obj)) {
      const set = index.entries.get(v);
      if (!set) continue;
      set.delete(key);
      if (set.size === 0) index.entries.delete(v);
    }
  }

  private nextResourceVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  /** A name for `generateName` that is free right now (the API server names objects before validating them). */
  generateName(resource: ResourceInfo, namespace: string | undefined, base: string): string | undefined {
    const prefix = base.length > generateNameBaseLengthMax ? base.slice(0, generateNameBaseLengthMax) : base;
    const table = this.table(resource.resource);
    for (let i = 0; i < limits.generateNameAttemptsMax; i++) {
      const name = prefix + this.opts.names.string(generateNameSuffixLength, nameSuffixAlphabet);
      if (!table.has(objectKey(namespace, name))) return name;
    }
    return undefined;
  }

  private newUid(): string {
    const r = this.opts.uids;
    const word = () => hex32(r.uint32());
    const a = word();
    const b = word();
    const c = word();
    const d = word();
    const variant = "89ab"[Number.parseInt(c[0]!, 16) & 3];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

const emptySet: ReadonlySet<string> = new Set();

const hexBytes = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(n: number): string {
  return hexBytes[(n >>> 24) & 255]! + hexBytes[(n >>> 16) & 255]! + hexBytes[(n >>> 8) & 255]! + hexBytes[n & 255]!;
}

function compareObjects(a: StoredObject, b: StoredObject): number {
  const an = a.metadata.namespace ?? "";
  const bn = b.metadata.namespace ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** What generation counts: the spec, or for kinds without one (EndpointSlice) everything but metadata. */
function specPart(obj: StoredObject): unknown {
  const o = obj as unknown as Record<string, unknown>;
  if ("spec" in o) return o.spec;
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

/** Kinds whose metadata.generation the API server tracks (those with a spec it versions). */
function hasGeneration(obj: StoredObject): boolean {
  const r = resourceForKind(obj.kind);
  return r !== undefined && generationKinds.has(r.kind);
}

const generationKinds = new Set(["Deployment", "ReplicaSet", "DaemonSet", "Pod", "NetworkPolicy", "EndpointSlice"]);

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

export type { ApiStatus };
