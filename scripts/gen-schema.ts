/**
 * Generates the runtime schema of the kinds the simulated API server serves:
 *
 *   engine/api/schema/types.json         structure only: what the strict decoder walks
 *   engine/api/schema/descriptions.json  field descriptions, for `kubectl explain`
 *
 * Source: the `.d.ts` typings of the `kubernetes-types` package (v1.30), read as text, plus the
 * override tables below for what the typings cannot say (int32 or int64, Go's named string types,
 * `[]byte`) and for the fields that v1.31–v1.34 added or removed.
 *
 * Run with `npm run gen:schema` (Node 24 runs this file as is). test/unit/api/schema.test.ts
 * regenerates in memory and fails when the committed JSON is stale.
 *
 * Type keys are the typings' module path plus the type name: `core.v1.ServicePort`,
 * `meta.v1.ObjectMeta` (upstream's OpenAPI name minus its `io.k8s.api.` or
 * `io.k8s.apimachinery.pkg.apis.` prefix). Field types are small expressions:
 *
 *   string | boolean | int32 | int64 | int-or-string | quantity | time | micro-time | bytes | free-form
 *   core.v1.ServicePort     an object of that type (a key of "types")
 *   v1.Protocol             a Go named type (a key of "named", which gives its underlying type)
 *   []T, map[string]T       arrays and string-keyed maps of T
 */
