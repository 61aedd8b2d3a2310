/**
 * The container and volume sections shared by `describe pod` and every pod template
 * (deployments, replica sets): k/kubectl `describeContainers`, `describeVolumes`,
 * `DescribePodTemplate`, `DescribeProbe`, `describeResources`, `describeStatus`.
 */
import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  TopologySpreadConstraint,
  Volume,
} from "kubernetes-types/core/v1";
import { formatLabelSelector } from "../../api/labels.ts";
import { formatQuantity, parseQuantity } from "../../api/validation/quantity.ts";
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  sortStrings,
} from "./format.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from "./writer.ts";

/** Resolves a fieldRef env var against the pod (`EnvValueRetriever`); templates have none. */
export type EnvResolver = ((e: EnvVar) => string) | undefined;

export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolve: EnvResolver,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const container of containers) {
    const status = byName.get(container.name);
    describeContainerBasicInfo(container, status, space, w);
    describeContainerCommand(container, w);
    if (status) describeContainerState(status, w);
    describeResources(container.resources, w, LEVEL_2);
    describeContainerProbes(container, w);
    if (container.envFrom && container.envFrom.length > 0) describeContainerEnvFrom(container, w);
    describeContainerEnvVars(container, resolve, w);
    describeContainerVolumes(container, w);
  }
}

function describeContainerBasicInfo(
  container: Container,
  status: ContainerStatus | undefined,
  space: string,
  w: PrefixWriter,
): void {
  w.write(LEVEL_1, `${space ? " " : ""}${container.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
  w.write(LEVEL_2, `Image:\t${container.image ?? ""}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ""}\n`);
  const ports = (container.ports ?? []).map(
    (p) => `${p.containerPort}/${p.protocol ?? ""}${p.name ? ` (${p.name})` : ""}`,
  );
  const portString = ports.join(", ");
  if (portString.includes(",")) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${portString || "<none>"}\n`);
  // Host ports print every port, 0 for those without one (as upstream does).
  const hostPorts = (container.ports ?? []).map(
    (p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}${p.name ? ` (${p.name})` : ""}`,
  );
  const hostPortString = hostPorts.join(", ");
  if (hostPortString.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
  else w.write(LEVEL_2, `Host Port:\t${hostPortString || "<none>"}\n`);
  const seccomp = container.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === "Localhost") w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }
}

function describeContainerCommand(container: Container, w: PrefixWriter): void {
  if (container.command && container.command.length > 0) {
    w.write(LEVEL_2, "Command:\n");
    for (const c of container.command) for (const s of c.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
  if (container.args && container.args.length > 0) {
    w.write(LEVEL_2, "Args:\n");
    for (const a of container.args) for (const s of a.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
}

/** `describeResources`: Limits then Requests, resource names sorted, quantities canonical. */
export function describeResources(resources: ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [
    ["Limits", resources.limits],
    ["Requests", resources.requests],
  ] as const) {
    const names = sortStrings(Object.keys(list ?? {}));
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantityString(list![name])}\n`);
  }
}

export function quantityString(value: unknown): string {
  const q = parseQuantity(value);
  return q ? formatQuantity(q) : String(value);
}

