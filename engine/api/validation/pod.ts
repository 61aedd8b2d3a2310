/**
 * Pod and pod-template validation, after k8s.io/kubernetes pkg/apis/core/validation
 * (ValidatePodCreate, ValidatePodUpdate, ValidatePodSpec, ValidatePodTemplateSpec and the
 * container/probe/volume/env helpers), with v1.34's feature gates: relaxed environment
 * variable names and DNS search paths (both GA), zero-second sleep actions allowed, IPs
 * checked the legacy (sloppy) way. Errors are appended in upstream's order; maps are walked in
 * sorted key order where Go walks them randomly.
 */
import type { FieldError } from "../field.ts";
import { field, goJson } from "../field.ts";
import type { LabelSelectorOptions } from "./meta.ts";
import {
  validateAnnotations,
  validateLabelName,
  validateLabelSelector,
  validateLabels,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.ts";
import {
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1123SubdomainWithUnderscore,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateName,
  validateQualifiedName,
} from "./names.ts";
import { compareQuantity, formatQuantity, isIntegerQuantity, parseQuantity } from "./quantity.ts";
import type { Obj } from "./util.ts";
import {
  arr,
  child,
  goStruct,
  index,
  int,
  isRec,
  isSet,
  key,
  keysOf,
  num,
  rawValueError,
  rec,
  semanticEqual,
  str,
  strMap,
} from "./util.ts";

export interface PodValidationOptions {
  /** The spec belongs to a Pod, not a template embedded in another kind. */
  readonly resourceIsPod: boolean;
}

const isNotPositiveErrorMsg = "must be greater than zero";
const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";
const maxInt32 = 2147483647;

/** sets.List order (sorted) of the supported protocols. */
export const supportedPortProtocols = ["SCTP", "TCP", "UDP"] as const;

// ---------------------------------------------------------------- annotations

const mirrorPodAnnotation = "kubernetes.io/config.mirror";
const podDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

/** strconv.ParseInt(s, 10, 32) behind GetDeletionCostFromPodAnnotations, leading zeros refused. */
function validDeletionCost(v: string): boolean {
  if (v.length > 1 && v[0] === "0") return false;
  if (v.startsWith("+")) return false;
  if (!/^-?[0-9]+$/.test(v)) return false;
  const n = Number(v);
  return n >= -2147483648 && n <= maxInt32;
}

function validatePodSpecificAnnotations(annotations: unknown, spec: Obj, path: string): FieldError[] {
  const a = strMap(annotations) ?? {};
  const errs: FieldError[] = [];
  if (Object.hasOwn(a, mirrorPodAnnotation) && str(spec.nodeName) === "") {
    errs.push(
      field.invalid(
        key(path, mirrorPodAnnotation),
        a[mirrorPodAnnotation],
        "must set spec.nodeName if mirror pod annotation is set",
      ),
    );
  }
  if (Object.hasOwn(a, podDeletionCostAnnotation) && !validDeletionCost(a[podDeletionCostAnnotation]!)) {
    errs.push(
      field.invalid(key(path, podDeletionCostAnnotation), a[podDeletionCostAnnotation], "must be a 32bit integer"),
    );
  }
  return errs;
}

// ---------------------------------------------------------------- paths

function isAbsPath(p: string): boolean {
  return p.startsWith("/");
}

/** validateLocalDescendingPath: relative, no `..` element. */
function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isAbsPath(target)) errs.push(field.invalid(path, target, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split("/").includes("..") ? [field.invalid(path, target, "must not contain '..'")] : [];
}

/** ValidateLocalNonReservedPath. */
function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith("..") && !target.startsWith("../"))
    errs.push(field.invalid(path, target, "must not start with '..'"));
  return errs;
}

// ---------------------------------------------------------------- volumes

/** Volume source fields in upstream's order; the name used in the "more than 1" error. */
const volumeSources: readonly (readonly [string, string])[] = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const hostPathTypes = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

function validateMode(v: unknown, path: string): FieldError[] {
  const m = num(v);
  return m !== undefined && (m > 0o777 || m < 0) ? [field.invalid(path, m, fileModeErrorMsg)] : [];
}

function validateKeyToPaths(items: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(items).forEach((it, i) => {
    const kp = rec(it);
    const p = index(path, i);
    if (str(kp.key) === "") errs.push(field.required(child(p, "key")));
    if (str(kp.path) === "") errs.push(field.required(child(p, "path")));
    errs.push(...validateLocalNonReservedPath(str(kp.path), child(p, "path")));
    errs.push(...validateMode(kp.mode, child(p, "mode")));
  });
  return errs;
}

