/**
 * `kubectl expose TYPE NAME`: the Service built from an existing object and the flags
 * (k8s.io/kubectl pkg/cmd/expose/expose.go `RunExpose`, and the polymorphichelpers it
 * calls: canBeExposed, mapBasedSelectorForObject, portsForObject, multiProtocolsForObject).
 * Written from kubectl v1.34's behaviour; no upstream code is copied.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../../api/object.ts";
import { buildExposedService } from "./expose-service.ts";
import { fail, type Generated, type StringMap } from "./result.ts";

/** The flags of `kubectl expose`, as typed; unset and `""` mean the same, as upstream. */
export interface ExposeOptions {
  readonly port?: string;
  readonly protocol?: string;
  readonly targetPort?: string;
  readonly name?: string;
  readonly type?: string;
  readonly selector?: string;
  readonly labels?: string;
  readonly clusterIP?: string;
  readonly externalIP?: string;
  readonly sessionAffinity?: string;
  readonly loadBalancerIP?: string;
  /** Set only when kubectl would: `--dry-run=client` with `-n` or a context namespace. */
  readonly namespace?: string;
}

/** validation.DNS1035LabelMaxLength: the default Service name is cut to this. */
const serviceNameMaxLength = 63;

interface PodSpecLike {
  containers?: { ports?: { containerPort?: number; protocol?: string }[] }[];
}
interface ServiceSpecLike {
  selector?: StringMap;
  ports?: { port?: number; protocol?: string }[];
}
interface LabelSelectorLike {
  matchLabels?: StringMap;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

/** What expose learns from each kind it accepts. */
interface Introspection {
  selector(obj: Record<string, unknown>): { ok: true; selector: StringMap } | { ok: false; message: string };
  /** Each port number with its protocols (empty protocol = TCP), in spec order. */
  ports(obj: Record<string, unknown>): [number, string][];
}

function podSpecPorts(spec: PodSpecLike | undefined): [number, string][] {
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p): [number, string] => [p.containerPort ?? 0, p.protocol || "TCP"]),
  );
}

function templatePorts(obj: Record<string, unknown>): [number, string][] {
  const spec = obj.spec as { template?: { spec?: PodSpecLike } } | undefined;
  return podSpecPorts(spec?.template?.spec);
}

/** Go's `%+v` of []LabelSelectorRequirement, as the expressions error prints it. */
function formatExpressions(exprs: NonNullable<LabelSelectorLike["matchExpressions"]>): string {
  return `[${exprs.map((e) => `{Key:${e.key ?? ""} Operator:${e.operator ?? ""} Values:[${(e.values ?? []).join(" ")}]}`).join(" ")}]`;
}

/** apps/v1 Deployments and ReplicaSets: matchLabels only, and there must be some. */
function appsSelector(what: "deployment" | "replicaset"): Introspection["selector"] {
  return (obj) => {
    const sel = (obj.spec as { selector?: LabelSelectorLike } | undefined)?.selector;
    const matchLabels = sel?.matchLabels ?? {};
    if (!sel || Object.keys(matchLabels).length === 0) {
      return { ok: false, message: `invalid ${what}: no selectors, therefore cannot be exposed` };
    }
    const exprs = sel.matchExpressions ?? [];
    if (exprs.length > 0) {
      return {
        ok: false,
        message: `couldn't convert expressions - "${formatExpressions(exprs)}" to map-based selector format`,
      };
    }
    return { ok: true, selector: matchLabels };
  };
}

/** The group/kinds expose accepts (canBeExposed), keyed `group/Kind`; the core group is empty. */
const exposable: Readonly<Record<string, Introspection>> = {
  "/Pod": {
    selector: (obj) => {
      const labels = (obj.metadata as { labels?: StringMap } | undefined)?.labels ?? {};
      if (Object.keys(labels).length === 0)
        return { ok: false, message: "the pod has no labels and cannot be exposed" };
      return { ok: true, selector: labels };
    },
    ports: (obj) => podSpecPorts(obj.spec as PodSpecLike | undefined),
  },
  "/Service": {
    selector: (obj) => {
      const selector = (obj.spec as ServiceSpecLike | undefined)?.selector;
      if (selector === undefined || selector === null)
        return { ok: false, message: "the service has no pod selector set" };
      return { ok: true, selector };
    },
    ports: (obj) =>
      ((obj.spec as ServiceSpecLike | undefined)?.ports ?? []).map((p): [number, string] => [
        p.port ?? 0,
        p.protocol || "TCP",
      ]),
  },
  "/ReplicationController": {
    // An empty selector is not an error here; createService then says "selector must be specified".
    selector: (obj) => ({ ok: true, selector: (obj.spec as { selector?: StringMap } | undefined)?.selector ?? {} }),
    ports: templatePorts,
  },
  "apps/Deployment": { selector: appsSelector("deployment"), ports: templatePorts },
  "apps/ReplicaSet": { selector: appsSelector("replicaset"), ports: templatePorts },
};

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

function joinLabels(set: StringMap): string {
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/**
 * The Service `kubectl expose` creates for `target`. Failures are kubectl's text without
 * `error: ` (none is a usage error): `cannot expose a Node` (`cannot expose a
 * StatefulSet.apps`: GroupKind as Go prints it),
 * `couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed`
 * (also `the service has no pod selector set`, `invalid deployment: no selectors, therefore
 * cannot be exposed`, `couldn't convert expressions - "[…]" to map-based selector format`),
 * `couldn't find port via --port flag or introspection` (not for `--cluster-ip=None`), and
 * those of {@link buildExposedService}.
 */
export function generateExpose(target: StoredObject, o: ExposeOptions = {}): Generated<Mutable<Service>> {
  const group = groupOf(target.apiVersion);
  const introspect = exposable[`${group}/${target.kind}`];
  if (!introspect) return fail(`cannot expose a ${group === "" ? target.kind : `${target.kind}.${group}`}`);
  const obj = target as unknown as Record<string, unknown>;

  const defaultName = target.metadata.name.slice(0, serviceNameMaxLength);
  let selector = o.selector ?? "";
  if (selector === "") {
    const found = introspect.selector(obj);
    if (!found.ok) return fail(`couldn't retrieve selectors via --selector flag or introspection: ${found.message}`);
    selector = joinLabels(found.selector);
  }

  // Ports deduplicated by number in first-seen order; their protocols kept per number.
  const protocols = new Map<string, string[]>();
  for (const [port, protocol] of introspect.ports(obj)) {
    const key = String(port);
    protocols.set(key, [...(protocols.get(key) ?? []), protocol]);
  }
  const headless = o.clusterIP === "None";
  let port = o.port ?? "";
  let ports = "";
  if (port === "") {
    const found = [...protocols.keys()];
    if (found.length === 0 && !headless) return fail("couldn't find port via --port flag or introspection");
    if (found.length === 1) port = found[0]!;
    if (found.length > 1) ports = found.join(",");
  }

  return buildExposedService({
    name: o.name || defaultName,
    selector,
    labels: o.labels || joinLabels(target.metadata.labels ?? {}),
    port,
    ports,
    protocol: o.protocol,
    protocols: [...protocols].flatMap(([p, list]) => list.map((proto) => `${p}/${proto}`)).join(","),
    targetPort: o.targetPort,
    externalIP: o.externalIP,
    loadBalancerIP: o.loadBalancerIP,
    type: o.type,
    sessionAffinity: o.sessionAffinity,
    clusterIP: o.clusterIP,
    namespace: o.namespace,
  });
}
