/**
 * The server-side table columns of the resources kubook serves, one row per resource, copied
 * from kubernetes `pkg/printers/internalversion/printers.go` (AddHandlers and the print*
 * functions). kubectl only formats these tables; the cell logic lives on the API server, so this
 * is where upstream's quirks are reproduced (Pod STATUS reasons, `N (Xm ago)` restarts,
 * `<pending>` load balancers, ` + N more...` lists).
 */
import type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type {
  ConfigMap,
  Container,
  Endpoints,
  Event,
  Namespace,
  Node,
  Pod,
  Service,
  ServiceAccount,
} from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import type { StoredObject } from "../../api/object.ts";
import { translateTimestampSince } from "./duration.ts";
import { byteOrder, formatLabelSelector, formatLabels, selectorString } from "./labels.ts";

export interface CellContext {
  readonly nowMs: number;
  /** `-o wide`: the Service EXTERNAL-IP cell is clipped to 16 characters unless wide. */
  readonly wide: boolean;
}

export interface ColumnDefinition {
  /** As upstream spells it; the header is `name.toUpperCase()`. */
  readonly name: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: 0 | 1;
  /** `"name"` marks the column kubectl prefixes with `kind/` for multi-type output. */
  readonly format?: "name";
}

export interface TablePrinter {
  readonly columns: readonly ColumnDefinition[];
  /** One cell per column, wide ones included (printTable drops them unless `-o wide`). */
  readonly cells: (obj: StoredObject, ctx: CellContext) => string[];
}

const name: ColumnDefinition = { name: "Name", priority: 0, format: "name" };
const age: ColumnDefinition = { name: "Age", priority: 0 };
const col = (columnName: string, priority: 0 | 1 = 0): ColumnDefinition => ({ name: columnName, priority });

const ageOf = (obj: StoredObject, ctx: CellContext) =>
  translateTimestampSince(obj.metadata.creationTimestamp, ctx.nowMs);
const int = (n: number | undefined) => String(n ?? 0);

/** layoutContainerCells: names and images, comma-joined. */
function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(","), list.map((c) => c.image ?? "").join(",")];
}

/** listWithMoreString: the first 3, then ` + N more...`; `<unset>` when empty. */
function listWithMore(items: readonly string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(",")} + ${items.length - max} more...`;
  return items.length === 0 ? "<unset>" : items.join(",");
}

// ---- Pod ------------------------------------------------------------------------------------

/** A zero time.Time compares before any real one; `undefined` plays that role here. */
function later(current: string | undefined, candidate: string | undefined): string | undefined {
  if (!candidate) return current;
  if (!current) return candidate;
  return Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

/** printPod: READY, STATUS and RESTARTS, in upstream's order of precedence. */
function podStatusCells(pod: Pod, nowMs: number): [string, string, string] {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;

  let reason = status.reason || status.phase || "";
  // A pod held by scheduling gates reports SchedulingGated whatever its phase says.
  for (const condition of status.conditions ?? []) {
    if (condition.type === "PodScheduled" && condition.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  const initContainers = new Map((spec?.initContainers ?? []).map((c) => [c.name, c]));
  // Sidecars (restartPolicy: Always init containers) count towards READY's total.
  const isSidecar = (containerName: string) => initContainers.get(containerName)?.restartPolicy === "Always";
  for (const c of spec?.initContainers ?? []) if (c.restartPolicy === "Always") totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += container.restartCount ?? 0;
    lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
    if (isSidecar(container.name)) {
      restartableInitRestarts += container.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, container.lastState?.terminated?.finishedAt);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (isSidecar(container.name) && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = status.conditions?.find((c) => c.type === "Initialized")?.status === "True";
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Upstream walks the containers backwards, so the first container's reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated)
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose other containers still run is not "Completed".
    if (reason === "Completed" && hasRunning) {
      const ready = status.conditions?.some((c) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === "NodeLost") reason = "Unknown";
  else if (deleting && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart) restartsCell = `${restarts} (${translateTimestampSince(lastRestart, nowMs)} ago)`;
  return [`${readyContainers}/${totalContainers}`, reason, restartsCell];
}

function podWideCells(pod: Pod): string[] {
  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = "<none>";
  if (gates.length > 0) {
    const conditions = pod.status?.conditions ?? [];
    const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === "True").length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return [
    pod.status?.podIPs?.[0]?.ip || "<none>",
    pod.spec?.nodeName || "<none>",
    pod.status?.nominatedNodeName || "<none>",
    readinessGates,
  ];
}

// ---- Service --------------------------------------------------------------------------------

const loadBalancerWidth = 16;

/** loadBalancerStatusStringer: ingress IPs (or hostnames), deduplicated and sorted (sets.String). */
function loadBalancerStatus(svc: Service, wide: boolean): string {
  const set = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) set.add(ingress.ip);
    else if (ingress.hostname) set.add(ingress.hostname);
  }
  let r = [...set].sort(byteOrder).join(",");
  if (!wide && r.length > loadBalancerWidth) r = `${r.slice(0, loadBalancerWidth - 3)}...`;
  return r;
}

function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerStatus(svc, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return svc.spec.externalName ?? "";
  }
  return "<unknown>";
}

function servicePorts(svc: Service): string {
  const pieces = (svc.spec?.ports ?? []).map((p) =>
    p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ""}` : `${p.port}/${p.protocol ?? ""}`,
  );
  return pieces.length > 0 ? pieces.join(",") : "<none>";
}