import { readFileSync, writeFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { resources } from "../engine/api/resources.ts";

// ---------------------------------------------------------------------------------------------
// Override tables. Every entry is checked against the typings: a stale entry fails the run.

/**
 * kubernetes-types writes every integer as `number`. Upstream Go uses int32 for nearly all of
 * them (ports, replicas, most *Seconds fields); these are the int64 ones (k8s.io/api v0.34 types.go).
 */
const INT64_FIELDS = new Set([
  "apps.v1.DaemonSetStatus.observedGeneration",
  "apps.v1.DeploymentStatus.observedGeneration",
  "apps.v1.ReplicaSetStatus.observedGeneration",
  "core.v1.ContainerImage.sizeBytes",
  "core.v1.PodSecurityContext.fsGroup",
  "core.v1.PodSecurityContext.runAsGroup",
  "core.v1.PodSecurityContext.runAsUser",
  "core.v1.PodSecurityContext.supplementalGroups",
  "core.v1.PodSpec.activeDeadlineSeconds",
  "core.v1.PodSpec.terminationGracePeriodSeconds",
  "core.v1.Probe.terminationGracePeriodSeconds",
  "core.v1.SecurityContext.runAsGroup",
  "core.v1.SecurityContext.runAsUser",
  "core.v1.ServiceAccountTokenProjection.expirationSeconds",
  "core.v1.SleepAction.seconds",
  "core.v1.Toleration.tolerationSeconds",
  "meta.v1.Condition.observedGeneration",
  "meta.v1.ObjectMeta.deletionGracePeriodSeconds",
  "meta.v1.ObjectMeta.generation",
]);

/**
 * Go named types that the typings flatten to `string` (or to a plain map). They appear in type
 * errors (`... of type v1.Protocol`). A field listed with a `[]` suffix is an array of the type.
 */
const GO_NAMED: Record<string, { readonly underlying: string; readonly fields: readonly string[] }> = {
  "types.UID": {
    underlying: "string",
    fields: [
      "core.v1.ConfigMapNodeConfigSource.uid",
      "core.v1.ObjectReference.uid",
      "meta.v1.ObjectMeta.uid",
      "meta.v1.OwnerReference.uid",
    ],
  },
  "v1.ResourceList": {
    underlying: "map[string]quantity",
    fields: [
      "core.v1.ContainerStatus.allocatedResources",
      "core.v1.NodeStatus.allocatable",
      "core.v1.NodeStatus.capacity",
      "core.v1.PodSpec.overhead",
      "core.v1.ResourceRequirements.limits",
      "core.v1.ResourceRequirements.requests",
      "core.v1.VolumeResourceRequirements.limits",
      "core.v1.VolumeResourceRequirements.requests",
    ],
  },
  "v1.AddressType": { underlying: "string", fields: ["discovery.v1.EndpointSlice.addressType"] },
  "v1.AppArmorProfileType": { underlying: "string", fields: ["core.v1.AppArmorProfile.type"] },
  "v1.AzureDataDiskCachingMode": { underlying: "string", fields: ["core.v1.AzureDiskVolumeSource.cachingMode"] },
  "v1.AzureDataDiskKind": { underlying: "string", fields: ["core.v1.AzureDiskVolumeSource.kind"] },
  "v1.Capability": { underlying: "string", fields: ["core.v1.Capabilities.add[]", "core.v1.Capabilities.drop[]"] },
  "v1.ConditionStatus": {
    underlying: "string",
    fields: [
      "apps.v1.DaemonSetCondition.status",
      "apps.v1.DeploymentCondition.status",
      "apps.v1.ReplicaSetCondition.status",
      "core.v1.NamespaceCondition.status",
      "core.v1.NodeCondition.status",
      "core.v1.PodCondition.status",
      "meta.v1.Condition.status",
    ],
  },
  "v1.ContainerRestartPolicy": {
    underlying: "string",
    fields: ["core.v1.Container.restartPolicy", "core.v1.EphemeralContainer.restartPolicy"],
  },
  "v1.ContainerRestartRuleAction": { underlying: "string", fields: [] },
  "v1.ContainerRestartRuleOnExitCodesOperator": { underlying: "string", fields: [] },
  "v1.DNSPolicy": { underlying: "string", fields: ["core.v1.PodSpec.dnsPolicy"] },
  "v1.DaemonSetConditionType": { underlying: "string", fields: ["apps.v1.DaemonSetCondition.type"] },
  "v1.DaemonSetUpdateStrategyType": { underlying: "string", fields: ["apps.v1.DaemonSetUpdateStrategy.type"] },
  "v1.DeploymentConditionType": { underlying: "string", fields: ["apps.v1.DeploymentCondition.type"] },
  "v1.DeploymentStrategyType": { underlying: "string", fields: ["apps.v1.DeploymentStrategy.type"] },
  "v1.FinalizerName": { underlying: "string", fields: ["core.v1.NamespaceSpec.finalizers[]"] },
  "v1.HostPathType": { underlying: "string", fields: ["core.v1.HostPathVolumeSource.type"] },
  "v1.IPFamily": { underlying: "string", fields: ["core.v1.ServiceSpec.ipFamilies[]"] },
  "v1.IPFamilyPolicy": { underlying: "string", fields: ["core.v1.ServiceSpec.ipFamilyPolicy"] },
  "v1.LabelSelectorOperator": { underlying: "string", fields: ["meta.v1.LabelSelectorRequirement.operator"] },
  "v1.LoadBalancerIPMode": { underlying: "string", fields: ["core.v1.LoadBalancerIngress.ipMode"] },
  "v1.ManagedFieldsOperationType": { underlying: "string", fields: ["meta.v1.ManagedFieldsEntry.operation"] },
  "v1.MountPropagationMode": { underlying: "string", fields: ["core.v1.VolumeMount.mountPropagation"] },
  "v1.NamespaceConditionType": { underlying: "string", fields: ["core.v1.NamespaceCondition.type"] },
  "v1.NamespacePhase": { underlying: "string", fields: ["core.v1.NamespaceStatus.phase"] },
  "v1.NodeAddressType": { underlying: "string", fields: ["core.v1.NodeAddress.type"] },
  "v1.NodeConditionType": { underlying: "string", fields: ["core.v1.NodeCondition.type"] },
  "v1.NodeInclusionPolicy": {
    underlying: "string",
    fields: [
      "core.v1.TopologySpreadConstraint.nodeAffinityPolicy",
      "core.v1.TopologySpreadConstraint.nodeTaintsPolicy",
    ],
  },
  "v1.NodePhase": { underlying: "string", fields: ["core.v1.NodeStatus.phase"] },
  "v1.NodeSelectorOperator": { underlying: "string", fields: ["core.v1.NodeSelectorRequirement.operator"] },
  "v1.OSName": { underlying: "string", fields: ["core.v1.PodOS.name"] },
  "v1.PersistentVolumeAccessMode": {
    underlying: "string",
    fields: ["core.v1.PersistentVolumeClaimSpec.accessModes[]"],
  },
  "v1.PersistentVolumeMode": { underlying: "string", fields: ["core.v1.PersistentVolumeClaimSpec.volumeMode"] },
  "v1.PodConditionType": {
    underlying: "string",
    fields: ["core.v1.PodCondition.type", "core.v1.PodReadinessGate.conditionType"],
  },
  "v1.PodFSGroupChangePolicy": { underlying: "string", fields: ["core.v1.PodSecurityContext.fsGroupChangePolicy"] },
  "v1.PodPhase": { underlying: "string", fields: ["core.v1.PodStatus.phase"] },
  "v1.PodQOSClass": { underlying: "string", fields: ["core.v1.PodStatus.qosClass"] },
  "v1.PodResizeStatus": { underlying: "string", fields: ["core.v1.PodStatus.resize"] },
  "v1.PodSELinuxChangePolicy": { underlying: "string", fields: [] },
  "v1.PolicyType": { underlying: "string", fields: ["networking.v1.NetworkPolicySpec.policyTypes[]"] },
  "v1.PreemptionPolicy": { underlying: "string", fields: ["core.v1.PodSpec.preemptionPolicy"] },
  "v1.ProcMountType": { underlying: "string", fields: ["core.v1.SecurityContext.procMount"] },
  "v1.Protocol": {
    underlying: "string",
    fields: [
      "core.v1.ContainerPort.protocol",
      "core.v1.EndpointPort.protocol",
      "core.v1.PortStatus.protocol",
      "core.v1.ServicePort.protocol",
      "discovery.v1.EndpointPort.protocol",
      "networking.v1.NetworkPolicyPort.protocol",
    ],
  },
  "v1.PullPolicy": {
    underlying: "string",
    fields: ["core.v1.Container.imagePullPolicy", "core.v1.EphemeralContainer.imagePullPolicy"],
  },
  "v1.RecursiveReadOnlyMode": {
    underlying: "string",
    fields: ["core.v1.VolumeMount.recursiveReadOnly", "core.v1.VolumeMountStatus.recursiveReadOnly"],
  },
  "v1.ReplicaSetConditionType": { underlying: "string", fields: ["apps.v1.ReplicaSetCondition.type"] },
  "v1.ResourceHealthStatus": { underlying: "string", fields: [] },
  "v1.ResourceID": { underlying: "string", fields: [] },
  "v1.ResourceName": { underlying: "string", fields: ["core.v1.ContainerResizePolicy.resourceName"] },
  "v1.ResourceResizeRestartPolicy": { underlying: "string", fields: ["core.v1.ContainerResizePolicy.restartPolicy"] },
  "v1.RestartPolicy": { underlying: "string", fields: ["core.v1.PodSpec.restartPolicy"] },
  "v1.SeccompProfileType": { underlying: "string", fields: ["core.v1.SeccompProfile.type"] },
  "v1.ServiceAffinity": { underlying: "string", fields: ["core.v1.ServiceSpec.sessionAffinity"] },
  "v1.ServiceExternalTrafficPolicy": { underlying: "string", fields: ["core.v1.ServiceSpec.externalTrafficPolicy"] },
  "v1.ServiceInternalTrafficPolicy": { underlying: "string", fields: ["core.v1.ServiceSpec.internalTrafficPolicy"] },
  "v1.ServiceType": { underlying: "string", fields: ["core.v1.ServiceSpec.type"] },
  "v1.Signal": { underlying: "string", fields: [] },
  "v1.StorageMedium": { underlying: "string", fields: ["core.v1.EmptyDirVolumeSource.medium"] },
  "v1.SupplementalGroupsPolicy": { underlying: "string", fields: [] },
  "v1.TaintEffect": { underlying: "string", fields: ["core.v1.Taint.effect", "core.v1.Toleration.effect"] },
  "v1.TerminationMessagePolicy": {
    underlying: "string",
    fields: ["core.v1.Container.terminationMessagePolicy", "core.v1.EphemeralContainer.terminationMessagePolicy"],
  },
  "v1.TolerationOperator": { underlying: "string", fields: ["core.v1.Toleration.operator"] },
  "v1.URIScheme": { underlying: "string", fields: ["core.v1.HTTPGetAction.scheme"] },
  "v1.UniqueVolumeName": {
    underlying: "string",
    fields: ["core.v1.AttachedVolume.name", "core.v1.NodeStatus.volumesInUse[]"],
  },
  "v1.UnsatisfiableConstraintAction": {
    underlying: "string",
    fields: ["core.v1.TopologySpreadConstraint.whenUnsatisfiable"],
  },
};

/** Go `[]byte` fields, which the typings give as base64 strings. */
const BYTES_FIELDS: Record<string, string> = { "core.v1.ConfigMap.binaryData": "map[string]bytes" };

/** Empty interfaces in the typings that stand for raw JSON upstream (custom unmarshalers keep the bytes). */
const FREE_FORM = new Set(["meta.v1.FieldsV1", "runtime.RawExtension"]);

interface AddedField {
  readonly type: string;
  readonly description: string;
  readonly required?: boolean;
}

/** Fields that v1.31–v1.34 added to types the typings have (k8s.io/api v0.34 types.go). */
const ADDED_FIELDS: Record<string, Record<string, AddedField>> = {
  "apps.v1.DeploymentStatus": {
    terminatingReplicas: { type: "int32", description: "Number of terminating pods of this deployment (alpha)." },
  },
  "apps.v1.ReplicaSetStatus": {
    terminatingReplicas: { type: "int32", description: "Number of terminating pods of this replica set (alpha)." },
  },
  "core.v1.Container": {
    restartPolicyRules: {
      type: "[]core.v1.ContainerRestartRule",
      description: "Rules that decide, from a container's exit code, whether it is restarted (alpha).",
    },
  },
  "core.v1.ContainerStatus": {
    allocatedResourcesStatus: {
      type: "[]core.v1.ResourceStatus",
      description: "Health of the resources allocated to this container.",
    },
    stopSignal: { type: "v1.Signal", description: "The signal the container is stopped with." },
    user: { type: "core.v1.ContainerUser", description: "The user identity the container's first process runs as." },
  },
  "core.v1.EnvVarSource": {
    fileKeyRef: {
      type: "core.v1.FileKeySelector",
      description: "Selects a key of an environment variable file in an emptyDir volume (alpha).",
    },
  },
  "core.v1.EphemeralContainer": {
    restartPolicyRules: {
      type: "[]core.v1.ContainerRestartRule",
      description: "Restart rules; not allowed for ephemeral containers.",
    },
  },
  "core.v1.Lifecycle": {
    stopSignal: { type: "v1.Signal", description: "The signal used to stop the container (alpha)." },
  },
  "core.v1.NodeRuntimeHandlerFeatures": {
    userNamespaces: { type: "boolean", description: "Whether the runtime handler supports user namespaces." },
  },
  "core.v1.NodeStatus": {
    features: { type: "core.v1.NodeFeatures", description: "Features the node's implementation supports." },
  },
  "core.v1.NodeSystemInfo": {
    swap: { type: "core.v1.NodeSwapStatus", description: "Swap memory information of the node." },
  },
  "core.v1.PodCondition": {
    observedGeneration: {
      type: "int64",
      description: "The pod's metadata.generation this condition was set for.",
    },
  },
  "core.v1.PodResourceClaim": {
    resourceClaimName: { type: "string", description: "Name of a ResourceClaim in the pod's namespace." },
    resourceClaimTemplateName: {
      type: "string",
      description: "Name of a ResourceClaimTemplate that a ResourceClaim is generated from for this pod.",
    },
  },
  "core.v1.PodSecurityContext": {
    seLinuxChangePolicy: {
      type: "v1.PodSELinuxChangePolicy",
      description: "How the SELinux label is applied to the pod's volumes.",
    },
    supplementalGroupsPolicy: {
      type: "v1.SupplementalGroupsPolicy",
      description: "How supplemental groups of the first container process are computed.",
    },
  },
  "core.v1.PodSpec": {
    hostnameOverride: { type: "string", description: "Overrides the pod's hostname (alpha)." },
    resources: {
      type: "core.v1.ResourceRequirements",
      description: "Resource requests and limits for the pod as a whole.",
    },
  },
  "core.v1.PodStatus": {
    extendedResourceClaimStatus: {
      type: "core.v1.PodExtendedResourceClaimStatus",
      description: "Status of the ResourceClaim made for extended resources (alpha).",
    },
    observedGeneration: {
      type: "int64",
      description: "The pod's metadata.generation this status was computed for.",
    },
  },
  "core.v1.ResourceClaim": {
    request: { type: "string", description: "The request of the claim to make available to the container." },
  },
  "core.v1.Volume": {
    image: { type: "core.v1.ImageVolumeSource", description: "An OCI image or artifact mounted as a volume." },
  },
  "core.v1.VolumeProjection": {
    podCertificate: {
      type: "core.v1.PodCertificateProjection",
      description: "A private key and certificate chain issued for the pod (alpha).",
    },
  },
  "discovery.v1.EndpointHints": {
    forNodes: { type: "[]discovery.v1.ForNode", description: "Nodes that should consume this endpoint (alpha)." },
  },
};

interface AddedType {
  readonly description: string;
  readonly fields: Record<string, AddedField>;
}

/** Types that v1.31–v1.34 introduced, reachable from the fields above. */
const ADDED_TYPES: Record<string, AddedType> = {
  "core.v1.ContainerExtendedResourceRequest": {
    description: "Maps a container's extended resource to a request of a ResourceClaim.",
    fields: {
      containerName: { type: "string", description: "Name of the container.", required: true },
      requestName: { type: "string", description: "Name of the request in the ResourceClaim.", required: true },
      resourceName: { type: "string", description: "Name of the extended resource.", required: true },
    },
  },
  "core.v1.ContainerRestartRule": {
    description: "A rule deciding whether a container is restarted when it exits.",
    fields: {
      action: { type: "v1.ContainerRestartRuleAction", description: "What to do when the rule matches." },
      exitCodes: { type: "core.v1.ContainerRestartRuleOnExitCodes", description: "Exit codes the rule matches." },
    },
  },
  "core.v1.ContainerRestartRuleOnExitCodes": {
    description: "Exit codes a container restart rule matches.",
    fields: {
      operator: { type: "v1.ContainerRestartRuleOnExitCodesOperator", description: "In or NotIn." },
      values: { type: "[]int32", description: "The exit codes." },
    },
  },
  "core.v1.ContainerUser": {
    description: "The user identity a container's first process runs as.",
    fields: { linux: { type: "core.v1.LinuxContainerUser", description: "The identity on Linux." } },
  },
  "core.v1.FileKeySelector": {
    description: "Selects a key of an environment variable file.",
    fields: {
      key: { type: "string", description: "The key in the file.", required: true },
      optional: { type: "boolean", description: "Whether the file or key may be missing." },
      path: { type: "string", description: "Path of the file inside the volume.", required: true },
      volumeName: { type: "string", description: "Name of the emptyDir volume holding the file.", required: true },
    },
  },
  "core.v1.ImageVolumeSource": {
    description: "An OCI image or artifact mounted as a volume.",
    fields: {
      pullPolicy: { type: "v1.PullPolicy", description: "Always, Never or IfNotPresent." },
      reference: { type: "string", description: "Image or artifact reference." },
    },
  },
  "core.v1.LinuxContainerUser": {
    description: "Linux user and groups of a container's first process.",
    fields: {
      gid: { type: "int64", description: "Primary group ID.", required: true },
      supplementalGroups: { type: "[]int64", description: "Supplemental group IDs." },
      uid: { type: "int64", description: "User ID.", required: true },
    },
  },
  "core.v1.NodeFeatures": {
    description: "Features a node's implementation supports.",
    fields: {
      supplementalGroupsPolicy: {
        type: "boolean",
        description: "Whether the node honors PodSecurityContext.supplementalGroupsPolicy.",
      },
    },
  },
  "core.v1.NodeSwapStatus": {
    description: "Swap memory information of a node.",
    fields: { capacity: { type: "int64", description: "Total swap memory in bytes." } },
  },
  "core.v1.PodCertificateProjection": {
    description: "A private key and certificate chain issued for the pod, projected into a volume.",
    fields: {
      certificateChainPath: { type: "string", description: "Where to write the certificate chain." },
      credentialBundlePath: { type: "string", description: "Where to write key and chain together." },
      keyPath: { type: "string", description: "Where to write the private key." },
      keyType: { type: "string", description: "Type of key pair to generate." },
      maxExpirationSeconds: { type: "int32", description: "Longest lifetime the certificate may have." },
      signerName: { type: "string", description: "The signer to request the certificate from." },
    },
  },
  "core.v1.PodExtendedResourceClaimStatus": {
    description: "Status of the ResourceClaim made for a pod's extended resources.",
    fields: {
      requestMappings: {
        type: "[]core.v1.ContainerExtendedResourceRequest",
        description: "Which claim request serves which container resource.",
        required: true,
      },
      resourceClaimName: { type: "string", description: "Name of the ResourceClaim.", required: true },
    },
  },
  "core.v1.ResourceHealth": {
    description: "Health of one allocated device.",
    fields: {
      health: { type: "v1.ResourceHealthStatus", description: "Healthy, Unhealthy or Unknown." },
      resourceID: { type: "v1.ResourceID", description: "Unique ID of the device.", required: true },
    },
  },
  "core.v1.ResourceStatus": {
    description: "Health of the devices allocated for one resource.",
    fields: {
      name: { type: "v1.ResourceName", description: "Name of the resource.", required: true },
      resources: { type: "[]core.v1.ResourceHealth", description: "Health per device." },
    },
  },
  "discovery.v1.ForNode": {
    description: "A node an endpoint should be consumed by.",
    fields: { name: { type: "string", description: "Name of the node.", required: true } },
  },
};

/** Fields the typings have and a v1.34 API server no longer knows (it reports them as unknown). */
const REMOVED_FIELDS = new Set(["core.v1.PodResourceClaim.source"]);

// ---------------------------------------------------------------------------------------------
// Reading the typings.

type TypeNode =
  | { readonly t: "string" | "number" | "boolean" }
  | { readonly t: "ref"; readonly name: string }
  | { readonly t: "array" | "map"; readonly of: TypeNode }
  | { readonly t: "int-or-string" };

interface FieldDecl {
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeNode;
  readonly doc: string;
}

interface Module {
  readonly imports: Map<string, string>;
  readonly interfaces: Map<string, { readonly doc: string; readonly fields: readonly FieldDecl[] }>;
  readonly aliases: Map<string, TypeNode>;
}

/** Parses one typings file. It has a fixed shape; anything unexpected throws. */
function parseModule(path: string, text: string): Module {
  const imports = new Map<string, string>();
  const interfaces = new Map<string, { doc: string; fields: FieldDecl[] }>();
  const aliases = new Map<string, TypeNode>();
  const lines = text.split("\n");
  let doc = "";
  let current: FieldDecl[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("/**")) {
      const comment: string[] = [trimmed];
      while (!comment[comment.length - 1]!.endsWith("*/")) comment.push(lines[++i]!.trim());
      doc = docText(comment);
      continue;
    }
    const imp = /^import \{ (.+) \} from "(.+)";$/.exec(trimmed);
    if (imp) {
      const from = posix.join(posix.dirname(path), imp[2]!);
      for (const name of imp[1]!.split(", ")) imports.set(name, from);
      continue;
    }
    const iface = /^export interface (\w+) \{(\})?$/.exec(trimmed);
    if (iface) {
      current = [];
      interfaces.set(iface[1]!, { doc, fields: current });
      if (iface[2]) current = undefined;
      doc = "";
      continue;
    }
    const alias = /^export type (\w+) = (.+);$/.exec(trimmed);
    if (alias) {
      aliases.set(alias[1]!, parseType(alias[2]!, path));
      doc = "";
      continue;
    }
    if (trimmed === "}" && current) {
      current = undefined;
      continue;
    }
    const field = /^(?:readonly )?("[^"]+"|[\w$]+)(\??): (.+)$/.exec(trimmed);
    if (field && current) {
      let typeText = field[3]!;
      // A map type spans three lines: `{`, `[name: string]: T;`, `};`
      while (typeText.endsWith("{") || (typeText.includes("{") && !typeText.includes("}"))) {
        typeText += ` ${lines[++i]!.trim()}`;
      }
      if (!typeText.endsWith(";")) throw new Error(`${path}: cannot read field line: ${line}`);
      current.push({
        name: field[1]!.replace(/^"|"$/g, ""),
        optional: field[2] === "?",
        type: parseType(typeText.slice(0, -1), path),
        doc,
      });
      doc = "";
      continue;
    }
    throw new Error(`${path}: unexpected line ${i + 1}: ${line}`);
  }
  return { imports, interfaces, aliases };
}

