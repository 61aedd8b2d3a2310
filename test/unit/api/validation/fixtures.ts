/**
 * Objects as the API server holds them after defaulting (what validation receives), built by
 * hand so these tests do not depend on the defaulters. Each takes a deep-merge patch.
 */
import type { FieldError } from "../../../../engine/api/field.ts";
import { resourceForKind } from "../../../../engine/api/resources.ts";
import { invalid } from "../../../../engine/api/status.ts";
import { validateCreate, validateUpdate } from "../../../../engine/api/validation/index.ts";

type J = Record<string, unknown>;

/** Deep merge: objects merge, everything else (arrays included) replaces; `undefined` deletes. */
export function merge<T>(base: T, patch: unknown): T {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch as T;
  const out: J = { ...(base as J) };
  for (const [k, v] of Object.entries(patch as J)) {
    if (v === undefined) delete out[k];
    else if (
      v !== null &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      typeof out[k] === "object" &&
      out[k] !== null &&
      !Array.isArray(out[k])
    ) {
      out[k] = merge(out[k], v);
    } else out[k] = v;
  }
  return out as T;
}

export function container(patch: unknown = {}): J {
  return merge(
    {
      name: "web",
      image: "nginx:1.27",
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      resources: {},
    },
    patch,
  );
}

export function podSpec(patch: unknown = {}): J {
  return merge(
    {
      containers: [container()],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      securityContext: {},
      schedulerName: "default-scheduler",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
    },
    patch,
  );
}

export function pod(patch: unknown = {}): J {
  return merge(
    { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: podSpec() },
    patch,
  );
}

export function service(patch: unknown = {}): J {
  return merge(
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: {
        type: "ClusterIP",
        selector: { app: "web" },
        ports: [{ protocol: "TCP", port: 80, targetPort: 80 }],
        sessionAffinity: "None",
        internalTrafficPolicy: "Cluster",
      },
    },
    patch,
  );
}

export function template(patch: unknown = {}): J {
  return merge({ metadata: { labels: { app: "web" } }, spec: podSpec() }, patch);
}

export function deployment(patch: unknown = {}): J {
  return merge(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: template(),
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    },
    patch,
  );
}

export function replicaSet(patch: unknown = {}): J {
  return merge(
    {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web-5d9c8b7f4", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: template() },
    },
    patch,
  );
}

export function daemonSet(patch: unknown = {}): J {
  return merge(
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "default" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: template(),
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
    },
    patch,
  );
}

/** The object as stored: what an update's old side looks like. */
export function stored<T extends J>(obj: T, uid = "6f0e1c9a-0000-4000-8000-000000000001"): T {
  return merge(obj, { metadata: { uid, resourceVersion: "100", creationTimestamp: "2025-01-01T00:00:00Z" } });
}

function messageFor(kind: string, obj: J, errors: readonly FieldError[]): string {
  const r = resourceForKind(kind)!;
  const meta = (obj.metadata ?? {}) as J;
  return invalid(kind, r.group, String(meta.name ?? ""), errors).message;
}

/** The Invalid status message a create would get, or "" when the object is valid. */
export function createMessage(obj: J): string {
  const kind = String(obj.kind);
  const errors = validateCreate(kind, obj);
  return errors.length === 0 ? "" : messageFor(kind, obj, errors);
}

/** The Invalid status message an update would get, or "". */
export function updateMessage(obj: J, old: J): string {
  const kind = String(obj.kind);
  const errors = validateUpdate(kind, obj, old);
  return errors.length === 0 ? "" : messageFor(kind, obj, errors);
}
