/**
 * The client the control plane's own components use (controllers, kubelet): the same API
 * server, with writes marked internal — no strict decoding of objects built in code, and
 * ownership of the object passes to the API server. Defaulting, validation and allocation
 * still run, as they do for every writer upstream.
 */
import type { StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import type { Result } from "../api/status.ts";
import type { ApiServer, DeleteOptions } from "./apiserver.ts";

export class InternalClient {
  private readonly api: ApiServer;

  constructor(api: ApiServer) {
    this.api = api;
  }

  create(obj: object, opts: { namespace?: string } = {}): Result<StoredObject> {
    return this.api.create(obj, { ...opts, internal: true });
  }

  update(obj: object): Result<StoredObject> {
    return this.api.update(obj, { internal: true });
  }

  updateStatus(obj: object): Result<StoredObject> {
    return this.api.updateStatus(obj, { internal: true });
  }

  delete(
    resource: ResourceInfo,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Result<StoredObject> {
    return this.api.delete(resource, namespace, name, opts);
  }
}