function docText(comment: readonly string[]): string {
  const body = comment
    .map((l) =>
      l
        .replace(/^\/\*\*\s?/, "")
        .replace(/\s?\*\/$/, "")
        .replace(/^\*(?: |$)/, ""),
    )
    .join("\n");
  return body.trim();
}

function parseType(text: string, where: string): TypeNode {
  const t = text.trim();
  if (t === "string" || t === "number" || t === "boolean") return { t };
  if (/^"[^"]*"$/.test(t)) return { t: "string" }; // apiVersion and kind literals
  if (t === "number | string") return { t: "int-or-string" };
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return { t: "array", of: parseType(arr[1]!, where) };
  const map = /^\{ \[name: string\]: (.+); \};?$/.exec(t);
  if (map) return { t: "map", of: parseType(map[1]!, where) };
  if (/^[A-Z]\w*$/.test(t)) return { t: "ref", name: t };
  throw new Error(`${where}: unsupported type expression: ${t}`);
}

// ---------------------------------------------------------------------------------------------
// Building the schema.

export interface SchemaType {
  readonly fields: Record<string, string>;
  readonly required?: readonly string[];
}

export interface GeneratedSchema {
  /** Text of engine/api/schema/types.json. */
  readonly types: string;
  /** Text of engine/api/schema/descriptions.json. */
  readonly descriptions: string;
}

