/**
 * Commands that work on one pod (logs, exec, attach, port-forward) accept `pod/NAME`, a bare
 * pod name, or an object that selects pods (`deploy/web`, `svc/web`, `rs/…`): kubectl's
 * polymorphichelpers.AttachablePodForObject picks one of the selected pods, best first
 * (running and ready before the rest, then the oldest). The container defaults to the
 * `kubectl.kubernetes.io/default-container` annotation, else the first, with a notice.
 */
import { labelSelectorAsSelector, matches, type Selector, selectorFromSet } from "../api/labels.ts";
import type { StoredObject } from "../api/object.ts";
import { resolveType } from "./builder.ts";
import type { CommandContext } from "./command.ts";
import { formatApiError } from "./errors.ts";

export type PodObject = StoredObject & {
  spec?: {
    containers?: { name: string; image?: string; ports?: { containerPort: number; name?: string }[] }[];
    nodeName?: string;
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready?: boolean; state?: Record<string, { reason?: string } | undefined> }[];
  };
};

export type PodLookup =
  | { readonly ok: true; readonly pod: PodObject; readonly via?: StoredObject; readonly selected: number }
  | { readonly ok: false; readonly text: string };

function isReady(p: PodObject): boolean {
  return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
}

/** controller.ActivePods ordering, reduced to what the simulation varies: assigned, running, ready, then older. */
function rank(a: PodObject, b: PodObject): number {
  const key = (p: PodObject) => [p.spec?.nodeName ? 0 : 1, p.status?.phase === "Running" ? 0 : 1, isReady(p) ? 0 : 1];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return a.metadata.creationTimestamp < b.metadata.creationTimestamp
    ? -1
    : a.metadata.creationTimestamp > b.metadata.creationTimestamp
      ? 1
      : a.metadata.name < b.metadata.name
        ? -1
        : 1;
}

export function podForArgument(ctx: CommandContext, arg: string): PodLookup {
  const cluster = ctx.host.cluster;
  const slash = arg.indexOf("/");
  const typeName = slash >= 0 ? arg.slice(0, slash) : "pods";
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  const r = resolveType(typeName);
  if (!r) return { ok: false, text: `error: the server doesn't have a resource type "${typeName}"\n` };
  const got = cluster.get(r, name, { namespace: ctx.namespace });
  if (!got.ok) return { ok: false, text: formatApiError(got.status) };
  if (r.resource === "pods") return { ok: true, pod: got.value as PodObject, selected: 1 };
  const obj = got.value as StoredObject & { spec?: { selector?: unknown } };
  let selector: Selector;
  if (r.resource === "services") {
    const set = obj.spec?.selector as Record<string, string> | undefined;
    if (!set || Object.keys(set).length === 0)
      return {
        ok: false,
        text: `error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector\n`,
      };
    selector = selectorFromSet(set);
  } else if (["deployments", "replicasets", "daemonsets"].includes(r.resource)) {
    const s = labelSelectorAsSelector(obj.spec?.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    if (!s.ok) return { ok: false, text: `error: ${s.error}\n` };
    selector = s.value;
  } else
    return {
      ok: false,
      text: `error: cannot attach to ${r.kind === "Node" ? "*v1.Node" : `*v1.${r.kind}`}: selector for *v1.${r.kind} not implemented\n`,
    };
  const pods = cluster
    .list("pods", { namespace: ctx.namespace })
    .filter((p) => matches(selector, p.metadata.labels) && !p.metadata.deletionTimestamp) as PodObject[];
  if (pods.length === 0) return { ok: false, text: "error: timed out waiting for the condition\n" };
  pods.sort(rank);
  return { ok: true, pod: pods[0]!, via: obj, selected: pods.length };
}

export type ContainerPick =
  | { readonly ok: true; readonly container: string; readonly notice?: string }
  | { readonly ok: false; readonly text: string };

/** `-c` if given (and valid), else the annotated default, else the first container with kubectl's notice. */
export function pickContainer(pod: PodObject, requested: string): ContainerPick {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (requested) {
    if (!names.includes(requested))
      return { ok: false, text: `error: container ${requested} is not valid for pod ${pod.metadata.name}\n` };
    return { ok: true, container: requested };
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated && names.includes(annotated)) return { ok: true, container: annotated };
  if (names.length === 0) return { ok: false, text: `error: pod ${pod.metadata.name} does not have a container\n` };
  if (names.length === 1) return { ok: true, container: names[0]! };
  return { ok: true, container: names[0]!, notice: `Defaulted container "${names[0]}" out of: ${names.join(", ")}\n` };
}
