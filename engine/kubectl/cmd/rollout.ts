/**
 * `kubectl rollout` (k8s.io/kubectl pkg/cmd/rollout with pkg/polymorphichelpers):
 * `status` watches a Deployment or DaemonSet while virtual time runs and prints the status
 * viewer's line whenever it changes, until the rollout is done, `--timeout` passes
 * (`error: timed out waiting for the condition`) or the shell's budget runs out (stopped as
 * by Ctrl-C); `history` lists the revisions the ReplicaSets carry (or one revision's pod
 * template); `undo` patches a previous revision's template back; `restart` stamps the
 * `kubectl.kubernetes.io/restartedAt` annotation from the virtual clock; `pause`/`resume`
 * flip `spec.paused`. Every write is followed by `cluster.settle()`.
 */
import type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import { deepClone, deepEqual } from "../../core/clone.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { dryRunFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { describePodTemplate } from "../describe/containers.ts";
import { escapeTerminal, PrefixWriter } from "../describe/writer.ts";
import { formatApiError, standardErrorMessage } from "../errors.ts";
import type { FlagSpec } from "../flags.ts";
import { outputFlag } from "../print.ts";
import { printJson, printYaml } from "../printers/index.ts";
import { formatTable } from "../printers/tabwriter.ts";
import { dryRunOf, groupKind, type Info, nameOf, printAggregate, resourceString, visit } from "./visit.ts";
import { dryRunSuffix } from "./write.ts";

type StoredDeployment = StoredObject & Deployment;
type StoredRS = StoredObject & ReplicaSet;
type StoredDaemonSet = StoredObject & DaemonSet;

const revisionAnnotation = "deployment.kubernetes.io/revision";
const changeCauseAnnotation = "kubernetes.io/change-cause";
const hashLabel = "pod-template-hash";

/** What a rollout subcommand was asked to act on, or the error already printed. */
async function infosFor(
  ctx: CommandContext,
): Promise<{ ok: true; infos: Info[]; errors: ApiStatus[] } | { ok: false; code: number }> {
  const { flags: f, out } = ctx;
  if (f.args.length === 0 && f.list("filename").length === 0) {
    return { ok: false, code: out.error("required resource not specified") };
  }
  const v = await visit(ctx, {
    args: f.args,
    filenames: f.list("filename"),
    selector: f.str("selector"),
    allowEmptySelector: true,
  });
  if (!v.ok) return { ok: false, code: out.error(v.message) };
  return v;
}

const printErrors = printAggregate;

function errorLine(message: string): string {
  return message.startsWith("error: ") ? message : `error: ${message}`;
}

function apiErrorLines(errors: readonly ApiStatus[]): string[] {
  return errors.map((e) => formatApiError(e).replace(/\n$/, ""));
}

// ---- status ---------------------------------------------------------------------------

interface StatusResult {
  readonly message?: string;
  readonly done: boolean;
  readonly error?: string;
}

