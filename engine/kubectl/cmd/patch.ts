/**
 * `kubectl patch (-f FILENAME | TYPE NAME) -p PATCH [--type strategic|merge|json]`
 * (k8s.io/kubectl pkg/cmd/patch/patch.go). The API server here has no PATCH verb, so the
 * patch is applied by `planPatch` (which carries the server's error texts) and the result
 * written back with an update; `patched` when the stored object changed, else
 * `patched (no change)`.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { type JsonObject, type PatchType, planPatch } from "../apply/index.ts";
import { parseTargets, readManifests } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { dryRunFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import {
  dryRunSuffix,
  fieldManagerFlag,
  filenameFlag,
  mapDocument,
  parseDryRun,
  parseWriteOutput,
  printWritten,
  recursiveFlag,
  showManagedFieldsFlag,
  writeOutputFlag,
} from "./write.ts";

const patchTypes: readonly PatchType[] = ["json", "merge", "strategic"];

interface PatchTarget {
  readonly resource: ResourceInfo;
  readonly name: string;
  readonly namespace: string;
}

const noResources =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const dryRun = parseDryRun(f.str("dry-run"));
  if (!dryRun.ok) return out.error(dryRun.message);
  const patchText = f.str("patch");
  const patchFile = f.str("patch-file");
  if (patchText !== "" && patchFile !== "") return out.error("cannot specify --patch and --patch-file together");
  if (patchText === "" && patchFile === "")
    return out.error("must specify --patch or --patch-file containing the contents of the patch");
  const typeText = f.str("type");
  const type = typeText.toLowerCase() as PatchType;
  if (typeText !== "" && !patchTypes.includes(type))
    return out.error(`--type must be one of [json merge strategic], not "${typeText}"`);
  let patch = patchText;
  if (patchFile !== "") {
    const read = await host.readFile(patchFile);
    if (read.kind !== "file")
      return out.error(
        `unable to read patch file: ${read.kind === "dir" ? `read ${patchFile}: is a directory` : `open ${patchFile}: no such file or directory`}`,
      );
    patch = read.content;
  }

  // The builder: -f documents, or TYPE NAME / TYPE/NAME arguments.
  const targets: PatchTarget[] = [];
  const errors: string[] = [];
  const files = f.list("filename");
  if (files.length > 0) {
    const read = await readManifests(host, files, { recursive: f.bool("recursive") });
    if (!read.ok) return out.error(read.message);
    for (const doc of read.documents) {
      const mapped = mapDocument(ctx, doc);
      if (!mapped.ok) errors.push(`error: ${mapped.message}\n`);
      else
        targets.push({ resource: mapped.value.resource, name: mapped.value.name, namespace: mapped.value.namespace });
    }
  }
  if (f.args.length > 0) {
    const parsed = parseTargets(f.args);
    if (!parsed.ok) return out.error(parsed.message);
    for (const t of parsed.targets) {
      if (t.name === undefined) return out.error("resource(s) were provided, but no name was specified");
      targets.push({ resource: t.resource, name: t.name, namespace: t.resource.namespaced ? ctx.namespace : "" });
    }
  }
  if (targets.length === 0 && errors.length === 0) return out.error(noResources);
  const output = parseWriteOutput(f.str("output"));

  let printed = 0;
  let wrote = false;
  for (const t of targets) {
    const where = t.resource.namespaced ? { namespace: t.namespace } : {};
    const live = host.cluster.get(t.resource, t.name, where);
    if (!live.ok) {
      errors.push(formatApiError(live.status));
      continue;
    }
    const plan = planPatch(live.value as unknown as JsonObject, patch, type || "strategic", t.resource.kind);
    if (!plan.ok) {
      // Text kubectl cannot parse fails before anything is sent.
      if (plan.message.startsWith("error: ")) {
        out.err(`${plan.message}\n`);
        return 1;
      }
      errors.push(`${plan.message}\n`);
      continue;
    }
    let result: StoredObject = plan.value.object as unknown as StoredObject;
    let changed = plan.value.changed;
    if (dryRun.value !== "client" && changed) {
      const updated = host.cluster.update(result, { ...where, ...(dryRun.value === "server" ? { dryRun: true } : {}) });
      if (!updated.ok) {
        errors.push(formatApiError(updated.status));
        continue;
      }
      result = updated.value;
      // The server's answer decides: a patch that only restates defaults changes nothing.
      changed =
        dryRun.value === "server"
          ? JSON.stringify(result) !== JSON.stringify(live.value)
          : result.metadata.resourceVersion !== live.value.metadata.resourceVersion;
      if (dryRun.value === "none" && changed) wrote = true;
    } else if (!changed) result = live.value;
    if (!output.ok) {
      errors.push(`error: ${output.message}\n`);
      continue;
    }
    const operation = `${changed ? "patched" : "patched (no change)"}${dryRunSuffix(dryRun.value)}`;
    const text = printWritten(t.resource, result, output.format, operation, printed++);
    if (!text.ok) errors.push(`error: ${text.message}\n`);
    else out.out(text.text);
  }
  if (wrote) host.cluster.settle();
  if (errors.length === 1) out.err(errors[0]!);
  // An aggregate prints each error bare (MultipleErrors drops the `error: ` checkErr adds).
  else for (const e of errors) out.err(e.replace(/^error: /, ""));
  return errors.length > 0 ? 1 : 0;
}

export const patchCommand: CommandSpec = {
  name: "patch",
  short: "Update fields of a resource",
  group: "advanced",
  usage: "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
  examples:
    '  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl patch node k8s-node-1 -p \'{"spec":{"unschedulable":true}}\'\n\n  # Partially update a node using a strategic merge patch, specifying the patch as YAML\n  kubectl patch node k8s-node-1 -p $\'spec:\\n unschedulable: true\'\n\n  # Partially update a node identified by the type and name specified in "node.json" using strategic merge patch\n  kubectl patch -f node.json -p \'{"spec":{"unschedulable":true}}\'\n\n  # Update a container\'s image; spec.containers[*].name is required because it\'s a merge key\n  kubectl patch pod valid-pod -p \'{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}\'\n\n  # Update a container\'s image using a JSON patch with positional arrays\n  kubectl patch pod valid-pod --type=\'json\' -p=\'[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]\'',
  flags: [
    filenameFlag("identifying the resource to update"),
    recursiveFlag,
    writeOutputFlag,
    showManagedFieldsFlag,
    dryRunFlag,
    fieldManagerFlag("kubectl-patch"),
    { name: "patch", shorthand: "p", type: "string", usage: "The patch to be applied to the resource JSON file." },
    { name: "patch-file", type: "string", usage: "A file containing a patch to be applied to the resource." },
    {
      name: "type",
      type: "string",
      defaultValue: "strategic",
      usage: "The type of patch being provided; one of [json merge strategic]",
    },
  ],
  run,
};
