/**
 * The garbage collector (pkg/controller/garbagecollector), reduced to what a learner sees:
 * when an owner is gone, its dependents are deleted (background propagation); an owner
 * deleted with `orphan` has the ownerReferences pointing at it removed from its dependents
 * before it goes; one deleted with `foregroundDeletion` waits until its blocking dependents
 * are gone. Dependents are found through an index of owner UIDs, never by scanning.
 */
import type { StoredObject } from "../api/object.ts";
import { resourceForKind, resources } from "../api/resources.ts";
import { deepClone } from "../core/clone.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";

const ownerIndex = "ownerUid";

export class GarbageCollector implements Controller {
  readonly name = "garbage-collector";
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;
  /** uid → resource/key of objects that exist now, to know whether an owner is alive. */
  private readonly alive = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    for (const r of resources) {
      ctx.store.addIndex(
        `${ownerIndex}:${r.resource}`,
        r.resource,
        (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid),
        (o) => o.metadata.ownerReferences,
      );
    }
  }

  resync(): void {
    this.alive.clear();
    for (const r of resources) {
      for (const o of this.ctx.store.list(r.resource)) this.alive.set(o.metadata.uid, `${r.resource}\0${keyOf(o)}`);
    }
  }

  observe(e: WatchEvent): void {
    // Events neither own anything nor are owned: a cluster writes tens of thousands of them.
    if (e.resource.kind === "Event") return;
    const uid = e.object.metadata.uid;
    if (e.type === "DELETED") {
      this.alive.delete(uid);
      this.queue.add(`owner\0${uid}`);
      // A foreground-deleting owner may be waiting for this dependent.
      for (const ref of e.object.metadata.ownerReferences ?? []) this.queue.add(`waiting\0${ref.uid}`);
      return;
    }
    if (e.type === "ADDED") this.alive.set(uid, `${e.resource.resource}\0${keyOf(e.object)}`);
    if (e.object.metadata.deletionTimestamp) this.queue.add(`waiting\0${uid}`);
    // An object whose owners are already gone (created so, or updated to point there) is collected too.
    if (e.type === "ADDED" || e.old?.metadata.ownerReferences !== e.object.metadata.ownerReferences) {
      for (const ref of e.object.metadata.ownerReferences ?? [])
        if (!this.alive.has(ref.uid)) this.queue.add(`owner\0${ref.uid}`);
    }
  }

  sync(item: string): void {
    const [what, uid] = item.split("\0") as [string, string];
    if (what === "owner") this.collectDependents(uid);
    else this.finishOwner(uid);
  }

  private dependents(uid: string): { resource: string; obj: StoredObject }[] {
    const out: { resource: string; obj: StoredObject }[] = [];
    for (const r of resources) {
      for (const key of this.ctx.store.byIndex(`${ownerIndex}:${r.resource}`, uid)) {
        const obj = this.ctx.store.getByKey(r.resource, key);
        if (obj) out.push({ resource: r.resource, obj });
      }
    }
    return out;
  }

  /** The owner is gone: delete dependents whose owners are now all gone. */
  private collectDependents(uid: string): void {
    if (this.alive.has(uid)) return;
    for (const { resource, obj } of this.dependents(uid)) {
      const refs = obj.metadata.ownerReferences ?? [];
      const remaining = refs.filter((r) => r.uid !== uid && this.alive.has(r.uid));
      const info = resources.find((r) => r.resource === resource)!;
      if (remaining.length > 0) {
        const next = deepClone(obj);
        next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        next.metadata.resourceVersion = "";
        this.ctx.store.update(info, next);
      } else if (!obj.metadata.deletionTimestamp) {
        this.ctx.api.delete(info, obj.metadata.namespace, obj.metadata.name);
      }
    }
  }

  /** An owner marked for deletion with the orphan or foreground finalizer. */
  private finishOwner(uid: string): void {
    const where = this.alive.get(uid);
    if (!where) return;
    const [resource, key] = where.split("\0") as [string, string];
    const owner = this.ctx.store.getByKey(resource, key);
    if (!owner?.metadata.deletionTimestamp) return;
    const info = resources.find((r) => r.resource === resource)!;
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes("orphan")) {
      for (const dep of this.dependents(uid)) {
        const next = deepClone(dep.obj);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        next.metadata.resourceVersion = "";
        this.ctx.store.update(resources.find((r) => r.resource === dep.resource)!, next);
      }
      this.removeFinalizer(info, owner, "orphan");
    } else if (finalizers.includes("foregroundDeletion")) {
      const deps = this.dependents(uid);
      for (const dep of deps) {
        if (!dep.obj.metadata.deletionTimestamp) {
          const depInfo = resources.find((r) => r.resource === dep.resource)!;
          // Foreground goes down the chain only where there is one: a dependent with no
          // dependents of its own is deleted in the background.
          const hasDependents = this.dependents(dep.obj.metadata.uid).length > 0;
          this.ctx.api.delete(depInfo, dep.obj.metadata.namespace, dep.obj.metadata.name, {
            propagationPolicy: hasDependents ? "Foreground" : "Background",
          });
        }
      }
      const blocking = deps.filter((d) =>
        (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion),
      );
      if (blocking.length === 0) this.removeFinalizer(info, owner, "foregroundDeletion");
    }
  }

  private removeFinalizer(info: (typeof resources)[number], owner: StoredObject, finalizer: string): void {
    const next = deepClone(owner);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    next.metadata.resourceVersion = "";
    this.ctx.store.update(info, next);
    void resourceForKind;
  }
}

function keyOf(o: StoredObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