/** polymorphichelpers DeploymentStatusViewer / DaemonSetStatusViewer. */
export function rolloutStatus(r: ResourceInfo, obj: StoredObject, revision: number): StatusResult {
  if (r.kind === "Deployment") {
    const d = obj as StoredDeployment;
    const name = JSON.stringify(d.metadata.name);
    if (revision > 0) {
      const current = Number(d.metadata.annotations?.[revisionAnnotation] ?? "0");
      if (!Number.isInteger(current))
        return { done: false, error: `cannot get the revision of deployment ${name}: invalid syntax` };
      if (revision !== current)
        return {
          done: false,
          error: `desired revision (${revision}) is different from the running revision (${current})`,
        };
    }
    const generation = d.metadata.generation ?? 0;
    const status = d.status ?? {};
    if (generation <= (status.observedGeneration ?? 0)) {
      const progressing = status.conditions?.find((c) => c.type === "Progressing");
      if (progressing?.reason === "ProgressDeadlineExceeded")
        return { done: false, error: `deployment ${name} exceeded its progress deadline` };
      const replicas = d.spec?.replicas;
      const updated = status.updatedReplicas ?? 0;
      if (replicas !== undefined && updated < replicas)
        return {
          done: false,
          message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
        };
      if ((status.replicas ?? 0) > updated)
        return {
          done: false,
          message: `Waiting for deployment ${name} rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...\n`,
        };
      if ((status.availableReplicas ?? 0) < updated)
        return {
          done: false,
          message: `Waiting for deployment ${name} rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
        };
      return { done: true, message: `deployment ${name} successfully rolled out\n` };
    }
    return { done: false, message: "Waiting for deployment spec update to be observed...\n" };
  }
  if (r.kind === "DaemonSet") {
    const ds = obj as StoredDaemonSet;
    const name = JSON.stringify(ds.metadata.name);
    if (ds.spec?.updateStrategy?.type !== "RollingUpdate")
      return { done: true, error: "rollout status is only available for RollingUpdate strategy type" };
    const status: Partial<NonNullable<DaemonSet["status"]>> = ds.status ?? {};
    if ((ds.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
      const desired = status.desiredNumberScheduled ?? 0;
      const updated = status.updatedNumberScheduled ?? 0;
      if (updated < desired)
        return {
          done: false,
          message: `Waiting for daemon set ${name} rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
        };
      if ((status.numberAvailable ?? 0) < desired)
        return {
          done: false,
          message: `Waiting for daemon set ${name} rollout to finish: ${status.numberAvailable ?? 0} of ${desired} updated pods are available...\n`,
        };
      return { done: true, message: `daemon set ${name} successfully rolled out\n` };
    }
    return { done: false, message: "Waiting for daemon set spec update to be observed...\n" };
  }
  return { done: false, error: `no status viewer has been implemented for ${groupKind(r)}` };
}

async function runStatus(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const revision = f.int("revision");
  if (f.args.length === 0 && f.list("filename").length === 0) return out.error("required resource not specified");
  if (revision < 0) return out.error(`revision must be a positive integer: ${revision}`);
  const got = await infosFor(ctx);
  if (!got.ok) return got.code;
  const watch = f.bool("watch");
  const timeoutMs = Number(f.parsed.flags.get("timeout") ?? 0);
  const commandStartMs = host.cluster.nowMs;
  const errors: string[] = [];
  for (const info of got.infos) {
    // Each object gets its own --timeout (ContextWithOptionalTimeout inside the visitor).
    const startMs = host.cluster.nowMs;
    const { resource } = info;
    const ns = info.object.metadata.namespace ?? ctx.namespace;
    const name = info.object.metadata.name;
    const first = rolloutStatus(resource, info.object, revision);
    if (
      first.error !== undefined &&
      first.message === undefined &&
      !["Deployment", "DaemonSet"].includes(resource.kind)
    ) {
      errors.push(errorLine(first.error));
      continue;
    }
    // UntilWithSync: the current object first (as an ADDED event), then every change to it.
    let last = "";
    let finished = false;
    let failure: string | undefined;
    const onObject = (obj: StoredObject) => {
      const s = rolloutStatus(resource, obj, revision);
      if (s.error !== undefined) {
        failure = s.error;
        finished = true;
        return;
      }
      // The watch prints on every event; lines repeat only when the status did not move.
      if (s.message !== undefined && s.message !== last) {
        out.out(s.message);
        last = s.message;
      }
      if (s.done || !watch) finished = true;
    };
    onObject(info.object);
    if (!finished) {
      const stop = host.cluster.watch((e) => {
        if (finished || e.resource.resource !== resource.resource) return;
        if (e.object.metadata.name !== name || (e.object.metadata.namespace ?? "") !== ns) return;
        if (e.type === "DELETED") {
          failure = "object has been deleted";
          finished = true;
          return;
        }
        onObject(e.object);
      });
      const budgetLeft = Math.max(0, host.budgetMs - (host.cluster.nowMs - commandStartMs));
      const timeoutLeft =
        timeoutMs > 0 ? Math.max(0, timeoutMs - (host.cluster.nowMs - startMs)) : Number.POSITIVE_INFINITY;
      const limit = Math.min(budgetLeft, timeoutLeft);
      try {
        host.cluster.waitFor(() => finished, { timeoutSeconds: limit / 1000 });
      } finally {
        stop();
      }
      if (!finished) {
        if (timeoutLeft <= budgetLeft) {
          errors.push("error: timed out waiting for the condition");
          continue;
        }
        return out.interrupt();
      }
    }
    if (failure !== undefined) errors.push(errorLine(failure));
  }
  if (got.infos.length === 0 && got.errors.length === 0) out.err(`No resources found in ${ctx.namespace} namespace.\n`);
  return printErrors(ctx, [...errors, ...apiErrorLines(got.errors)]);
}