// ---- Endpoints, EndpointSlice ---------------------------------------------------------------

/** net.JoinHostPort: IPv6 hosts get brackets. */
function joinHostPort(host: string, port: number | undefined): string {
  return host.includes(":") ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

/** formatEndpoints: ready addresses only; a subset with only notReadyAddresses adds nothing. */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    // Headless services may have no ports: the address alone.
    const hosts =
      ports.length === 0
        ? addresses.map((a) => a.ip)
        : ports.flatMap((p) => addresses.map((a) => joinHostPort(a.ip, p.port)));
    count += hosts.length;
    for (const h of hosts) if (list.length < max) list.push(h);
  }
  const ret = list.join(",");
  return count > max ? `${ret} + ${count - max} more...` : ret;
}

function formatDiscoveryPorts(slice: EndpointSlice): string {
  return listWithMore((slice.ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? "*"))));
}

/** formatDiscoveryEndpoints: every address, ready or not. */
function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  return listWithMore((slice.endpoints ?? []).flatMap((e) => e.addresses));
}

// ---- Node -----------------------------------------------------------------------------------

const nodeRolePrefix = "node-role.kubernetes.io/";

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the legacy `kubernetes.io/role=<role>`. */
function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(nodeRolePrefix)) {
      const role = k.slice(nodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort(byteOrder).join(",") || "<none>";
}

function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

const nodeAddress = (node: Node, type: string) =>
  node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";

// ---- Event ----------------------------------------------------------------------------------

function eventCells(ev: Event, nowMs: number): string[] {
  // Events written through events.k8s.io carry eventTime/series instead of first/lastTimestamp.
  const firstSeen = ev.firstTimestamp
    ? translateTimestampSince(ev.firstTimestamp, nowMs)
    : translateTimestampSince(ev.eventTime, nowMs);
  let lastSeen = ev.lastTimestamp ? translateTimestampSince(ev.lastTimestamp, nowMs) : firstSeen;
  let count = ev.count ?? 0;
  if (ev.series) {
    lastSeen = translateTimestampSince(ev.series.lastObservedTime, nowMs);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // Singleton events don't have a count set in the new API.
  }
  const kind = (ev.involvedObject?.kind ?? "").toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  const component = ev.source?.component || ev.reportingComponent || "";
  const host = ev.source?.host || ev.reportingInstance || "";
  const source = host ? `${component}, ${host}` : component;
  return [
    lastSeen,
    ev.type ?? "",
    ev.reason ?? "",
    target,
    ev.involvedObject?.fieldPath ?? "",
    source,
    (ev.message ?? "").trim(),
    firstSeen,
    String(count),
    ev.metadata?.name ?? "",
  ];
}

// ---- The registry ---------------------------------------------------------------------------

function printer<T>(
  columns: readonly ColumnDefinition[],
  cells: (obj: T & StoredObject, ctx: CellContext) => string[],
): TablePrinter {
  return { columns, cells: cells as TablePrinter["cells"] };
}

const templateColumns = [col("Containers", 1), col("Images", 1), col("Selector", 1)];

/** Table printers keyed by resource plural. */
export const tablePrinters: Readonly<Record<string, TablePrinter>> = {
  pods: printer<Pod>(
    [
      name,
      col("Ready"),
      col("Status"),
      col("Restarts"),
      age,
      col("IP", 1),
      col("Node", 1),
      col("Nominated Node", 1),
      col("Readiness Gates", 1),
    ],
    (pod, ctx) => [pod.metadata.name, ...podStatusCells(pod, ctx.nowMs), ageOf(pod, ctx), ...podWideCells(pod)],
  ),
  services: printer<Service>(
    [name, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), age, col("Selector", 1)],
    (svc, ctx) => [
      svc.metadata.name,
      svc.spec?.type ?? "",
      svc.spec?.clusterIPs?.[0] ?? "<none>",
      serviceExternalIP(svc, ctx.wide),
      servicePorts(svc),
      ageOf(svc, ctx),
      formatLabels(svc.spec?.selector),
    ],
  ),
  endpoints: printer<Endpoints>([name, col("Endpoints"), age], (ep, ctx) => [
    ep.metadata.name,
    formatEndpoints(ep),
    ageOf(ep, ctx),
  ]),
  endpointslices: printer<EndpointSlice>(
    [name, col("AddressType"), col("Ports"), col("Endpoints"), age],
    (slice, ctx) => [
      slice.metadata.name,
      slice.addressType ?? "",
      formatDiscoveryPorts(slice),
      formatDiscoveryEndpoints(slice),
      ageOf(slice, ctx),
    ],
  ),
  deployments: printer<Deployment>(
    [name, col("Ready"), col("Up-to-date"), col("Available"), age, ...templateColumns],
    (d, ctx) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      ageOf(d, ctx),
      ...containerCells(d.spec?.template?.spec?.containers),
      // printDeployment uses selector.String(), not FormatLabelSelector: no `<none>`.
      selectorString(d.spec?.selector) ?? "<invalid>",
    ],
  ),
  replicasets: printer<ReplicaSet>(
    [name, col("Desired"), col("Current"), col("Ready"), age, ...templateColumns],
    (rs, ctx) => [
      rs.metadata.name,
      int(rs.spec?.replicas),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      ageOf(rs, ctx),
      ...containerCells(rs.spec?.template?.spec?.containers),
      formatLabelSelector(rs.spec?.selector),
    ],
  ),
  daemonsets: printer<DaemonSet>(
    [
      name,
      col("Desired"),
      col("Current"),
      col("Ready"),
      col("Up-to-date"),
      col("Available"),
      col("Node Selector"),
      age,
      ...templateColumns,
    ],
    (ds, ctx) => [
      ds.metadata.name,
      int(ds.status?.desiredNumberScheduled),
      int(ds.status?.currentNumberScheduled),
      int(ds.status?.numberReady),
      int(ds.status?.updatedNumberScheduled),
      int(ds.status?.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, ctx),
      ...containerCells(ds.spec?.template?.spec?.containers),
      formatLabelSelector(ds.spec?.selector),
    ],
  ),
  networkpolicies: printer<NetworkPolicy>([name, col("Pod-Selector"), age], (np, ctx) => [
    np.metadata.name,
    // &obj.Spec.PodSelector is never nil upstream: an absent selector is the empty one.
    formatLabelSelector(np.spec?.podSelector ?? {}),
    ageOf(np, ctx),
  ]),
  nodes: printer<Node>(
    [
      name,
      col("Status"),
      col("Roles"),
      age,
      col("Version"),
      col("Internal-IP", 1),
      col("External-IP", 1),
      col("OS-Image", 1),
      col("Kernel-Version", 1),
      col("Container-Runtime", 1),
    ],
    (node, ctx) => {
      const info = node.status?.nodeInfo;
      return [
        node.metadata.name,
        nodeStatus(node),
        nodeRoles(node),
        ageOf(node, ctx),
        info?.kubeletVersion ?? "",
        nodeAddress(node, "InternalIP"),
        nodeAddress(node, "ExternalIP"),
        info?.osImage || "<unknown>",
        info?.kernelVersion || "<unknown>",
        info?.containerRuntimeVersion || "<unknown>",
      ];
    },
  ),
  namespaces: printer<Namespace>([name, col("Status"), age], (ns, ctx) => [
    ns.metadata.name,
    ns.status?.phase ?? "",
    ageOf(ns, ctx),
  ]),
  configmaps: printer<ConfigMap>([name, col("Data"), age], (cm, ctx) => [
    cm.metadata.name,
    String(Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length),
    ageOf(cm, ctx),
  ]),
  serviceaccounts: printer<ServiceAccount>([name, col("Secrets"), age], (sa, ctx) => [
    sa.metadata.name,
    String(sa.secrets?.length ?? 0),
    ageOf(sa, ctx),
  ]),
  events: printer<Event>(
    [
      col("Last Seen"),
      col("Type"),
      col("Reason"),
      col("Object"),
      col("Subobject", 1),
      col("Source", 1),
      col("Message"),
      col("First Seen", 1),
      col("Count", 1),
      { name: "Name", priority: 1, format: "name" },
    ],
    (ev, ctx) => eventCells(ev, ctx.nowMs),
  ),
};

/**
 * The API server's default table for kinds without a printer (metav1 `Table` from
 * `rest.NewDefaultTableConvertor` shows Name and Created At; kubook has a printer for every kind it
 * serves, so this is only a safety net and uses AGE like printObjectMeta).
 */
export const defaultTablePrinter: TablePrinter = {
  columns: [name, age],
  cells: (obj, ctx) => [obj.metadata.name, ageOf(obj, ctx)],
};
