/**
 * `kubectl label`, `kubectl annotate` (pkg/cmd/label, pkg/cmd/annotate) and `kubectl scale`:
 * read the objects, change one map (or spec.replicas), write them back, and print
 * `pod/web labeled` with kubectl's wording (`unlabeled`, `not labeled`, `annotated`, `scaled`).
 */
import type { StoredObject } from "../../api/object.ts";
import { parseTargets } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { allNamespacesFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import { fetchTargets } from "../fetch.ts";
import type { FlagSpec } from "../flags.ts";
import { outputFlag } from "../print.ts";
import { nameOf } from "./visit.ts";

const labelKeyRe =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

interface Changes {
  readonly set: [string, string][];
  readonly remove: string[];
}

function parseChanges(
  words: readonly string[],
  kind: "label" | "annotation",
): { ok: true; changes: Changes } | { ok: false; message: string } {
  const set: [string, string][] = [];
  const remove: string[] = [];
  for (const w of words) {
    if (w.endsWith("-") && !w.includes("=")) {
      remove.push(w.slice(0, -1));
      continue;
    }
    const eq = w.indexOf("=");
    if (eq < 0) return { ok: false, message: `invalid ${kind} spec: ${w}` };
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    if (kind === "label") {
      if (!labelKeyRe.test(key) || key.length > 317) return { ok: false, message: `invalid label spec: ${w}` };
      if (!labelValueRe.test(value) || value.length > 63)
        return {
          ok: false,
          message: `invalid label value: "${w}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        };
    }
    set.push([key, value]);
  }
  return { ok: true, changes: { set, remove } };
}

/** Split `TYPE NAME k=v k2-` into the resource words and the changes (the first word with = or a trailing -). */
function splitArgs(args: readonly string[]): { resources: string[]; changes: string[] } {
  const i = args.findIndex((a, idx) => idx > 0 && (a.includes("=") || (a.endsWith("-") && a.length > 1)));
  if (i < 0) return { resources: [...args], changes: [] };
  return { resources: args.slice(0, i), changes: args.slice(i) };
}

function metadataCommand(kind: "label" | "annotation"): CommandSpec["run"] {
  const field = kind === "label" ? "labels" : "annotations";
  return (ctx: CommandContext) => {
    const { flags: f, out, host } = ctx;
    const { resources, changes } = splitArgs(f.args);
    if (resources.length === 0)
      return usageError(ctx, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
    if (changes.length === 0 && !f.bool("list")) return usageError(ctx, `at least one ${kind} update is required`);
    const parsed = parseChanges(changes, kind);
    if (!parsed.ok) return out.error(parsed.message);
    const targets = parseTargets(resources);
    if (!targets.ok) return out.error(targets.message);
    if (targets.targets.some((t) => t.name === undefined) && !f.bool("all") && !f.str("selector"))
      return usageError(ctx, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
    const fetched = fetchTargets(host.cluster, targets.targets, {
      namespace: ctx.namespace,
      allNamespaces: f.bool("all-namespaces"),
      selector: f.str("selector"),
      fieldSelector: "",
    });
    if (!fetched.ok) return out.error(fetched.message);
    let failed = fetched.errors.length > 0;
    for (const g of fetched.groups)
      for (const obj of g.objects) {
        const current: Record<string, string> = {
          ...((obj.metadata[field] as Record<string, string> | undefined) ?? {}),
        };
        const clash = f.bool("overwrite")
          ? undefined
          : parsed.changes.set.find(([k, v]) => k in current && current[k] !== v);
        if (clash) {
          out.err(`error: '${clash[0]}' already has a value (${current[clash[0]]}), and --overwrite is false\n`);
          failed = true;
          continue;
        }
        const before = JSON.stringify(current);
        for (const k of parsed.changes.remove) delete current[k];
        for (const [k, v] of parsed.changes.set) current[k] = v;
        const after = JSON.stringify(current);
        const updated: StoredObject = { ...obj, metadata: { ...obj.metadata, [field]: current } };
        if (Object.keys(current).length === 0) delete (updated.metadata as Record<string, unknown>)[field];
        const r = host.cluster.update(updated, { namespace: obj.metadata.namespace ?? ctx.namespace });
        if (!r.ok) {
          out.err(formatApiError(r.status));
          failed = true;
          continue;
        }
        let verb = kind === "label" ? "labeled" : "annotated";
        if (kind === "label") {
          if (before === after) verb = "not labeled";
          else if (!f.bool("overwrite") && after.length < before.length) verb = "unlabeled";
        }
        out.out(
          f.str("output") === "name"
            ? `${nameOf(g.resource, obj.metadata.name)}\n`
            : `${nameOf(g.resource, obj.metadata.name)} ${verb}\n`,
        );
      }
    for (const e of fetched.errors) out.err(formatApiError(e));
    return failed ? 1 : 0;
  };
}

const metadataFlags: readonly FlagSpec[] = [
  outputFlag,
  selectorFlag,
  allNamespacesFlag,
  {
    name: "overwrite",
    type: "bool",
    usage: "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.",
  },
  { name: "all", type: "bool", usage: "Select all resources, in the namespace of the specified resource types" },
  { name: "list", type: "bool", usage: "If true, display the labels for a given resource." },
];

export const labelCommand: CommandSpec = {
  name: "label",
  short: "Update the labels on a resource",
  group: "settings",
  usage:
    "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: metadataFlags,
  run: metadataCommand("label"),
};

export const annotateCommand: CommandSpec = {
  name: "annotate",
  short: "Update the annotations on a resource",
  group: "settings",
  usage:
    "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: metadataFlags,
  run: metadataCommand("annotation"),
};

const scalable = new Set(["deployments", "replicasets", "statefulsets", "replicationcontrollers"]);

export const scaleCommand: CommandSpec = {
  name: "scale",
  short: "Set a new size for a deployment, replica set, or replication controller",
  group: "deploy",
  usage:
    "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
  flags: [
    outputFlag,
    selectorFlag,
    { name: "replicas", type: "int", defaultValue: "0", usage: "The new desired number of replicas. Required." },
    {
      name: "current-replicas",
      type: "int",
      defaultValue: "-1",
      usage:
        "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.",
    },
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types" },
  ],
  run(ctx) {
    const { flags: f, out, host } = ctx;
    if (!f.changed("replicas")) return out.error('required flag(s) "replicas" not set');
    const replicas = f.int("replicas");
    if (replicas < 0)
      return out.error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    if (f.args.length === 0) return usageError(ctx, "You must provide one or more resources by argument or filename.");
    const targets = parseTargets(f.args);
    if (!targets.ok) return out.error(targets.message);
    const fetched = fetchTargets(host.cluster, targets.targets, {
      namespace: ctx.namespace,
      allNamespaces: false,
      selector: f.str("selector"),
      fieldSelector: "",
    });
    if (!fetched.ok) return out.error(fetched.message);
    let failed = false;
    for (const g of fetched.groups) {
      if (!scalable.has(g.resource.resource)) {
        out.err(`error: no scaler has been implemented for {"${g.resource.group}" "${g.resource.kind}"}\n`);
        failed = true;
        continue;
      }
      for (const obj of g.objects) {
        const spec = (obj as StoredObject & { spec?: { replicas?: number } }).spec ?? {};
        const current = spec.replicas ?? 1;
        if (f.int("current-replicas") >= 0 && f.int("current-replicas") !== current) {
          out.err(`error: Expected replicas to be ${f.int("current-replicas")}, was ${current}\n`);
          failed = true;
          continue;
        }
        const r = host.cluster.update(
          { ...obj, spec: { ...spec, replicas } },
          { namespace: obj.metadata.namespace ?? ctx.namespace },
        );
        if (!r.ok) {
          out.err(formatApiError(r.status));
          failed = true;
          continue;
        }
        out.out(`${nameOf(g.resource, obj.metadata.name)} scaled\n`);
      }
    }
    for (const e of fetched.errors) out.err(formatApiError(e));
    host.cluster.settle();
    return failed || fetched.errors.length > 0 ? 1 : 0;
  },
};