// ---- history ----------------------------------------------------------------------------

/** The ReplicaSets a Deployment controls (deploymentutil.GetAllReplicaSets: old ones and the new one). */
function replicaSetsOf(ctx: CommandContext, d: StoredDeployment): StoredRS[] {
  return (
    ctx.host.cluster.list("replicasets", { namespace: d.metadata.namespace ?? ctx.namespace }) as StoredRS[]
  ).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid));
}

function revisionOf(rs: StoredObject): number | undefined {
  const v = rs.metadata.annotations?.[revisionAnnotation];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * describe.DescribePodTemplate over describe.NewPrefixWriter (no tabwriter): history prints
 * the template with its tabs as they are.
 */
class RawPrefixWriter extends PrefixWriter {
  private text = "";
  override write(level: number, text: string): void {
    this.text += escapeTerminal("  ".repeat(level) + text);
  }
  override writeLine(text: string): void {
    this.text += escapeTerminal(`${text}\n`);
  }
  override flush(): void {}
  override done(): string {
    return this.text;
  }
}

function printTemplate(template: PodTemplateSpec | undefined): string {
  const w = new RawPrefixWriter();
  describePodTemplate(template, w);
  return w.done();
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const c = deepClone(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (c.metadata?.labels) {
    delete c.metadata.labels[hashLabel];
  }
  return c as PodTemplateSpec;
}

/** apiequality.Semantic.DeepEqual of two templates without the hash label (nil and empty labels are not equal there; close enough). */
function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

/** DeploymentHistoryViewer.ViewHistory. */
function deploymentHistory(
  ctx: CommandContext,
  d: StoredDeployment,
  revision: number,
): { ok: true; text: string } | { ok: false; message: string } {
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of replicaSetsOf(ctx, d)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const template = deepClone(rs.spec?.template ?? {}) as { metadata?: { annotations?: Record<string, string> } };
    template.metadata ??= {};
    template.metadata.annotations ??= {};
    const cause = rs.metadata.annotations?.[changeCauseAnnotation];
    if (cause) template.metadata.annotations[changeCauseAnnotation] = cause;
    history.set(v, template as PodTemplateSpec);
  }
  if (history.size === 0) return { ok: true, text: "No rollout history found." };
  if (revision > 0) {
    const t = history.get(revision);
    if (!t) return { ok: false, message: "unable to find the specified revision" };
    return { ok: true, text: printTemplate(t) };
  }
  const rows: string[][] = [["REVISION", "CHANGE-CAUSE"]];
  for (const r of [...history.keys()].sort((a, b) => a - b)) {
    const cause = history.get(r)!.metadata?.annotations?.[changeCauseAnnotation];
    rows.push([String(r), cause ? cause : "<none>"]);
  }
  return { ok: true, text: formatTable(rows, { minWidth: 0, padding: 2 }) };
}

async function runHistory(ctx: CommandContext): Promise<number> {
  const { flags: f, out } = ctx;
  const revision = f.int("revision");
  if (f.args.length === 0 && f.list("filename").length === 0) return out.error("required resource not specified");
  if (revision < 0) return out.error(`revision must be a positive integer: ${revision}`);
  const output = f.str("output");
  if (output !== "" && output !== "yaml" && output !== "json" && output !== "name")
    return out.error(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`,
    );
  const got = await infosFor(ctx);
  if (!got.ok) return got.code;
  const errors: string[] = [];
  for (const { resource, object } of got.infos) {
    if (resource.kind === "Deployment") {
      const d = object as StoredDeployment;
      if (output !== "") {
        // GetHistory: the ReplicaSets themselves, by revision.
        const byRevision = new Map<number, StoredRS>();
        for (const rs of replicaSetsOf(ctx, d)) {
          const v = revisionOf(rs);
          if (v !== undefined) byRevision.set(v, rs);
        }
        const picked =
          revision > 0
            ? [byRevision.get(revision)]
            : [...byRevision.keys()].sort((a, b) => a - b).map((k) => byRevision.get(k));
        if (revision > 0 && !picked[0]) {
          errors.push("error: unable to find the specified revision");
          continue;
        }
        for (const rs of picked) {
          if (!rs) continue;
          const obj = { ...rs, apiVersion: "apps/v1", kind: "ReplicaSet" };
          out.out(
            output === "json"
              ? printJson(obj)
              : output === "yaml"
                ? printYaml(obj)
                : `replicaset.apps/${rs.metadata.name}\n`,
          );
        }
        continue;
      }
      const h = deploymentHistory(ctx, d, revision);
      if (!h.ok) {
        errors.push(errorLine(h.message));
        continue;
      }
      const withRevision = revision > 0 ? `with revision #${revision}` : "";
      out.out(`${nameOf(resource, object.metadata.name)} ${withRevision}\n${h.text}\n`);
      continue;
    }
    if (resource.kind === "DaemonSet") {
      // DaemonSet history lives in ControllerRevisions, which the simulation does not keep.
      if (revision > 0) {
        errors.push("error: unable to find the specified revision");
        continue;
      }
      if (output !== "") continue;
      out.out(`${nameOf(resource, object.metadata.name)} \nNo rollout history found.\n`);
      continue;
    }
    const known = ["Pod", "ReplicaSet"].includes(resource.kind);
    errors.push(
      known
        ? `error: no history viewer has been implemented for ${JSON.stringify(groupKind(resource))}`
        : `error: error retrieving history for ${JSON.stringify(groupKind(resource))}, no visitor method exists for {${resource.group} ${resource.kind}}`,
    );
  }
  return printErrors(ctx, [...errors, ...apiErrorLines(got.errors)]);
}

