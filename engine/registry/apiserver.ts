/**
 * The simulated API server's request handling. A create runs, in order:
 *   type mapping → strict decoding → namespace checks → strategy (reset status) →
 *   defaulting → validation → allocation (Services) → store.
 * Every user mistake comes back as an ApiStatus value; nothing in here throws on input.
 * Updates run the same stages with the old object at hand; deletes apply grace periods,
 * finalizers and the propagation policy (the garbage collector does the cascading).
 */
import type { Service } from "kubernetes-types/core/v1";
import { decodeObject } from "../api/decode.ts";
import { defaulters } from "../api/defaults/index.ts";
import type { KubeObject, Mutable, StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import { apiVersionOf, qualifiedResource, resourceForKind, resourceForTypeMeta } from "../api/resources.ts";
import type { ApiStatus, Result } from "../api/status.ts";
import {
  alreadyExists,
  badRequest,
  fail,
  forbidden,
  goQuote,
  internalError,
  invalid,
  notFound,
  ok,
} from "../api/status.ts";
import { validateCreate, validateUpdate } from "../api/validation/index.ts";
import type { VirtualClock } from "../core/clock.ts";
import { deepClone } from "../core/clone.ts";
import type { RandomStream } from "../core/random.ts";
import { nameSuffixAlphabet, type ObjectStore } from "../store/store.ts";
import type { ServiceAllocators } from "./service-alloc.ts";
import { allocateService, releaseService, releaseTxn } from "./service-alloc.ts";
import { strategyFor } from "./strategies.ts";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/** A name that can stand in a URL path (rest.IsValidPathSegmentName): not empty, no `/` or `%`, not `.` or `..`. */
function isPathSegment(value: unknown): value is string {
  return typeof value === "string" && value !== "" && value !== "." && value !== ".." && !/[/%]/.test(value);
}

function describeName(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export interface WriteOptions {
  /** The request's namespace (kubectl's -n, or "default"). */
  readonly namespace?: string;
  /** Run every stage but do not persist (`--dry-run=server`). */
  readonly dryRun?: boolean;
  /**
   * A write by the control plane itself (controllers, kubelet): the object was built in
   * code, so it skips strict decoding and the defensive copy, and the API server takes
   * ownership of it. Never set for anything a user wrote.
   */
  readonly internal?: boolean;
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: PropagationPolicy;
  readonly dryRun?: boolean;
}

export interface ApiServerDeps {
  readonly store: ObjectStore;
  readonly clock: VirtualClock;
  readonly allocators: ServiceAllocators;
  /** Random names the admission chain makes (the kube-api-access volume). */
  readonly names: RandomStream;
  /** Validate the control plane's own writes too (tests); off, they skip validation for speed. */
  readonly checkInternalWrites: boolean;
}

const systemFinalizers = { orphan: "orphan", foreground: "foregroundDeletion" } as const;

export class ApiServer {
  private readonly deps: ApiServerDeps;

  constructor(deps: ApiServerDeps) {
    this.deps = deps;
  }

  get store(): ObjectStore {
    return this.deps.store;
  }

  /** The resource an object's apiVersion/kind maps to, or the server's error for an unknown one. */
  resolve(obj: KubeObject): Result<ResourceInfo> {
    const apiVersion = typeof obj?.apiVersion === "string" ? obj.apiVersion : "";
    const kind = typeof obj?.kind === "string" ? obj.kind : "";
    if (!kind) return fail(badRequest("Object 'Kind' is missing in the request body"));
    if (!apiVersion) return fail(badRequest("Object 'apiVersion' is missing in the request body"));
    const r = resourceForTypeMeta(apiVersion, kind);
    if (!r) return fail(badRequest(`no kind ${goQuote(kind)} is registered for version ${goQuote(apiVersion)}`));
    return ok(r);
  }

  create(input: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    const prepared = this.prepareCreate(input, opts);
    if (!prepared.ok) return prepared;
    const { resource, obj } = prepared.value;
    let txn: ReturnType<typeof allocateService>["txn"] | undefined;
    if (resource.kind === "Service") {
      const a = allocateService(this.deps.allocators, obj as Mutable<Service>, undefined);
      if (a.errors.length > 0) return fail(invalid(resource.kind, resource.group, obj.metadata.name ?? "", a.errors));
      if (a.internal.length > 0) return fail(internalError(a.internal[0]!));
      txn = a.txn;
    }
    if (opts.dryRun) {
      if (txn) releaseTxn(this.deps.allocators, txn);
      return ok(obj as StoredObject);
    }
    // The object is already a private copy (decoded and cloned, or handed over by the control plane).
    const created = this.deps.store.create(resource, obj, { owned: true });
    if (!created.ok && txn) releaseTxn(this.deps.allocators, txn);
    return created;
  }

  /** Replace an object's spec and metadata (status is kept). */
  update(input: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    return this.write(input, opts, "spec");
  }

  /** The status subresource: only status changes; used by controllers and the kubelet. */
  updateStatus(input: unknown, opts: WriteOptions = {}): Result<StoredObject> {
    return this.write(input, opts, "status");
  }

  get(resource: ResourceInfo, namespace: string | undefined, name: string): Result<StoredObject> {
    if (!isPathSegment(name) || (resource.namespaced && namespace !== undefined && !isPathSegment(namespace))) {
      return fail(notFound(qualifiedResource(resource), describeName(name)));
    }
    const obj = this.deps.store.get(resource.resource, resource.namespaced ? namespace : undefined, name);
    if (!obj) return fail(notFound(qualifiedResource(resource), name));
    return ok(obj);
  }

  delete(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Result<StoredObject> {
    if (!isPathSegment(name) || (resource.namespaced && namespace !== undefined && !isPathSegment(namespace))) {
      return fail(notFound(qualifiedResource(resource), describeName(name)));
    }
    const requestedGrace = opts.gracePeriodSeconds;
    if (requestedGrace !== undefined && (typeof requestedGrace !== "number" || !Number.isSafeInteger(requestedGrace))) {
      return fail(
        badRequest(
          `gracePeriodSeconds must be an integer, got ${typeof requestedGrace === "number" ? String(requestedGrace) : typeof requestedGrace}`,
        ),
      );
    }
    const requestedPolicy = opts.propagationPolicy;
    if (
      requestedPolicy !== undefined &&
      requestedPolicy !== "Background" &&
      requestedPolicy !== "Foreground" &&
      requestedPolicy !== "Orphan"
    ) {
      return fail(
        badRequest(
          `propagationPolicy: Unsupported value: ${typeof requestedPolicy === "string" ? goQuote(requestedPolicy) : "…"}: supported values: "Foreground", "Background", "Orphan"`,
        ),
      );
    }
    const ns = resource.namespaced ? namespace : undefined;
    const current = this.deps.store.get(resource.resource, ns, name);
    if (!current) return fail(notFound(qualifiedResource(resource), name));
    if (opts.dryRun) return ok(current);
    if (resource.kind === "Namespace") return this.deleteNamespace(current);
    const policy = opts.propagationPolicy ?? "Background";
    if (policy !== "Background") {
      const finalizer = policy === "Orphan" ? systemFinalizers.orphan : systemFinalizers.foreground;
      if (!(current.metadata.finalizers ?? []).includes(finalizer)) {
        const next = deepClone(current);
        next.metadata.finalizers = [...(next.metadata.finalizers ?? []), finalizer];
        const updated = this.deps.store.update(resource, next);
        if (!updated.ok) return updated;
      }
    }
    const grace = resource.kind === "Pod" ? this.podGracePeriod(current, opts.gracePeriodSeconds) : 0;
    return this.deps.store.delete(resource, ns, name, { gracePeriodSeconds: grace });
  }

  private podGracePeriod(pod: StoredObject, requested: number | undefined): number {
    const p = pod as StoredObject & {
      spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
      status?: { phase?: string };
    };
    // An unscheduled or finished pod has no kubelet to wait for: it goes at once.
    if (!p.spec?.nodeName) return 0;
    if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") return 0;
    const grace = requested ?? p.spec.terminationGracePeriodSeconds ?? 30;
    // `--grace-period=0` means "as soon as possible", which the API turns into 1 unless forced (--force).
    return Math.max(0, grace);
  }

  private deleteNamespace(current: StoredObject): Result<StoredObject> {
    if (current.metadata.deletionTimestamp) return ok(current);
    // The NamespaceLifecycle admission plugin's immortal namespaces.
    if (["default", "kube-system", "kube-public"].includes(current.metadata.name)) {
      return fail(
        forbidden(`namespaces ${goQuote(current.metadata.name)} is forbidden: this namespace may not be deleted`, {
          name: current.metadata.name,
          kind: "namespaces",
        }),
      );
    }
    const resource = resourceForKind("Namespace")!;
    const marked = this.deps.store.delete(resource, undefined, current.metadata.name, { markOnly: true });
    if (!marked.ok) return marked;
    const next = deepClone(marked.value) as Mutable<StoredObject> & { status?: { phase?: string } };
    next.status = { ...(next.status ?? {}), phase: "Terminating" };
    return this.deps.store.update(resource, next as StoredObject);
  }

  /** Called when a Service leaves the store for good. */
  releaseService(svc: StoredObject): void {
    releaseService(this.deps.allocators, svc as Mutable<Service>);
  }

  private prepareCreate(
    input: unknown,
    opts: WriteOptions,
  ): Result<{ resource: ResourceInfo; obj: Mutable<StoredObject> }> {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      return fail(
        badRequest(
          "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
        ),
      );
    }
    const mapped = this.resolve(input as KubeObject);
    if (!mapped.ok) return mapped;
    const resource = mapped.value;
    let obj: Mutable<StoredObject> & { status?: unknown };
    if (opts.internal) obj = input as Mutable<StoredObject>;
    else {
      const decoded = decodeObject(input, resource);
      if (!decoded.ok) return decoded;
      obj = deepClone(decoded.value) as Mutable<StoredObject> & { status?: unknown };
    }
    obj.apiVersion = apiVersionOf(resource);
    obj.kind = resource.kind;
    obj.metadata ??= {} as StoredObject["metadata"];
    const nsCheck = this.checkNamespace(resource, obj, opts);
    if (nsCheck) return fail(nsCheck);
    // Server-set metadata a client cannot choose.
    for (const k of [
      "uid",
      "resourceVersion",
      "creationTimestamp",
      "deletionTimestamp",
      "deletionGracePeriodSeconds",
      "generation",
      "selfLink",
    ] as const) {
      delete (obj.metadata as Record<string, unknown>)[k];
    }
    strategyFor(resource.kind).prepareForCreate?.(obj);
    // rest.BeforeCreate names the object before validation, so errors show the generated name.
    if (!obj.metadata.name && typeof obj.metadata.generateName === "string" && obj.metadata.generateName !== "") {
      const name = this.deps.store.generateName(resource, obj.metadata.namespace, obj.metadata.generateName);
      if (name === undefined)
        return fail(alreadyExists(qualifiedResource(resource), `${obj.metadata.generateName}xxxxx`));
      obj.metadata.name = name;
    }
    defaulters[resource.kind]?.(obj, { randomSuffix: () => this.deps.names.string(5, nameSuffixAlphabet) });
    // The control plane's own objects are built valid; with debug checks on, tests validate them anyway.
    const errors = opts.internal && !this.deps.checkInternalWrites ? [] : validateCreate(resource.kind, obj);
    if (errors.length > 0) {
      const name = obj.metadata.name || obj.metadata.generateName || "";
      return fail(invalid(resource.kind, resource.group, name, errors));
    }
    return ok({ resource, obj });
  }

  private checkNamespace(
    resource: ResourceInfo,
    obj: Mutable<StoredObject>,
    opts: WriteOptions,
  ): ApiStatus | undefined {
    if (!resource.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const requested = opts.namespace ?? "default";
    const own = obj.metadata.namespace;
    if (typeof requested !== "string" || (own !== undefined && typeof own !== "string")) {
      return badRequest("the namespace must be a string");
    }
    if (own && opts.namespace && own !== opts.namespace) {
      return badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    const ns = own || requested;
    obj.metadata.namespace = ns;
    const nsObj = this.deps.store.get("namespaces", undefined, ns) as
      | (StoredObject & { status?: { phase?: string } })
      | undefined;
    if (!nsObj) return notFound("namespaces", ns);
    if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === "Terminating") {
      return forbidden(
        `${resource.resource} ${goQuote(obj.metadata.name || obj.metadata.generateName || "")} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name: obj.metadata.name ?? "", kind: resource.resource },
      );
    }
    return undefined;
  }

  private write(input: unknown, opts: WriteOptions, subresource: "spec" | "status"): Result<StoredObject> {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      return fail(badRequest("the body of the request was in an unknown format"));
    }
    const mapped = this.resolve(input as KubeObject);
    if (!mapped.ok) return mapped;
    const resource = mapped.value;
    let obj: Mutable<StoredObject> & { status?: unknown; spec?: unknown };
    if (opts.internal) obj = input as Mutable<StoredObject>;
    else {
      const decoded = decodeObject(input, resource);
      if (!decoded.ok) return decoded;
      obj = deepClone(decoded.value) as Mutable<StoredObject> & { status?: unknown; spec?: unknown };
    }
    obj.metadata ??= {} as StoredObject["metadata"];
    const name = obj.metadata.name;
    if (!name) return fail(badRequest("name is required"));
    if (
      (opts.namespace !== undefined && typeof opts.namespace !== "string") ||
      (obj.metadata.namespace !== undefined && typeof obj.metadata.namespace !== "string") ||
      typeof name !== "string"
    ) {
      return fail(badRequest("the name and namespace must be strings"));
    }
    const ns = resource.namespaced ? obj.metadata.namespace || opts.namespace || "default" : undefined;
    if (resource.namespaced && opts.namespace && obj.metadata.namespace && obj.metadata.namespace !== opts.namespace) {
      return fail(badRequest("the namespace of the provided object does not match the namespace sent on the request"));
    }
    const old = this.deps.store.get(resource.resource, ns, name) as
      | (StoredObject & { spec?: unknown; status?: unknown })
      | undefined;
    if (!old) return fail(notFound(qualifiedResource(resource), name));
    if (ns && obj.metadata.namespace !== ns) obj.metadata = { ...obj.metadata, namespace: ns };
    const strategy = strategyFor(resource.kind);
    if (subresource === "status") {
      // Only status moves; everything else comes from the stored object. Stored objects
      // are immutable, so the new version shares every unchanged part with the old one.
      const next = {
        ...old,
        metadata: { ...old.metadata, resourceVersion: obj.metadata.resourceVersion ?? "" },
        status: obj.status,
      } as Mutable<StoredObject> & { status?: unknown };
      return opts.dryRun ? ok(next) : this.deps.store.update(resource, next);
    }
    strategy.prepareForUpdate?.(obj, old);
    // The generic registry fills what the client may leave out before validating the update.
    if (!obj.metadata.uid) obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = old.metadata.resourceVersion;
    defaulters[resource.kind]?.(obj, {
      randomSuffix: () => this.deps.names.string(5, nameSuffixAlphabet),
      operation: "update",
    });
    const errors = opts.internal && !this.deps.checkInternalWrites ? [] : validateUpdate(resource.kind, obj, old);
    if (errors.length > 0) return fail(invalid(resource.kind, resource.group, name, errors));
    let released: { ips: string[]; ports: number[] } | undefined;
    let txn: { ips: string[]; ports: number[] } | undefined;
    if (resource.kind === "Service") {
      const a = allocateService(this.deps.allocators, obj as Mutable<Service>, old as Mutable<Service>);
      if (a.errors.length > 0) return fail(invalid(resource.kind, resource.group, name, a.errors));
      if (a.internal.length > 0) return fail(internalError(a.internal[0]!));
      released = a.released;
      txn = a.txn;
    }
    if (opts.dryRun) {
      if (txn) releaseTxn(this.deps.allocators, txn);
      return ok(obj as StoredObject);
    }
    const updated = this.deps.store.update(resource, obj as StoredObject);
    if (!updated.ok) {
      if (txn) releaseTxn(this.deps.allocators, txn);
      return updated;
    }
    if (released) releaseTxn(this.deps.allocators, released);
    return updated;
  }
}