function validateVolumeSourceDetail(kind: string, src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case "emptyDir": {
      const q = parseQuantity(src.sizeLimit);
      if (q && q.mantissa < 0n)
        errs.push(field.forbidden(child(path, "sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      break;
    }
    case "hostPath": {
      const p = str(src.path);
      if (p === "") {
        errs.push(field.required(child(path, "path")));
        break;
      }
      errs.push(...validatePathNoBacksteps(p, child(path, "path")));
      if (isSet(src.type) && !hostPathTypes.includes(str(src.type))) {
        errs.push(field.notSupported(child(path, "type"), str(src.type), hostPathTypes));
      }
      break;
    }
    case "secret":
      if (str(src.secretName) === "") errs.push(field.required(child(path, "secretName")));
      errs.push(...validateMode(src.defaultMode, child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(src.items, child(path, "items")));
      break;
    case "configMap":
      if (str(src.name) === "") errs.push(field.required(child(path, "name")));
      errs.push(...validateMode(src.defaultMode, child(path, "defaultMode")));
      errs.push(...validateKeyToPaths(src.items, child(path, "items")));
      break;
    case "persistentVolumeClaim":
      if (str(src.claimName) === "") errs.push(field.required(child(path, "claimName")));
      break;
    case "nfs":
      if (str(src.server) === "") errs.push(field.required(child(path, "server")));
      if (str(src.path) === "") errs.push(field.required(child(path, "path")));
      if (!isAbsPath(str(src.path)))
        errs.push(field.invalid(child(path, "path"), str(src.path), "must be an absolute path"));
      break;
    case "downwardAPI":
    case "projected":
      errs.push(...validateMode(src.defaultMode, child(path, "defaultMode")));
      break;
  }
  return errs;
}

/** ValidateVolumes: returns the names of the volumes that validated, for the mounts. */
function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  arr(volumes).forEach((v, i) => {
    const vol = rec(v);
    const p = index(path, i);
    const name = str(vol.name);
    const el: FieldError[] = [];
    let count = 0;
    for (const [k, errName] of volumeSources) {
      if (!isSet(vol[k])) continue;
      if (count > 0) {
        el.push(field.forbidden(child(p, errName), "may not specify more than 1 volume type"));
        continue;
      }
      count++;
      el.push(...validateVolumeSourceDetail(k, rec(vol[k]), child(p, k)));
    }
    if (count === 0) el.push(field.required(p, "must specify a volume type"));
    if (name === "") el.push(field.required(child(p, "name")));
    else el.push(...validateDNS1123Label(name, child(p, "name")));
    if (names.has(name)) el.push(field.duplicate(child(p, "name"), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}

// ---------------------------------------------------------------- containers

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((pt, i) => {
    const port = rec(pt);
    const p = index(path, i);
    const name = str(port.name);
    if (name !== "") {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) errs.push(field.invalid(child(p, "name"), name, m));
      else if (names.has(name)) errs.push(field.duplicate(child(p, "name"), name));
      else names.add(name);
    }
    const containerPort = int(port.containerPort);
    if (containerPort === 0) errs.push(field.required(child(p, "containerPort")));
    else
      for (const m of isValidPortNum(containerPort))
        errs.push(field.invalid(child(p, "containerPort"), containerPort, m));
    const hostPort = int(port.hostPort);
    if (hostPort !== 0)
      for (const m of isValidPortNum(hostPort)) errs.push(field.invalid(child(p, "hostPort"), hostPort, m));
    const protocol = str(port.protocol);
    if (protocol === "") errs.push(field.required(child(p, "protocol")));
    else if (!(supportedPortProtocols as readonly string[]).includes(protocol)) {
      errs.push(field.notSupported(child(p, "protocol"), protocol, supportedPortProtocols));
    }
  });
  return errs;
}

const validEnvFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];

/** Labels ConvertDownwardAPIFieldLabel accepts for v1 pods. */
const convertibleFieldLabels = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']`. */
function splitSubscripted(p: string): [string, string] | undefined {
  if (!p.endsWith("']")) return undefined;
  const s = p.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

function validateObjectFieldSelector(fs: Obj, path: string): FieldError[] {
  const apiVersion = str(fs.apiVersion);
  const fieldPath = str(fs.fieldPath);
  if (apiVersion === "") return [field.required(child(path, "apiVersion"))];
  if (fieldPath === "") return [field.required(child(path, "fieldPath"))];
  let convErr: string | undefined;
  let internal = fieldPath;
  const sub = splitSubscripted(fieldPath);
  if (apiVersion !== "v1") convErr = `unsupported pod version: ${apiVersion}`;
  else if (sub) {
    if (sub[0] !== "metadata.annotations" && sub[0] !== "metadata.labels")
      convErr = `field label does not support subscript: ${fieldPath}`;
  } else if (fieldPath === "spec.host") internal = "spec.nodeName";
  else if (!convertibleFieldLabels.has(fieldPath)) convErr = `field label not supported: ${fieldPath}`;
  if (convErr) return [field.invalid(child(path, "fieldPath"), fieldPath, `error converting fieldPath: ${convErr}`)];
  if (sub) {
    if (sub[0] === "metadata.annotations") return validateQualifiedName(sub[1].toLowerCase(), path);
    return validateQualifiedName(sub[1], path);
  }
  if (!validEnvFieldPaths.includes(internal))
    return [field.notSupported(child(path, "fieldPath"), internal, validEnvFieldPaths)];
  return [];
}

const validResourceFieldPaths = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

function validateResourceFieldSelector(fs: Obj, path: string, volume: boolean): FieldError[] {
  const resource = str(fs.resource);
  if (volume && str(fs.containerName) === "") return [field.required(child(path, "containerName"))];
  if (resource === "") return [field.required(child(path, "resource"))];
  if (!validResourceFieldPaths.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    return [field.notSupported(child(path, "resource"), resource, validResourceFieldPaths)];
  }
  return [];
}

function validateKeySelector(s: Obj, path: string): FieldError[] {
  const errs = validateName(nameIsDNSSubdomain, str(s.name), child(path, "name"));
  const k = str(s.key);
  if (k === "") errs.push(field.required(child(path, "key")));
  else for (const m of isConfigMapKey(k)) errs.push(field.invalid(child(path, "key"), k, m));
  return errs;
}

function validateEnvVarValueFrom(ev: Obj, path: string): FieldError[] {
  if (!isRec(ev.valueFrom)) return [];
  const vf = ev.valueFrom;
  const errs: FieldError[] = [];
  let sources = 0;
  if (isRec(vf.fieldRef)) {
    sources++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, child(path, "fieldRef")));
  }
  if (isRec(vf.resourceFieldRef)) {
    sources++;
    errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, child(path, "resourceFieldRef"), false));
  }
  if (isRec(vf.configMapKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, child(path, "configMapKeyRef")));
  }
  if (isRec(vf.secretKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(vf.secretKeyRef, child(path, "secretKeyRef")));
  }
  if (sources === 0) {
    errs.push(
      field.invalid(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  } else if (str(ev.value) !== "") {
    errs.push(field.invalid(path, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errs.push(field.invalid(path, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((e, i) => {
    const ev = rec(e);
    const p = index(path, i);
    const name = str(ev.name);
    if (name === "") errs.push(field.required(child(p, "name")));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(field.invalid(child(p, "name"), name, m));
    errs.push(...validateEnvVarValueFrom(ev, child(p, "valueFrom")));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((e, i) => {
    const ev = rec(e);
    const p = index(path, i);
    const prefix = str(ev.prefix);
    if (prefix !== "")
      for (const m of isRelaxedEnvVarName(prefix)) errs.push(field.invalid(child(p, "prefix"), prefix, m));
    let sources = 0;
    for (const k of ["configMapRef", "secretRef"]) {
      if (!isRec(ev[k])) continue;
      sources++;
      const name = str(ev[k].name);
      if (name === "") errs.push(field.required(child(p, k, "name")));
      else errs.push(...validateName(nameIsDNSSubdomain, name, child(p, k, "name"), true));
    }
    if (sources === 0) errs.push(field.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1) errs.push(field.invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

const mountPropagations = ["Bidirectional", "HostToContainer", "None"];

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, container: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const privileged = rec(container.securityContext).privileged === true;
  arr(mounts).forEach((m, i) => {
    const mnt = rec(m);
    const p = index(path, i);
    const name = str(mnt.name);
    const mountPath = str(mnt.mountPath);
    if (name === "") errs.push(field.required(child(p, "name")));
    if (!volumes.has(name)) errs.push(field.notFound(child(p, "name"), name));
    if (mountPath === "") errs.push(field.required(child(p, "mountPath")));
    if (mountPoints.has(mountPath)) errs.push(field.invalid(child(p, "mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    const subPath = str(mnt.subPath);
    const subPathExpr = str(mnt.subPathExpr);
    if (subPath !== "") errs.push(...validateLocalDescendingPath(subPath, child(path, "subPath")));
    if (subPathExpr !== "") {
      if (subPath !== "")
        errs.push(
          field.invalid(child(p, "subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      errs.push(...validateLocalDescendingPath(subPathExpr, child(path, "subPathExpr")));
    }
    if (isSet(mnt.mountPropagation)) {
      const mp = str(mnt.mountPropagation);
      const pp = child(path, "mountPropagation");
      if (!mountPropagations.includes(mp)) errs.push(field.notSupported(pp, mp, mountPropagations));
      if (mp === "Bidirectional" && !privileged) {
        errs.push(field.forbidden(pp, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
  });
  return errs;
}

const pullPolicies = ["Always", "IfNotPresent", "Never"];

function validatePullPolicy(policy: string, path: string): FieldError[] {
  if (pullPolicies.includes(policy)) return [];
  if (policy === "") return [field.required(path)];
  return [field.notSupported(path, policy, pullPolicies)];
}

// ---------------------------------------------------------------- resources

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);
const standardResources = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);
const integerResources = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

function isHugePages(name: string): boolean {
  return name.startsWith("hugepages-");
}

function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  const unqualified = name.split("/").length === 1;
  if (errs.length === 0 && unqualified && !standardResources.has(name) && !isHugePages(name)) {
    errs.push(field.invalid(path, name, "must be a standard resource type or fully qualified"));
  }
  if (unqualified) {
    if (!standardContainerResources.has(name) && !isHugePages(name)) {
      errs.push(field.invalid(path, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    errs.push(field.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateResourceQuantityValue(name: string, raw: unknown, path: string): FieldError[] {
  const q = parseQuantity(raw);
  if (!q) return [];
  const errs: FieldError[] = [];
  if (q.mantissa < 0n) errs.push(field.invalid(path, formatQuantity(q), "must be greater than or equal to 0"));
  if ((integerResources.has(name) || isExtendedResource(name)) && !isIntegerQuantity(q)) {
    errs.push(field.invalid(path, formatQuantity(q), "must be an integer"));
  }
  return errs;
}

function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const r = rec(resources);
  const limits = rec(r.limits);
  const requests = rec(r.requests);
  const limPath = child(path, "limits");
  const reqPath = child(path, "requests");
  const errs: FieldError[] = [];
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const name of keysOf(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, limits[name], p));
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limCpuMem = true;
  }
  for (const name of keysOf(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, requests[name], p));
    const q = parseQuantity(requests[name]);
    if (Object.hasOwn(limits, name)) {
      const l = parseQuantity(limits[name]);
      if (q && l) {
        const cmp = compareQuantity(q, l);
        if (cmp !== 0 && !isOvercommitAllowed(name)) {
          errs.push(
            field.invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(l)}`),
          );
        } else if (cmp > 0) {
          errs.push(
            field.invalid(
              reqPath,
              formatQuantity(q),
              `must be less than or equal to ${name} limit of ${formatQuantity(l)}`,
            ),
          );
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(field.required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === "cpu" || name === "memory") reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages) errs.push(field.forbidden(path, "HugePages require cpu or memory"));
  return errs;
}

const resizeResources = ["cpu", "memory"];
const resizePolicies = ["NotRequired", "RestartContainer"];

function validateResizePolicy(list: unknown, path: string, podRestartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(list).forEach((x, i) => {
    const p = rec(x);
    const rn = str(p.resourceName);
    const rp = str(p.restartPolicy);
    if (seen.has(rn)) errs.push(field.duplicate(index(path, i), rn));
    seen.add(rn);
    if (rn === "") errs.push(field.required(path));
    else if (!resizeResources.includes(rn)) errs.push(field.notSupported(path, rn, resizeResources));
    if (rp === "") errs.push(field.required(path));
    else if (!resizePolicies.includes(rp)) errs.push(field.notSupported(path, rp, resizePolicies));
    if (podRestartPolicy === "Never" && rp !== "NotRequired") {
      errs.push(field.invalid(path, rp, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

const seccompTypes = ["Localhost", "RuntimeDefault", "Unconfined"];

function validateSeccompProfile(sp: unknown, path: string): FieldError[] {
  if (!isRec(sp)) return [];
  const errs: FieldError[] = [];
  const type = str(sp.type);
  if (type === "") errs.push(field.required(child(path, "type"), "type is required when seccompProfile is set"));
  else if (!seccompTypes.includes(type)) errs.push(field.notSupported(child(path, "type"), type, seccompTypes));
  if (type === "Localhost") {
    if (!isSet(sp.localhostProfile)) {
      errs.push(field.required(child(path, "localhostProfile"), "must be set when seccomp type is Localhost"));
    } else errs.push(...validateLocalDescendingPath(str(sp.localhostProfile), child(path, "localhostProfile")));
  } else if (isSet(sp.localhostProfile)) {
    const rendered = goStruct([
      ["Type", goJson(type)],
      ["LocalhostProfile", goJson(str(sp.localhostProfile))],
    ]);
    errs.push(
      rawValueError(
        "Invalid value",
        child(path, "localhostProfile"),
        rendered,
        "can only be set when seccomp type is Localhost",
      ),
    );
  }
  return errs;
}

function validateSecurityContext(sc: unknown, path: string, hostUsers: boolean): FieldError[] {
  if (!isRec(sc)) return [];
  const errs: FieldError[] = [];
  const runAsUser = num(sc.runAsUser);
  if (runAsUser !== undefined)
    for (const m of isValidUserID(runAsUser)) errs.push(field.invalid(child(path, "runAsUser"), runAsUser, m));
  const runAsGroup = num(sc.runAsGroup);
  if (runAsGroup !== undefined)
    for (const m of isValidGroupID(runAsGroup)) errs.push(field.invalid(child(path, "runAsGroup"), runAsGroup, m));
  if (isSet(sc.procMount)) {
    const pm = str(sc.procMount);
    if (pm !== "Default" && pm !== "Unmasked")
      errs.push(field.notSupported(child(path, "procMount"), pm, ["Default", "Unmasked"]));
    if (hostUsers && pm === "Unmasked")
      errs.push(field.invalid(child(path, "procMount"), pm, "`hostUsers` must be false to use `Unmasked`"));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, "seccompProfile")));
  return errs;
}

function validateContainerCommon(
  ctr: Obj,
  volumes: Set<string>,
  path: string,
  podRestartPolicy: string,
  hostUsers: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ctr.name);
  if (name === "") errs.push(field.required(child(path, "name")));
  else errs.push(...validateDNS1123Label(name, child(path, "name")));
  if (str(ctr.image) === "") errs.push(field.required(child(path, "image")));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp === "") errs.push(field.required(child(path, "terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(field.notSupported(child(path, "terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  }
  errs.push(...validateContainerPorts(ctr.ports, child(path, "ports")));
  errs.push(...validateEnv(ctr.env, child(path, "env")));
  errs.push(...validateEnvFrom(ctr.envFrom, child(path, "envFrom")));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, volumes, ctr, child(path, "volumeMounts")));
  errs.push(...validatePullPolicy(str(ctr.imagePullPolicy), child(path, "imagePullPolicy")));
  errs.push(...validateResourceRequirements(ctr.resources, child(path, "resources")));
  errs.push(...validateResizePolicy(ctr.resizePolicy, child(path, "resizePolicy"), podRestartPolicy));
  errs.push(...validateSecurityContext(ctr.securityContext, child(path, "securityContext"), hostUsers));
  return errs;
}

// ---------------------------------------------------------------- probes and handlers

function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "string") return isValidPortName(port).map((m) => field.invalid(path, port, m));
  const n = int(port);
  return isValidPortNum(n).map((m) => field.invalid(path, n, m));
}

function validateHandler(
  handler: Obj,
  kinds: readonly string[],
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const k of kinds) {
    if (!isRec(handler[k])) continue;
    if (count > 0) {
      errs.push(field.forbidden(child(path, k), "may not specify more than 1 handler type"));
      continue;
    }
    count++;
    const h = handler[k];
    const p = child(path, k);
    switch (k) {
      case "exec":
        if (arr(h.command).length === 0) errs.push(field.required(child(p, "command")));
        break;
      case "httpGet": {
        if (str(h.path) === "") errs.push(field.required(child(p, "path")));
        errs.push(...validatePortNumOrName(h.port, child(p, "port")));
        const scheme = str(h.scheme);
        if (scheme !== "HTTP" && scheme !== "HTTPS")
          errs.push(field.notSupported(child(p, "scheme"), scheme, ["HTTP", "HTTPS"]));
        for (const hd of arr(h.httpHeaders)) {
          const hn = str(rec(hd).name);
          for (const m of isHTTPHeaderName(hn)) errs.push(field.invalid(child(p, "httpHeaders"), hn, m));
        }
        break;
      }
      case "tcpSocket":
        errs.push(...validatePortNumOrName(h.port, child(p, "port")));
        break;
      case "grpc":
        errs.push(...validatePortNumOrName(int(h.port), child(p, "port")));
        break;
      case "sleep": {
        // PodLifecycleSleepActionAllowZero is on in v1.34: zero seconds is accepted.
        const seconds = int(h.seconds);
        if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
          errs.push(
            field.invalid(
              p,
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          );
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(field.required(path, "must specify a handler type"));
  return errs;
}

const probeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];
const lifecycleHandlers = ["exec", "httpGet", "tcpSocket", "sleep"];

function validateProbe(probe: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs = validateHandler(probe, probeHandlers, gracePeriod, path);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...validateNonnegative(int(probe[f]), child(path, f)));
  }
  const tgp = num(probe.terminationGracePeriodSeconds);
  if (tgp !== undefined && tgp <= 0)
    errs.push(field.invalid(child(path, "terminationGracePeriodSeconds"), tgp, "must be greater than 0"));
  return errs;
}

function validateProbes(ctr: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isRec(ctr.livenessProbe)) {
    const p = child(path, "livenessProbe");
    errs.push(...validateProbe(ctr.livenessProbe, gracePeriod, p));
    if (int(ctr.livenessProbe.successThreshold) !== 1) {
      errs.push(field.invalid(child(p, "successThreshold"), int(ctr.livenessProbe.successThreshold), "must be 1"));
    }
  }
  if (isRec(ctr.readinessProbe)) {
    const p = child(path, "readinessProbe");
    errs.push(...validateProbe(ctr.readinessProbe, gracePeriod, p));
    const tgp = num(ctr.readinessProbe.terminationGracePeriodSeconds);
    if (tgp !== undefined)
      errs.push(field.invalid(child(p, "terminationGracePeriodSeconds"), tgp, "must not be set for readinessProbes"));
  }
  if (isRec(ctr.startupProbe)) {
    const p = child(path, "startupProbe");
    errs.push(...validateProbe(ctr.startupProbe, gracePeriod, p));
    if (int(ctr.startupProbe.successThreshold) !== 1) {
      errs.push(field.invalid(child(p, "successThreshold"), int(ctr.startupProbe.successThreshold), "must be 1"));
    }
  }
  return errs;
}

function validateLifecycle(lc: Obj, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isRec(lc.postStart))
    errs.push(...validateHandler(lc.postStart, lifecycleHandlers, gracePeriod, child(path, "postStart")));
  if (isRec(lc.preStop))
    errs.push(...validateHandler(lc.preStop, lifecycleHandlers, gracePeriod, child(path, "preStop")));
  return errs;
}

/** AccumulateUniqueHostPorts: `protocol/hostIP/hostPort` may appear once. */
function checkHostPortConflicts(containers: readonly unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    arr(rec(c).ports).forEach((pt, pi) => {
      const port = rec(pt);
      const hostPort = int(port.hostPort);
      if (hostPort === 0) return;
      const s = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      const p = child(index(child(index(path, ci), "ports"), pi), "hostPort");
      if (seen.has(s)) errs.push(field.duplicate(p, s));
      else seen.add(s);
    });
  });
  return errs;
}

function validateContainers(
  containers: unknown,
  volumes: Set<string>,
  gracePeriod: number | undefined,
  path: string,
  podRestartPolicy: string,
  hostUsers: boolean,
): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [field.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const ctr = rec(c);
    const p = index(path, i);
    errs.push(...validateContainerCommon(ctr, volumes, p, podRestartPolicy, hostUsers));
    const name = str(ctr.name);
    if (names.has(name)) errs.push(field.duplicate(child(p, "name"), name));
    else names.add(name);
    if (isRec(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, child(p, "lifecycle")));
    errs.push(...validateProbes(ctr, gracePeriod, p));
    if (isSet(ctr.restartPolicy))
      errs.push(field.forbidden(child(p, "restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

function validateInitContainers(
  containers: unknown,
  regular: unknown,
  volumes: Set<string>,
  gracePeriod: number | undefined,
  path: string,
  podRestartPolicy: string,
  hostUsers: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(regular).map((c) => str(rec(c).name)));
  arr(containers).forEach((c, i) => {
    const ctr = rec(c);
    const p = index(path, i);
    errs.push(...validateContainerCommon(ctr, volumes, p, podRestartPolicy, hostUsers));
    let restartAlways = false;
    if (isSet(ctr.restartPolicy)) {
      const rp = str(ctr.restartPolicy);
      if (rp !== "Always") errs.push(field.notSupported(child(p, "restartPolicy"), rp, ["Always"]));
      restartAlways = rp === "Always";
    }
    const name = str(ctr.name);
    if (names.has(name)) errs.push(field.duplicate(child(p, "name"), name));
    else if (name !== "") names.add(name);
    // Upstream checks each init container on its own, so the path always reads index 0.
    errs.push(...checkHostPortConflicts([ctr], path));
    if (restartAlways) {
      if (isRec(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, child(p, "lifecycle")));
      errs.push(...validateProbes(ctr, gracePeriod, p));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (isSet(ctr[f]))
          errs.push(field.forbidden(child(p, f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
  });
  return errs;
}

// ---------------------------------------------------------------- pod spec pieces

const restartPolicies = ["Always", "OnFailure", "Never"];
const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

function validateEnum(value: string, path: string, valid: readonly string[]): FieldError[] {
  if (valid.includes(value)) return [];
  if (value === "") return [field.required(path)];
  return [field.notSupported(path, value, valid)];
}

const sysctlFmt = "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const sysctlRe = new RegExp(`^${sysctlFmt}$`);

/**
 * The pod security context. Internally hostPID and shareProcessNamespace live in it too, so
 * the context is checked even when v1's spec.securityContext is absent.
 */
function validatePodSecurityContext(scIn: unknown, spec: Obj, path: string): FieldError[] {
  const sc = rec(scIn);
  const errs: FieldError[] = [];
  const fsGroup = num(sc.fsGroup);
  if (fsGroup !== undefined)
    for (const m of isValidGroupID(fsGroup)) errs.push(field.invalid(child(path, "fsGroup"), fsGroup, m));
  const runAsUser = num(sc.runAsUser);
  if (runAsUser !== undefined)
    for (const m of isValidUserID(runAsUser)) errs.push(field.invalid(child(path, "runAsUser"), runAsUser, m));
  const runAsGroup = num(sc.runAsGroup);
  if (runAsGroup !== undefined)
    for (const m of isValidGroupID(runAsGroup)) errs.push(field.invalid(child(path, "runAsGroup"), runAsGroup, m));
  arr(sc.supplementalGroups).forEach((g, i) => {
    for (const m of isValidGroupID(int(g)))
      errs.push(field.invalid(index(child(path, "supplementalGroups"), i), int(g), m));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      field.invalid(
        child(path, "shareProcessNamespace"),
        true,
        "ShareProcessNamespace and HostPID cannot both be enabled",
      ),
    );
  }
  const names = new Set<string>();
  arr(sc.sysctls).forEach((s, i) => {
    const name = str(rec(s).name);
    const p = child(index(child(path, "sysctls"), i), "name");
    if (name === "") errs.push(field.required(p));
    else if (name.length > 253 || !sysctlRe.test(name)) {
      errs.push(field.invalid(p, name, `must have at most 253 characters and match regex ^${sysctlFmt}$`));
    } else if (names.has(name)) errs.push(field.duplicate(p, name));
    names.add(name);
  });
  if (isSet(sc.fsGroupChangePolicy)) {
    const v = str(sc.fsGroupChangePolicy);
    if (v !== "Always" && v !== "OnRootMismatch")
      errs.push(field.notSupported(child(path, "fsGroupChangePolicy"), v, ["Always", "OnRootMismatch"]));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, "seccompProfile")));
  if (isSet(sc.supplementalGroupsPolicy)) {
    const v = str(sc.supplementalGroupsPolicy);
    if (v !== "Merge" && v !== "Strict")
      errs.push(field.notSupported(child(path, "supplementalGroupsPolicy"), v, ["Merge", "Strict"]));
  }
  return errs;
}

function validateNodeSelectorRequirement(rq: Obj, allowInvalidValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(rq.operator);
  const values = arr(rq.values).map(str);
  if (op === "In" || op === "NotIn") {
    if (values.length === 0)
      errs.push(field.required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op === "Exists" || op === "DoesNotExist") {
    if (values.length > 0)
      errs.push(
        field.forbidden(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      );
  } else if (op === "Gt" || op === "Lt") {
    if (values.length !== 1)
      errs.push(
        field.required(child(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
      );
  } else {
    errs.push(field.invalid(child(path, "operator"), op, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(str(rq.key), child(path, "key")));
  if (!allowInvalidValues) {
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(field.invalid(index(child(path, "values"), j), v, m));
    });
  }
  return errs;
}

function validateNodeSelectorTerm(term: Obj, allowInvalidValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(term.matchExpressions).forEach((e, j) => {
    errs.push(
      ...validateNodeSelectorRequirement(rec(e), allowInvalidValues, index(child(path, "matchExpressions"), j)),
    );
  });
  arr(term.matchFields).forEach((e, j) => {
    const rq = rec(e);
    const p = index(child(path, "matchFields"), j);
    const op = str(rq.operator);
    const values = arr(rq.values).map(str);
    if (op === "In" || op === "NotIn") {
      if (values.length !== 1) {
        errs.push(
          field.required(
            child(p, "values"),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else errs.push(field.invalid(child(p, "operator"), op, "not a valid selector operator"));
    if (str(rq.key) !== "metadata.name")
      errs.push(field.invalid(child(p, "key"), str(rq.key), "not a valid field selector key"));
    else
      values.forEach((v, k) => {
        errs.push(...validateName(nameIsDNSSubdomain, v, index(child(p, "values"), k)));
      });
  });
  return errs;
}

function validatePodAffinityTerm(term: Obj, opts: LabelSelectorOptions, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, "labelSelector"), opts));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, "namespaceSelector"), opts));
  for (const ns of arr(term.namespaces)) errs.push(...validateName(nameIsDNSLabel, str(ns), child(path, "namespace")));
  const tk = str(term.topologyKey);
  if (tk === "") errs.push(field.required(child(path, "topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(tk, child(path, "topologyKey")));
  return errs;
}

function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (!isRec(affinity)) return [];
  const errs: FieldError[] = [];
  const opts: LabelSelectorOptions = { allowInvalidLabelValueInSelector: false };
  if (isRec(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const p = child(path, "nodeAffinity");
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isRec(req)) {
      const tp = child(p, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
      const terms = arr(req.nodeSelectorTerms);
      if (terms.length === 0) errs.push(field.required(tp, "must have at least one node selector term"));
      terms.forEach((t, i) => {
        errs.push(...validateNodeSelectorTerm(rec(t), false, index(tp, i)));
      });
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const term = rec(t);
      const tp = index(child(p, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = int(term.weight);
      if (w <= 0 || w > 100) errs.push(field.invalid(child(tp, "weight"), w, "must be in the range 1-100"));
      errs.push(...validateNodeSelectorTerm(rec(term.preference), true, child(tp, "preference")));
    });
  }
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const pa = affinity[kind];
    if (!isRec(pa)) continue;
    const p = child(path, kind);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(
        ...validatePodAffinityTerm(rec(t), opts, index(child(p, "requiredDuringSchedulingIgnoredDuringExecution"), i)),
      );
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const wt = rec(t);
      const tp = index(child(p, "preferredDuringSchedulingIgnoredDuringExecution"), i);
      const w = int(wt.weight);
      if (w <= 0 || w > 100) errs.push(field.invalid(child(tp, "weight"), w, "must be in the range 1-100"));
      errs.push(...validatePodAffinityTerm(rec(wt.podAffinityTerm), opts, child(tp, "podAffinityTerm")));
    });
  }
  return errs;
}

function validatePodDNSConfig(dnsConfig: unknown, dnsPolicy: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (dnsPolicy === "None") {
    if (!isRec(dnsConfig)) return [field.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (arr(dnsConfig.nameservers).length === 0) {
      return [
        field.required(child(path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"),
      ];
    }
  }
  if (!isRec(dnsConfig)) return errs;
  const nameservers = arr(dnsConfig.nameservers).map(str);
  if (nameservers.length > 3)
    errs.push(field.invalid(child(path, "nameservers"), nameservers, "must not have more than 3 nameservers"));
  nameservers.forEach((ns, i) => {
    errs.push(...isValidIP(index(child(path, "nameservers"), i), ns));
  });
  const searches = arr(dnsConfig.searches).map(str);
  if (searches.length > 32)
    errs.push(field.invalid(child(path, "searches"), searches, "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errs.push(
      field.invalid(
        child(path, "searches"),
        searches,
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  }
  searches.forEach((s, i) => {
    // RelaxedDNSSearchValidation (GA in v1.34): "." alone is accepted, underscores are too.
    if (s === ".") return;
    const trimmed = s.endsWith(".") ? s.slice(0, -1) : s;
    for (const m of isDNS1123SubdomainWithUnderscore(trimmed))
      errs.push(field.invalid(index(child(path, "searches"), i), trimmed, m));
  });
  arr(dnsConfig.options).forEach((o, i) => {
    if (str(rec(o).name) === "") errs.push(field.required(index(child(path, "options"), i), "must not be empty"));
  });
  return errs;
}

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((t, i) => {
    const tol = rec(t);
    const p = index(path, i);
    const k = str(tol.key);
    const op = str(tol.operator);
    const effect = str(tol.effect);
    const value = str(tol.value);
    if (k !== "") errs.push(...validateLabelName(k, child(p, "key")));
    if (k === "" && op !== "Exists") {
      errs.push(
        field.invalid(
          child(p, "operator"),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (isSet(tol.tolerationSeconds) && effect !== "NoExecute") {
      errs.push(
        field.invalid(child(p, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    if (op === "Equal" || op === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(field.invalid(child(p, "operator"), value, msgs.join(";")));
    } else if (op === "Exists") {
      if (value !== "")
        errs.push(field.invalid(child(p, "operator"), value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(field.notSupported(child(p, "operator"), op, ["Equal", "Exists"]));
    if (effect !== "" && !taintEffects.includes(effect))
      errs.push(field.notSupported(child(p, "effect"), effect, taintEffects));
  });
  return errs;
}

function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(constraints).map(rec);
  list.forEach((c, i) => {
    const p = index(path, i);
    const maxSkew = int(c.maxSkew);
    if (maxSkew <= 0) errs.push(field.invalid(child(p, "maxSkew"), maxSkew, isNotPositiveErrorMsg));
    const tk = str(c.topologyKey);
    if (tk === "") errs.push(field.required(child(p, "topologyKey"), "can not be empty"));
    const action = str(c.whenUnsatisfiable);
    if (action !== "DoNotSchedule" && action !== "ScheduleAnyway") {
      errs.push(field.notSupported(child(p, "whenUnsatisfiable"), action, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (list.slice(i + 1).some((o) => str(o.topologyKey) === tk && str(o.whenUnsatisfiable) === action)) {
      errs.push(field.duplicate(child(p, "{topologyKey, whenUnsatisfiable}"), `{${tk}, ${action}}`));
    }
    const minDomains = num(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(field.invalid(child(p, "minDomains"), minDomains, isNotPositiveErrorMsg));
      if (action !== "DoNotSchedule") {
        errs.push(
          field.invalid(
            child(p, "minDomains"),
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        );
      }
    }
    for (const f of ["nodeAffinityPolicy", "nodeTaintsPolicy"]) {
      if (!isSet(c[f])) continue;
      const v = str(c[f]);
      if (v !== "Honor" && v !== "Ignore") errs.push(field.notSupported(child(p, f), v, ["Honor", "Ignore"]));
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, "labelSelector")));
  });
  return errs;
}

/** ValidatePodSpec, in upstream's order (resource claims, pod-level resources, Windows and user-namespace rules left out). */
export function validatePodSpec(specIn: unknown, path: string, opts: PodValidationOptions): FieldError[] {
  const spec = rec(specIn);
  const errs: FieldError[] = [];
  const gracePeriod = num(spec.terminationGracePeriodSeconds);
  if (gracePeriod === undefined) errs.push(field.required(child(path, "terminationGracePeriodSeconds")));
  const hostUsers = spec.hostUsers !== false;
  const restartPolicy = str(spec.restartPolicy);
  const vols = validateVolumes(spec.volumes, child(path, "volumes"));
  errs.push(...vols.errs);
  errs.push(
    ...validateContainers(
      spec.containers,
      vols.names,
      gracePeriod,
      child(path, "containers"),
      restartPolicy,
      hostUsers,
    ),
  );
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      vols.names,
      gracePeriod,
      child(path, "initContainers"),
      restartPolicy,
      hostUsers,
    ),
  );
  if (spec.hostNetwork === true) {
    arr(spec.containers).forEach((c, i) => {
      arr(rec(c).ports).forEach((pt, j) => {
        const port = rec(pt);
        const hp = int(port.hostPort);
        const cp = int(port.containerPort);
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          const p = child(index(child(index(child(path, "containers"), i), "ports"), j), "hostPort");
          errs.push(field.invalid(p, hp, "must match `containerPort` when `hostNetwork` is true"));
        }
      });
    });
  }
  errs.push(...validateEnum(restartPolicy, child(path, "restartPolicy"), restartPolicies));
  errs.push(...validateEnum(str(spec.dnsPolicy), child(path, "dnsPolicy"), dnsPolicies));
  errs.push(...validateLabels(spec.nodeSelector, child(path, "nodeSelector")));
  errs.push(...validatePodSecurityContext(spec.securityContext, spec, child(path, "securityContext")));
  errs.push(...validateAffinity(spec.affinity, child(path, "affinity")));
  errs.push(...validatePodDNSConfig(spec.dnsConfig, str(spec.dnsPolicy), child(path, "dnsConfig")));
  arr(spec.readinessGates).forEach((g, i) => {
    errs.push(
      ...validateQualifiedName(
        str(rec(g).conditionType),
        child(index(child(path, "readinessGates"), i), "conditionType"),
      ),
    );
  });
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str(rec(g).name);
    const p = index(child(path, "schedulingGates"), i);
    errs.push(...validateQualifiedName(name, p));
    if (gates.has(name)) errs.push(field.duplicate(p, name));
    gates.add(name);
  });
  errs.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(path, "topologySpreadConstraints")),
  );
  const sa = str(spec.serviceAccountName);
  if (sa !== "") errs.push(...validateName(nameIsDNSSubdomain, sa, child(path, "serviceAccountName")));
  const nodeName = str(spec.nodeName);
  if (nodeName !== "") errs.push(...validateName(nameIsDNSSubdomain, nodeName, child(path, "nodeName")));
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > maxInt32)) {
    errs.push(field.invalid(child(path, "activeDeadlineSeconds"), ads, inclusiveRangeError(1, maxInt32)));
  }
  if (str(spec.hostname) !== "") errs.push(...validateDNS1123Label(str(spec.hostname), child(path, "hostname")));
  if (str(spec.subdomain) !== "") errs.push(...validateDNS1123Label(str(spec.subdomain), child(path, "subdomain")));
  errs.push(...validateTolerations(spec.tolerations, child(path, "tolerations")));
  arr(spec.hostAliases).forEach((h, i) => {
    const ha = rec(h);
    const p = index(child(path, "hostAliases"), i);
    errs.push(...isValidIP(child(p, "ip"), str(ha.ip)));
    arr(ha.hostnames).forEach((hn, j) => {
      errs.push(...validateDNS1123Subdomain(str(hn), index(child(p, "hostnames"), j)));
    });
  });
  const pcn = str(spec.priorityClassName);
  if (pcn !== "") errs.push(...validateName(nameIsDNSSubdomain, pcn, child(path, "priorityClassName")));
  if (isSet(spec.runtimeClassName))
    errs.push(...validateName(nameIsDNSSubdomain, str(spec.runtimeClassName), child(path, "runtimeClassName")));
  if (isSet(spec.preemptionPolicy)) {
    errs.push(
      ...validateEnum(str(spec.preemptionPolicy), child(path, "preemptionPolicy"), ["PreemptLowerPriority", "Never"]),
    );
  }
  if (isRec(spec.os)) {
    const osName = str(spec.os.name);
    if (osName === "") errs.push(field.required(child(path, "os", "name"), "cannot be empty"));
    else if (osName !== "linux" && osName !== "windows")
      errs.push(field.notSupported(child(path, "os"), osName, ["linux", "windows"]));
  }
  return errs;
}

function validateImageWhitespace(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(containers).forEach((c, i) => {
    const image = str(rec(c).image);
    if (image.length !== image.trim().length) {
      errs.push(field.invalid(child(index(path, i), "image"), image, "must not have leading or trailing whitespace"));
    }
  });
  return errs;
}

/** validatePodMetadataAndSpec. */
function validatePodMetadataAndSpec(pod: Obj): FieldError[] {
  const meta = rec(pod.metadata);
  const spec = rec(pod.spec);
  const errs = validateObjectMeta(meta, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, "metadata.annotations"));
  errs.push(...validatePodSpec(spec, "spec", { resourceIsPod: true }));
  errs.push(...validateImageWhitespace(spec.containers, "spec.containers"));
  errs.push(...validateImageWhitespace(spec.initContainers, "spec.initContainers"));
  return errs;
}

/** ValidatePodCreate. */
export function validatePodCreate(podIn: unknown): FieldError[] {
  const pod = rec(podIn);
  const spec = rec(pod.spec);
  const errs = validatePodMetadataAndSpec(pod);
  if (arr(spec.ephemeralContainers).length > 0)
    errs.push(field.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  if (str(spec.nodeName) !== "" && arr(spec.schedulingGates).length > 0) {
    errs.push(field.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

/** ValidatePodTemplateSpec: a template embedded in a Deployment, ReplicaSet or DaemonSet. */
export function validatePodTemplateSpec(templateIn: unknown, path: string): FieldError[] {
  const t = rec(templateIn);
  const meta = rec(t.metadata);
  const spec = rec(t.spec);
  const errs = validateLabels(meta.labels, child(path, "labels"));
  errs.push(...validateAnnotations(meta.annotations, child(path, "annotations")));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, child(path, "annotations")));
  errs.push(...validatePodSpec(spec, child(path, "spec"), { resourceIsPod: false }));
  if (arr(spec.ephemeralContainers).length > 0) {
    errs.push(
      field.forbidden(child(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"),
    );
  }
  return errs;
}

// ---------------------------------------------------------------- update

const updatablePodSpecFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** v1 PodSpec fields in the order of the internal core.PodSpec, with the Go field name. */
const podSpecFieldOrder: readonly (readonly [string, string])[] = [
  ["volumes", "Volumes"],
  ["initContainers", "InitContainers"],
  ["containers", "Containers"],
  ["ephemeralContainers", "EphemeralContainers"],
  ["restartPolicy", "RestartPolicy"],
  ["terminationGracePeriodSeconds", "TerminationGracePeriodSeconds"],
  ["activeDeadlineSeconds", "ActiveDeadlineSeconds"],
  ["dnsPolicy", "DNSPolicy"],
  ["nodeSelector", "NodeSelector"],
  ["serviceAccountName", "ServiceAccountName"],
  ["automountServiceAccountToken", "AutomountServiceAccountToken"],
  ["nodeName", "NodeName"],
  ["securityContext", "SecurityContext"],
  ["imagePullSecrets", "ImagePullSecrets"],
  ["hostname", "Hostname"],
  ["subdomain", "Subdomain"],
  ["setHostnameAsFQDN", "SetHostnameAsFQDN"],
  ["affinity", "Affinity"],
  ["schedulerName", "SchedulerName"],
  ["tolerations", "Tolerations"],
  ["hostAliases", "HostAliases"],
  ["priorityClassName", "PriorityClassName"],
  ["priority", "Priority"],
  ["preemptionPolicy", "PreemptionPolicy"],
  ["dnsConfig", "DNSConfig"],
  ["readinessGates", "ReadinessGates"],
  ["runtimeClassName", "RuntimeClassName"],
  ["overhead", "Overhead"],
  ["enableServiceLinks", "EnableServiceLinks"],
  ["topologySpreadConstraints", "TopologySpreadConstraints"],
  ["os", "OS"],
  ["schedulingGates", "SchedulingGates"],
  ["resourceClaims", "ResourceClaims"],
  ["resources", "Resources"],
];

/** Fields v1 keeps at the top of PodSpec and the internal type keeps in its SecurityContext. */
const securityContextFields = ["hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "hostUsers"];

/**
 * An approximation of the cmp.Diff upstream appends to the Forbidden message: the changed
 * fields of the (munged) spec as `-`/`+` lines, identical runs elided. go-cmp's real output
 * walks into nested structs and randomises its whitespace, so it cannot be matched byte for byte.
 */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const view = (s: Obj): Obj => {
    const v: Obj = { ...s };
    const sc: Obj = { ...rec(s.securityContext) };
    for (const f of securityContextFields) {
      if (isSet(s[f])) sc[f] = s[f];
      delete v[f];
    }
    v.securityContext = Object.keys(sc).length > 0 ? sc : undefined;
    return v;
  };
  const o = view(oldSpec);
  const n = view(newSpec);
  const lines = ["  core.PodSpec{"];
  let same = 0;
  const flush = () => {
    if (same > 0) lines.push(`  \t... // ${same} identical ${same === 1 ? "field" : "fields"}`);
    same = 0;
  };
  for (const [k, goName] of podSpecFieldOrder) {
    if (semanticEqual(o[k], n[k])) {
      same++;
      continue;
    }
    flush();
    lines.push(`- \t${goName}: ${goJson(o[k] ?? null)},`);
    lines.push(`+ \t${goName}: ${goJson(n[k] ?? null)},`);
  }
  flush();
  lines.push("  }");
  return `${lines.join("\n")}\n`;
}

function validateContainerUpdates(newC: unknown, oldC: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const n = arr(newC);
  if (n.length !== arr(oldC).length)
    return { errs: [field.forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(rec(c).image);
    if (image === "") errs.push(field.required(child(index(path, i), "image")));
    if (image.trim().length !== image.length) {
      errs.push(field.invalid(child(index(path, i), "image"), image, "must not have leading or trailing whitespace"));
    }
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(newT: unknown, oldT: unknown, path: string): FieldError[] {
  const news = arr(newT).map(rec);
  for (const old of arr(oldT).map(rec)) {
    const found = news.some((nt) => semanticEqual({ ...old, tolerationSeconds: nt.tolerationSeconds }, nt));
    if (!found) return [field.forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(newT, path);
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and removed scheduling gates may change. */
export function validatePodUpdate(podIn: unknown, oldIn: unknown): FieldError[] {
  const pod = rec(podIn);
  const old = rec(oldIn);
  const spec = rec(pod.spec);
  const oldSpec = rec(old.spec);
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const na = strMap(rec(pod.metadata).annotations) ?? {};
  const oa = strMap(rec(old.metadata).annotations) ?? {};
  if (Object.hasOwn(oa, mirrorPodAnnotation) && na[mirrorPodAnnotation] !== oa[mirrorPodAnnotation]) {
    errs.push(
      field.forbidden(
        key("metadata.annotations", mirrorPodAnnotation),
        "may not remove or update mirror pod annotation",
      ),
    );
  }
  if (!Object.hasOwn(oa, mirrorPodAnnotation) && Object.hasOwn(na, mirrorPodAnnotation)) {
    errs.push(field.forbidden(key("metadata.annotations", mirrorPodAnnotation), "may not add mirror pod annotation"));
  }
  for (const [k, p] of [
    ["containers", "spec.containers"],
    ["initContainers", "spec.initContainers"],
  ] as const) {
    const r = validateContainerUpdates(spec[k], oldSpec[k], p);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const newAds = num(spec.activeDeadlineSeconds);
  const oldAds = num(oldSpec.activeDeadlineSeconds);
  if (newAds !== undefined) {
    if (newAds < 0 || newAds > maxInt32) {
      errs.push(field.invalid("spec.activeDeadlineSeconds", newAds, inclusiveRangeError(0, maxInt32)));
      return errs;
    }
    if (oldAds !== undefined && oldAds < newAds) {
      errs.push(field.invalid("spec.activeDeadlineSeconds", newAds, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldAds !== undefined) {
    errs.push(
      field.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"),
    );
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, "spec.tolerations"));
  const oldGates = new Set(arr(oldSpec.schedulingGates).map((g) => str(rec(g).name)));
  const added = new Map<string, number>();
  arr(spec.schedulingGates).forEach((g, i) => {
    added.set(str(rec(g).name), i);
  });
  for (const g of oldGates) added.delete(g);
  for (const [gate, i] of [...added].sort((a, b) => a[1] - b[1])) {
    errs.push(
      field.forbidden(
        child(index("spec.schedulingGates", i), "name"),
        `only deletion is allowed, but found new scheduling gate '${gate}'`,
      ),
    );
  }
  if (semanticEqual(spec, oldSpec)) return errs;
  const munged: Obj = { ...spec };
  munged.containers = arr(spec.containers).map((c, i) => ({ ...rec(c), image: rec(arr(oldSpec.containers)[i]).image }));
  if (isSet(spec.initContainers)) {
    munged.initContainers = arr(spec.initContainers).map((c, i) => ({
      ...rec(c),
      image: rec(arr(oldSpec.initContainers)[i]).image,
    }));
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  const oldTgp = num(oldSpec.terminationGracePeriodSeconds);
  if (oldTgp !== undefined && oldTgp < 0 && num(munged.terminationGracePeriodSeconds) === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(
      field.forbidden(
        "spec",
        `pod updates may not change fields other than ${updatablePodSpecFields.join(",")}\n${specDiff(oldSpec, munged)}`,
      ),
    );
  }
  return errs;
}