// ---- undo -------------------------------------------------------------------------------

const annotationsToSkip = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/** DeploymentRollbacker.Rollback: the operation to print, or the error. */
function rollbackDeployment(
  ctx: CommandContext,
  d: StoredDeployment,
  toRevision: number,
  dryRun: "none" | "client" | "server",
): { ok: true; operation: string } | { ok: false; message: string } {
  const notFound = (r: number) => ({
    ok: false as const,
    message: `unable to find specified revision ${r} in history`,
  });
  if (toRevision < 0) return notFound(toRevision);
  let target: StoredRS | undefined;
  let latest: { rev: number; rs?: StoredRS } = { rev: -1 };
  let previous: { rev: number; rs?: StoredRS } = { rev: -1 };
  for (const rs of replicaSetsOf(ctx, d)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latest.rev < v) {
        previous = latest;
        latest = { rev: v, rs };
      } else if (previous.rev < v) previous = { rev: v, rs };
    } else if (toRevision === v) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) return notFound(toRevision);
  if (toRevision === 0) {
    if (!previous.rs)
      return { ok: false, message: `no rollout history found for deployment ${JSON.stringify(d.metadata.name)}` };
    target = previous.rs;
  }
  const rs = target!;
  if (dryRun === "client") return { ok: true, operation: printTemplate(rs.spec?.template) };
  if (d.spec?.paused)
    return {
      ok: false,
      message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    };
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template))
    return { ok: true, operation: `skipped rollback (current template already matches revision ${toRevision})` };
  const annotations: Record<string, string> = {};
  for (const k of annotationsToSkip) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!annotationsToSkip.has(k)) annotations[k] = v;
  if (dryRun === "server") return { ok: true, operation: "rolled back" };
  const next = deepClone(d) as StoredDeployment & { spec: { template: PodTemplateSpec } };
  next.spec.template = withoutHash(rs.spec?.template);
  (next.metadata as { annotations?: Record<string, string> }).annotations = annotations;
  const r = ctx.host.cluster.update(next, { namespace: d.metadata.namespace ?? ctx.namespace });
  if (!r.ok) return { ok: false, message: `failed restoring revision ${toRevision}: ${r.status.message}` };
  return { ok: true, operation: "rolled back" };
}