const SCALAR_ALIASES: Record<string, string> = {
  "api.resource.Quantity": "quantity",
  "meta.v1.Time": "time",
  "meta.v1.MicroTime": "micro-time",
};

const typesDir = fileURLToPath(new URL("../node_modules/kubernetes-types/", import.meta.url));

/** The module holding a kind: core/v1 for the core group, apps/v1, discovery/v1 (discovery.k8s.io)… */
function moduleOf(group: string, version: string): string {
  return `${group === "" ? "core" : group.split(".")[0]}/${version}`;
}

const keyOf = (module: string, name: string): string => `${module.replace(/\//g, ".")}.${name}`;

export function generateSchema(readTypings: (module: string) => string = defaultReader): GeneratedSchema {
  const modules = new Map<string, Module>();
  const load = (module: string): Module => {
    let m = modules.get(module);
    if (!m) {
      m = parseModule(module, readTypings(module));
      modules.set(module, m);
    }
    return m;
  };

  const types: Record<string, SchemaType> = {};
  const descriptions: Record<string, { type: string; fields: Record<string, string> }> = {};
  const usedOverrides = new Set<string>();
  const pending: string[] = [];
  const refKey = (module: string, name: string): string => {
    const from = load(module).imports.get(name) ?? module;
    return keyOf(from, name);
  };

  const expr = (node: TypeNode, module: string, path: string): string => {
    switch (node.t) {
      case "string":
      case "boolean":
      case "int-or-string":
        return node.t;
      case "number":
        if (INT64_FIELDS.has(path)) usedOverrides.add(path);
        return INT64_FIELDS.has(path) ? "int64" : "int32";
      case "array":
        return `[]${expr(node.of, module, path)}`;
      case "map":
        return `map[string]${expr(node.of, module, path)}`;
      case "ref": {
        const key = refKey(module, node.name);
        const scalar = SCALAR_ALIASES[key];
        if (scalar) return scalar;
        if (FREE_FORM.has(key)) return "free-form";
        pending.push(key);
        return key;
      }
    }
  };

  const namedByField = new Map<string, string>();
  for (const [goName, { fields }] of Object.entries(GO_NAMED)) {
    for (const f of fields) namedByField.set(f, goName);
  }

  for (const r of resources) {
    const key = keyOf(moduleOf(r.group, r.version), r.kind);
    pending.push(key);
  }

  while (pending.length > 0) {
    const key = pending.pop()!;
    if (types[key]) continue;
    const added = ADDED_TYPES[key];
    if (added) {
      usedOverrides.add(key);
      const fields: Record<string, string> = {};
      const docs: Record<string, string> = {};
      for (const [name, f] of Object.entries(added.fields)) {
        fields[name] = f.type;
        docs[name] = f.description;
        pending.push(...refsIn(f.type));
      }
      types[key] = withRequired(
        fields,
        Object.keys(added.fields).filter((n) => added.fields[n]!.required),
      );
      descriptions[key] = { type: added.description, fields: docs };
      continue;
    }
    const dot = key.lastIndexOf(".");
    const module = key.slice(0, dot).replace(/\./g, "/");
    const name = key.slice(dot + 1);
    const decl = load(module).interfaces.get(name);
    if (!decl) throw new Error(`kubernetes-types has no ${name} in ${module}`);
    const fields: Record<string, string> = {};
    const docs: Record<string, string> = {};
    const required: string[] = [];
    for (const f of decl.fields) {
      const path = `${key}.${f.name}`;
      if (REMOVED_FIELDS.has(path)) {
        usedOverrides.add(path);
        continue;
      }
      let type = expr(f.type, module, path);
      const named = namedByField.get(path) ?? namedByField.get(`${path}[]`);
      if (named) {
        const isArray = namedByField.has(`${path}[]`);
        const want = (isArray ? "[]" : "") + GO_NAMED[named]!.underlying;
        if (type !== want) throw new Error(`${path} is ${type}, not ${want} as GO_NAMED says`);
        type = (isArray ? "[]" : "") + named;
        usedOverrides.add(isArray ? `${path}[]` : path);
      }
      const bytes = BYTES_FIELDS[path];
      if (bytes) {
        type = bytes;
        usedOverrides.add(path);
      }
      fields[f.name] = type;
      docs[f.name] = f.doc;
      if (!f.optional) required.push(f.name);
    }
    for (const [fname, f] of Object.entries(ADDED_FIELDS[key] ?? {})) {
      if (fields[fname]) throw new Error(`${key}.${fname} is in the typings already`);
      usedOverrides.add(`${key}.${fname}`);
      fields[fname] = f.type;
      docs[fname] = f.description;
      if (f.required) required.push(fname);
      pending.push(...refsIn(f.type));
    }
    types[key] = withRequired(sortKeys(fields), required.sort());
    descriptions[key] = { type: decl.doc, fields: sortKeys(docs) };
  }
  // References made by added types.
  for (const [key, t] of Object.entries(ADDED_TYPES)) {
    if (!types[key]) throw new Error(`ADDED_TYPES.${key} is not reachable`);
    for (const f of Object.values(t.fields)) {
      for (const ref of refsIn(f.type)) if (!types[ref]) throw new Error(`${key} refers to unknown ${ref}`);
    }
  }

  const named: Record<string, string> = {};
  for (const t of Object.values(types)) {
    for (const type of Object.values(t.fields)) {
      const base = type.replace(/^(\[\]|map\[string\])+/, "");
      if (GO_NAMED[base]) named[base] = GO_NAMED[base].underlying;
      else if (base.includes(".") && !types[base]) throw new Error(`unknown type ${base}`);
    }
  }
  const stale = [
    ...INT64_FIELDS,
    ...namedByField.keys(),
    ...Object.keys(BYTES_FIELDS),
    ...REMOVED_FIELDS,
    ...Object.entries(ADDED_FIELDS).flatMap(([k, fs]) => Object.keys(fs).map((f) => `${k}.${f}`)),
    ...Object.keys(ADDED_TYPES),
  ].filter((p) => !usedOverrides.has(p));
  if (stale.length > 0) throw new Error(`override entries that match nothing: ${stale.join(", ")}`);
  for (const goName of Object.keys(GO_NAMED)) {
    if (!named[goName]) throw new Error(`GO_NAMED.${goName} is not used`);
  }
  assertAcyclic(types);

  const roots: Record<string, string> = {};
  for (const r of [...resources].sort((a, b) => (a.kind < b.kind ? -1 : 1))) {
    roots[r.kind] = keyOf(moduleOf(r.group, r.version), r.kind);
  }
  const version = (JSON.parse(readTypings("package.json")) as { version: string }).version;
  const header = {
    "//": "Generated by scripts/gen-schema.ts (npm run gen:schema); do not edit. Format: see engine/api/README.md.",
    source: `kubernetes-types@${version} + override tables in scripts/gen-schema.ts`,
  };
  return {
    types: render({ ...header, roots, named: sortKeys(named), types: sortKeys(types) }),
    descriptions: render({ ...header, types: sortKeys(descriptions) }),
  };
}