function describeContainerState(status: ContainerStatus, w: PrefixWriter): void {
  describeStatus("State", status.state, w);
  if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${status.ready ? "True" : "False"}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(stateName: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerProbes(container: Container, w: PrefixWriter): void {
  if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
  if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
  if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
}

/** net.JoinHostPort. */
function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `DescribeProbe` (kubectl v1.34 still prints `#success`/`#failure`). Unset numbers are the API defaults the server filled in. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const scheme = (g.scheme ?? "").toLowerCase();
    const port = String(g.port ?? "");
    const host = port.length > 0 ? joinHostPort(g.host ?? "", port) : (g.host ?? "");
    // url.URL.String(): scheme://host + path; a path without a leading slash gets one.
    const path = g.path ? (g.path.startsWith("/") ? g.path : `/${g.path}`) : "";
    return `http-get ${scheme ? `${scheme}://` : "//"}${host}${path} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ""}:${String(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerEnvFrom(container: Container, w: PrefixWriter): void {
  w.write(LEVEL_2, "Environment Variables from:\n");
  for (const e of container.envFrom ?? []) {
    let from = "";
    let name = "";
    let optional = false;
    if (e.configMapRef) {
      from = "ConfigMap";
      name = e.configMapRef.name ?? "";
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = "Secret";
      name = e.secretRef.name ?? "";
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeContainerEnvVars(container: Container, resolve: EnvResolver, w: PrefixWriter): void {
  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? "").split("\n").forEach((s, i) => {
        w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
      continue;
    }
    if (from.fieldRef) {
      const value = resolve ? resolve(e) : "";
      w.write(LEVEL_3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ""}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let value = containerResourceValue(container, resource, from.resourceFieldRef.divisor);
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory")) value = "node allocatable";
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

/**
 * resourcehelper.ExtractContainerResourceValue: the container's own request or limit,
 * divided by the divisor (default 1) and rounded up. Shortcut: an unset limit is 0 here
 * (upstream reads the container's value the same way and prints "node allocatable").
 */
function containerResourceValue(container: Container, resource: string, divisor: unknown): string {
  const [kind, name] = resource.split(".") as [string, string | undefined];
  const list = kind === "limits" ? container.resources?.limits : container.resources?.requests;
  const q = name ? parseQuantity(list?.[name] ?? "0") : undefined;
  const d = parseQuantity(divisor ?? "1");
  if (!q || !d || d.mantissa === 0n) return "";
  // value / divisor = (qm × 10^qe) / (dm × 10^de), rounded up.
  const e = Math.min(q.exponent, d.exponent);
  const num = q.mantissa * 10n ** BigInt(q.exponent - e);
  const den = d.mantissa * 10n ** BigInt(d.exponent - e);
  const whole = num / den + (num % den === 0n ? 0n : 1n);
  return String(whole);
}

function describeContainerVolumes(container: Container, w: PrefixWriter): void {
  const mounts = container.volumeMounts ?? [];
  const none = mounts.length === 0 ? "\t<none>" : "";
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const sorted = [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of sorted) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
  const devices = container.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    const byPath = [...devices].sort((a, b) =>
      a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0,
    );
    for (const d of byPath) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * A Volume with the v1.31+ image source, which kubernetes-types (1.30) does not know yet.
 */
type VolumeV134 = Volume & { readonly image?: { readonly reference?: string; readonly pullPolicy?: string } };

/** The volume sources a lesson can meet, each as upstream prints it; other sources print `<unknown>`. */
const volumePrinters: readonly [keyof VolumeV134, (v: VolumeV134, w: PrefixWriter) => void][] = [
  [
    "hostPath",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath!.path}\n    HostPathType:\t${v.hostPath!.type ?? "<none>"}\n`,
      ),
  ],
  [
    "emptyDir",
    (v, w) => {
      const limit = v.emptyDir!.sizeLimit;
      const q = limit === undefined ? undefined : parseQuantity(limit);
      const sizeLimit = q && q.mantissa > 0n ? formatQuantity(q) : "<unset>";
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir!.medium ?? ""}\n    SizeLimit:\t${sizeLimit}\n`,
      );
    },
  ],
  [
    "secret",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret!.secretName ?? ""}\n    Optional:\t${v.secret!.optional === true}\n`,
      ),
  ],
  [
    "configMap",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap!.name ?? ""}\n    Optional:\t${v.configMap!.optional === true}\n`,
      ),
  ],
  [
    "nfs",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs!.server}\n    Path:\t${v.nfs!.path}\n    ReadOnly:\t${v.nfs!.readOnly === true}\n`,
      ),
  ],
  [
    "persistentVolumeClaim",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim!.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim!.readOnly === true}\n`,
      ),
  ],
  [
    "downwardAPI",
    (v, w) => {
      w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const m of v.downwardAPI!.items ?? []) {
        if (m.fieldRef) w.write(LEVEL_3, `${m.fieldRef.fieldPath} -> ${m.path}\n`);
        if (m.resourceFieldRef) w.write(LEVEL_3, `${m.resourceFieldRef.resource} -> ${m.path}\n`);
      }
    },
  ],
  [
    "projected",
    (v, w) => {
      w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const s of v.projected!.sources ?? []) {
        if (s.secret)
          w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ""}\n    Optional:\t${s.secret.optional === true}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
        else if (s.configMap)
          w.write(
            LEVEL_2,
            `ConfigMapName:\t${s.configMap.name ?? ""}\n    Optional:\t${s.configMap.optional === true}\n`,
          );
        else if (s.serviceAccountToken)
          w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    },
  ],
  [
    "csi",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi!.driver}\n    FSType:\t${v.csi!.fsType ?? ""}\n    ReadOnly:\t${v.csi!.readOnly === true}\n`,
      ),
  ],
  [
    "image",
    (v, w) =>
      w.write(
        LEVEL_2,
        `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${v.image!.reference ?? ""}\n    PullPolicy:\t${v.image!.pullPolicy ?? ""}\n`,
      ),
  ],
];

/**
 * `describeVolumes`. Upstream checks sources in a fixed order; the ones here keep that
 * order among themselves. Shortcut: the cloud and legacy sources (GCE PD, RBD, iSCSI, …) and
 * a CSI volume's VolumeAttributes print `<unknown>` / nothing — the simulation cannot mount them.
 */
export function describeVolumes(volumes: readonly Volume[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const volume of volumes) {
    w.write(LEVEL_1, `${space ? " " : ""}${volume.name}:\n`);
    const v: VolumeV134 = volume;
    const printer = volumePrinters.find(([field]) => v[field] !== undefined && v[field] !== null);
    if (printer) printer[1](volume, w);
    else w.write(LEVEL_1, "<unknown>\n");
  }
}

/** `describeTopologySpreadConstraints`: one line per constraint, sorted by topology key. */
export function describeTopologySpreadConstraints(
  constraints: readonly TopologySpreadConstraint[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!constraints || constraints.length === 0) return;
  const sorted = [...constraints].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((tsc, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let text = `${tsc.topologyKey}:${tsc.whenUnsatisfiable} when max skew ${tsc.maxSkew} is exceeded`;
    if (tsc.labelSelector) text += ` for selector ${formatLabelSelector(tsc.labelSelector)}`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** `DescribePodTemplate`: the template's labels, containers (no statuses), volumes, selectors. */
export function describePodTemplate(template: PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!template) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  const spec = template.spec ?? { containers: [] };
  printLabelsMultiline(w, "  Labels", template.metadata?.labels);
  if (template.metadata?.annotations && Object.keys(template.metadata.annotations).length > 0)
    printAnnotationsMultiline(w, "  Annotations", template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers && spec.initContainers.length > 0)
    describeContainers("Init Containers", spec.initContainers, undefined, undefined, w, "  ");
  describeContainers("Containers", spec.containers ?? [], undefined, undefined, w, "  ");
  describeVolumes(spec.volumes, w, "  ");
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "  ");
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "  Tolerations", spec.tolerations);
}