async function runUndo(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const dry = dryRunOf(ctx);
  if (!dry.ok) return 1;
  if (f.args.length === 0 && f.list("filename").length === 0) return out.error("required resource not specified");
  const got = await infosFor(ctx);
  if (!got.ok) return got.code;
  const errors: string[] = [];
  for (const { resource, object } of got.infos) {
    let result: { ok: true; operation: string } | { ok: false; message: string };
    if (resource.kind === "Deployment")
      result = rollbackDeployment(ctx, object as StoredDeployment, f.int("to-revision"), dry.value);
    else if (resource.kind === "DaemonSet")
      // No ControllerRevisions in the simulation: a DaemonSet has no earlier revision to go back to.
      result =
        f.int("to-revision") < 0 || f.int("to-revision") > 0
          ? { ok: false, message: `unable to find specified revision ${f.int("to-revision")} in history` }
          : { ok: false, message: "no last revision to roll back to" };
    else if (["Pod", "ReplicaSet"].includes(resource.kind))
      result = { ok: false, message: `no rollbacker has been implemented for ${JSON.stringify(groupKind(resource))}` };
    else
      result = {
        ok: false,
        message: `error retrieving rollbacker for ${JSON.stringify(groupKind(resource))}, no visitor method exists for {${resource.group} ${resource.kind}}`,
      };
    if (!result.ok) {
      errors.push(errorLine(result.message));
      continue;
    }
    const suffix = dryRunSuffix(dry.value);
    out.out(`${nameOf(resource, object.metadata.name)} ${result.operation}${suffix}\n`);
  }
  host.cluster.settle();
  return printErrors(ctx, [...errors, ...apiErrorLines(got.errors)]);
}

// ---- restart, pause, resume -------------------------------------------------------------

type Mutation = (obj: Record<string, unknown>, resource: ResourceInfo) => string | undefined;

/**
 * The shape every patch-based rollout subcommand shares (set.CalculatePatches, then a patch
 * per object): a mutation error becomes `error: deployments.apps "web" <why>`, an empty
 * patch takes the `unchanged` branch, anything else is written and printed with `verb`.
 */
