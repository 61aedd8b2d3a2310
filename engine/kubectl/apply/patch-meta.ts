/**
 * Strategic merge patch metadata: for each field, whether its list merges by a key (and which
 * key), and whether it carries `retainKeys`. Upstream reads this from Go struct tags
 * (strategicpatch.NewPatchMetaFromStruct) or from `x-kubernetes-patch-strategy` /
 * `x-kubernetes-patch-merge-key` in the OpenAPI document. The engine's schema
 * (engine/api/schema/types.json) carries neither, so the tags live in the table below, copied
 * from k8s.io/api core/v1/types.go, apps/v1/types.go and k8s.io/apimachinery
 * pkg/apis/meta/v1/types.go (`patchStrategy:"merge" patchMergeKey:"name"`). The schema supplies
 * the rest: which type each field has, so the lookup can follow the object down.
 *
 * Fields absent from the table are atomic: lists are replaced whole (tolerations, args,
 * command, NetworkPolicy rules, EndpointSlice endpoints), maps and structs merge key by key.
 */
import { schema } from "../../api/schema/index.ts";

export interface FieldPatchMeta {
  /** `merge`, `retainKeys`, or both (`merge,retainKeys` on PodSpec.volumes). Empty: the default. */
  readonly strategies: readonly string[];
  /** The list's merge key; "" for merging lists of scalars (finalizers, podCIDRs). */
  readonly mergeKey: string;
}

const merge = (mergeKey: string): FieldPatchMeta => ({ strategies: ["merge"], mergeKey });
const mergeRetainKeys = (mergeKey: string): FieldPatchMeta => ({ strategies: ["merge", "retainKeys"], mergeKey });
const containerFields = {
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
};

/** Type key (as in types.json) → field → its tags. */
const tags: Readonly<Record<string, Readonly<Record<string, FieldPatchMeta>>>> = {
  "meta.v1.ObjectMeta": { ownerReferences: merge("uid"), finalizers: merge("") },
  "core.v1.Container": containerFields,
  "core.v1.EphemeralContainer": containerFields,
  "core.v1.ContainerStatus": { volumeMounts: merge("mountPath"), allocatedResourcesStatus: merge("name") },
  "core.v1.PodSpec": {
    volumes: mergeRetainKeys("name"),
    initContainers: merge("name"),
    containers: merge("name"),
    ephemeralContainers: merge("name"),
    imagePullSecrets: merge("name"),
    hostAliases: merge("ip"),
    topologySpreadConstraints: merge("topologyKey"),
    schedulingGates: merge("name"),
    resourceClaims: mergeRetainKeys("name"),
  },
  "core.v1.PodStatus": {
    conditions: merge("type"),
    hostIPs: merge("ip"),
    podIPs: merge("ip"),
    resourceClaimStatuses: mergeRetainKeys("name"),
  },
  "core.v1.ServiceSpec": { ports: merge("port") },
  "core.v1.ServiceStatus": { conditions: merge("type") },
  "core.v1.ServiceAccount": { secrets: merge("name") },
  "core.v1.NodeSpec": { podCIDRs: merge("") },
  "core.v1.NodeStatus": { conditions: merge("type"), addresses: merge("type") },
  "core.v1.NamespaceStatus": { conditions: merge("type") },
  "apps.v1.DeploymentSpec": { strategy: { strategies: ["retainKeys"], mergeKey: "" } },
  "apps.v1.DeploymentStatus": { conditions: merge("type") },
  "apps.v1.DaemonSetStatus": { conditions: merge("type") },
  "apps.v1.ReplicaSetStatus": { conditions: merge("type") },
};

const none: FieldPatchMeta = { strategies: [], mergeKey: "" };

/**
 * Where the lookup stands in the schema: a type expression from types.json (`core.v1.PodSpec`,
 * `[]core.v1.Container`, `map[string]string`), or undefined below a field the schema does not
 * know (no metadata there: everything merges as plain JSON).
 */
export type SchemaRef = string | undefined;

/** The schema of a kind's root object; undefined for kinds the engine does not serve. */
export function rootSchema(kind: string): SchemaRef {
  return schema.roots[kind];
}

function resolve(ref: SchemaRef): SchemaRef {
  let r = ref;
  for (let i = 0; r !== undefined && i < 8 && schema.named[r] !== undefined; i++) r = schema.named[r];
  return r;
}

/** LookupPatchMetadataForStruct: the field's schema and tags, looked up in a struct or a map. */
export function lookupField(ref: SchemaRef, key: string): { readonly sub: SchemaRef; readonly meta: FieldPatchMeta } {
  const r = resolve(ref);
  if (r === undefined) return { sub: undefined, meta: none };
  if (r.startsWith("map[string]")) return { sub: r.slice("map[string]".length), meta: none };
  const t = schema.types[r];
  if (!t) return { sub: undefined, meta: none };
  return { sub: t.fields[key], meta: tags[r]?.[key] ?? none };
}

/** LookupPatchMetadataForSlice: like lookupField, but the schema returned is the element's. */
export function lookupSlice(ref: SchemaRef, key: string): { readonly sub: SchemaRef; readonly meta: FieldPatchMeta } {
  const { sub, meta } = lookupField(ref, key);
  const r = resolve(sub);
  return { sub: r?.startsWith("[]") ? r.slice(2) : undefined, meta };
}

/** extractRetainKeysPatchStrategy: whether `retainKeys` is among the strategies, and the other one. */
export function splitStrategies(meta: FieldPatchMeta): { readonly retainKeys: boolean; readonly strategy: string } {
  const retainKeys = meta.strategies.includes("retainKeys");
  return { retainKeys, strategy: meta.strategies.find((s) => s !== "retainKeys") ?? "" };
}