function defaultReader(module: string): string {
  return readFileSync(`${typesDir}${module.endsWith(".json") ? module : `${module}.d.ts`}`, "utf8");
}

function refsIn(type: string): string[] {
  const base = type.replace(/^(\[\]|map\[string\])+/, "");
  return /^[a-z]+\.v\d\w*\.[A-Z]\w*$/.test(base) ? [base] : [];
}

function withRequired(fields: Record<string, string>, required: readonly string[]): SchemaType {
  return required.length > 0 ? { fields, required } : { fields };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The decoder recurses along the schema; a cycle would make that unbounded. */
function assertAcyclic(types: Record<string, SchemaType>): void {
  const state = new Map<string, "open" | "done">();
  const visit = (key: string, trail: string[]): void => {
    if (state.get(key) === "done") return;
    if (state.get(key) === "open") throw new Error(`schema cycle: ${[...trail, key].join(" -> ")}`);
    state.set(key, "open");
    for (const type of Object.values(types[key]!.fields)) {
      for (const ref of refsIn(type)) visit(ref, [...trail, key]);
    }
    state.set(key, "done");
  };
  for (const key of Object.keys(types)) visit(key, []);
}

/** JSON with one line per entry of the maps under "types" (small, and diffs stay readable). */
function render(doc: Record<string, unknown>): string {
  const top = Object.entries(doc).map(([k, v]) => {
    if (k !== "types") return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([tk, tv]) => `    ${JSON.stringify(tk)}: ${JSON.stringify(tv)}`,
    );
    return `  "types": {\n${entries.join(",\n")}\n  }`;
  });
  return `{\n${top.join(",\n")}\n}\n`;
}

export const outputFiles = {
  types: fileURLToPath(new URL("../engine/api/schema/types.json", import.meta.url)),
  descriptions: fileURLToPath(new URL("../engine/api/schema/descriptions.json", import.meta.url)),
};

if (import.meta.main) {
  const out = generateSchema();
  writeFileSync(outputFiles.types, out.types);
  writeFileSync(outputFiles.descriptions, out.descriptions);
  console.log(
    `wrote ${outputFiles.types} (${out.types.length} bytes) and ${outputFiles.descriptions} (${out.descriptions.length} bytes)`,
  );
}