async function runPatchCommand(
  ctx: CommandContext,
  mutate: Mutation,
  verb: string,
  unchanged: (info: Info) => string,
): Promise<number> {
  const { out, host } = ctx;
  const got = await infosFor(ctx);
  if (!got.ok) return got.code;
  if (got.infos.length === 0 && got.errors.length === 0) {
    out.err(`No resources found in ${ctx.namespace} namespace.\n`);
    return 0;
  }
  const errors: string[] = [...got.errors.map((e) => standardErrorMessage(e))];
  for (const info of got.infos) {
    const { resource, object } = info;
    const next = deepClone(object) as unknown as Record<string, unknown>;
    const why = mutate(next, resource);
    if (why !== undefined) {
      errors.push(`error: ${resourceString(resource)} ${JSON.stringify(object.metadata.name)} ${why}`);
      continue;
    }
    if (deepEqual(next, object)) {
      const u = unchanged(info);
      if (u.startsWith("error: ")) errors.push(u);
      else out.out(`${nameOf(resource, object.metadata.name)} ${u}\n`);
      continue;
    }
    const r = host.cluster.update(next, { namespace: object.metadata.namespace ?? ctx.namespace });
    if (!r.ok) {
      errors.push(`failed to patch: ${formatApiError(r.status).replace(/\n$/, "")}`);
      continue;
    }
    out.out(`${nameOf(resource, object.metadata.name)} ${verb}\n`);
  }
  host.cluster.settle();
  return printErrors(ctx, errors);
}

function specOf(obj: Record<string, unknown>): Record<string, unknown> {
  obj.spec ??= {};
  return obj.spec as Record<string, unknown>;
}

function runRestart(ctx: CommandContext): Promise<number> {
  const now = ctx.host.cluster.now;
  return runPatchCommand(
    ctx,
    (obj, resource) => {
      if (resource.kind !== "Deployment" && resource.kind !== "DaemonSet") return "restarting is not supported";
      const spec = specOf(obj);
      if (resource.kind === "Deployment" && spec.paused === true)
        return "can't restart paused deployment (run rollout resume first)";
      const template = (spec.template ??= {}) as { metadata?: { annotations?: Record<string, string> } };
      template.metadata ??= {};
      template.metadata.annotations ??= {};
      template.metadata.annotations["kubectl.kubernetes.io/restartedAt"] = now;
      return undefined;
    },
    "restarted",
    (info) =>
      `error: failed to create patch for ${info.object.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
  );
}

function runPause(ctx: CommandContext): Promise<number> {
  return runPatchCommand(
    ctx,
    (obj, resource) => {
      if (resource.kind !== "Deployment") return "pausing is not supported";
      const spec = specOf(obj);
      if (spec.paused === true) return "is already paused";
      spec.paused = true;
      return undefined;
    },
    "paused",
    () => "already paused",
  );
}

function runResume(ctx: CommandContext): Promise<number> {
  return runPatchCommand(
    ctx,
    (obj, resource) => {
      if (resource.kind !== "Deployment") return "resuming is not supported";
      const spec = specOf(obj);
      if (spec.paused !== true) return "is not paused";
      delete spec.paused;
      return undefined;
    },
    "resumed",
    () => "already resumed",
  );
}

// ---- the command rows -------------------------------------------------------------------

const rolloutFilenameFlag: FlagSpec = {
  ...filenameFlag,
  usage: "Filename, directory, or URL to files identifying the resource to get from a server.",
};
const kustomizeFlag: FlagSpec = {
  name: "kustomize",
  shorthand: "k",
  type: "string",
  usage: "Process the kustomization directory. This flag can't be used together with -f or -R.",
};
const recursiveFlag: FlagSpec = {
  name: "recursive",
  shorthand: "R",
  type: "bool",
  usage:
    "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
};
const fileFlags: readonly FlagSpec[] = [rolloutFilenameFlag, kustomizeFlag, recursiveFlag];
const printFlags: readonly FlagSpec[] = [
  {
    name: "allow-missing-template-keys",
    type: "bool",
    defaultValue: "true",
    usage:
      "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
  },
  {
    ...outputFlag,
    usage:
      "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
  },
  {
    name: "show-managed-fields",
    type: "bool",
    usage: "If true, keep the managedFields when printing objects in JSON or YAML format.",
  },
  {
    name: "template",
    type: "string",
    usage:
      "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
  },
];
const fieldManagerFlag: FlagSpec = {
  name: "field-manager",
  type: "string",
  defaultValue: "kubectl-rollout",
  usage: "Name of the manager used to track field ownership.",
};

const statusCommand: CommandSpec = {
  name: "status",
  short: "Show the status of the rollout",
  usage: "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
  examples: "  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/nginx",
  flags: [
    ...fileFlags,
    selectorFlag,
    {
      name: "watch",
      shorthand: "w",
      type: "bool",
      defaultValue: "true",
      usage: "Watch the status of the rollout until it's done.",
    },
    {
      name: "revision",
      type: "int",
      defaultValue: "0",
      usage: "Pin to a specific revision for showing its status. Defaults to 0 (last revision).",
    },
    {
      name: "timeout",
      type: "duration",
      defaultValue: "0s",
      usage:
        "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
    },
  ],
  run: runStatus,
};

const historyCommand: CommandSpec = {
  name: "history",
  short: "View rollout history",
  usage: "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
  examples:
    "  # View the rollout history of a deployment\n  kubectl rollout history deployment/abc\n\n  # View the details of daemonset revision 3\n  kubectl rollout history daemonset/abc --revision=3",
  flags: [
    ...fileFlags,
    selectorFlag,
    ...printFlags,
    {
      name: "revision",
      type: "int",
      defaultValue: "0",
      usage: "See the details, including podTemplate of the revision specified",
    },
  ],
  run: runHistory,
};

const undoCommand: CommandSpec = {
  name: "undo",
  short: "Undo a previous rollout",
  usage: "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
  examples:
    "  # Roll back to the previous deployment\n  kubectl rollout undo deployment/abc\n\n  # Roll back to daemonset revision 3\n  kubectl rollout undo daemonset/abc --to-revision=3\n\n  # Roll back to the previous deployment with dry-run\n  kubectl rollout undo --dry-run=server deployment/abc",
  flags: [
    ...fileFlags,
    selectorFlag,
    ...printFlags,
    dryRunFlag,
    {
      name: "to-revision",
      type: "int",
      defaultValue: "0",
      usage: "The revision to rollback to. Default to 0 (last revision).",
    },
  ],
  run: runUndo,
};

const restartCommand: CommandSpec = {
  name: "restart",
  short: "Restart a resource",
  usage: "kubectl rollout restart RESOURCE [options]",
  examples:
    "  # Restart all deployments in the test-namespace namespace\n  kubectl rollout restart deployment -n test-namespace\n\n  # Restart a deployment\n  kubectl rollout restart deployment/nginx\n\n  # Restart a daemon set\n  kubectl rollout restart daemonset/abc\n\n  # Restart deployments with the app=nginx label\n  kubectl rollout restart deployment --selector=app=nginx",
  flags: [...fileFlags, selectorFlag, ...printFlags, fieldManagerFlag],
  run: runRestart,
};

const pauseCommand: CommandSpec = {
  name: "pause",
  short: "Mark the provided resource as paused",
  usage: "kubectl rollout pause RESOURCE [options]",
  examples:
    "  # Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/nginx",
  flags: [...fileFlags, selectorFlag, ...printFlags, fieldManagerFlag],
  run: runPause,
};

const resumeCommand: CommandSpec = {
  name: "resume",
  short: "Resume a paused resource",
  usage: "kubectl rollout resume RESOURCE [options]",
  examples: "  # Resume an already paused deployment\n  kubectl rollout resume deployment/nginx",
  flags: [...fileFlags, selectorFlag, ...printFlags, fieldManagerFlag],
  run: runResume,
};

export const rolloutCommand: CommandSpec = {
  name: "rollout",
  short: "Manage the rollout of a resource",
  group: "deploy",
  usage: "kubectl rollout SUBCOMMAND [options]",
  examples:
    "  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n\n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n\n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n\n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx",
  flags: [],
  subcommands: [historyCommand, pauseCommand, resumeCommand, undoCommand, statusCommand, restartCommand],
};
