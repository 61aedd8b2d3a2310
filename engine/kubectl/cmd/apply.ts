/**
 * `kubectl apply -f` (k8s.io/kubectl pkg/cmd/apply/apply.go, patcher.go): client-side apply.
 * Every document is mapped first (mapping and namespace errors are collected, as the
 * builder's ContinueOnError does), then each object is created with the last-applied
 * annotation or patched with the three-way strategic merge patch that `planApply` computes.
 * Success lines print as objects are applied (`service/web created|configured|unchanged`),
 * the missing-annotation warning goes to stderr, and the errors print at the end; with
 * `-o yaml|json` the applied objects print after all of them succeeded (one, or a List).
 */
import { goJson } from "../../api/field.ts";
import type { StoredObject } from "../../api/object.ts";
import { type JsonObject, planApply } from "../apply/index.ts";
import { readManifests } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { dryRunFlag, selectorFlag } from "../common-flags.ts";
import { withSource } from "../errors.ts";
import {
  type CollectedError,
  checkValidate,
  dryRunSuffix,
  fieldManagerFlag,
  filenameFlag,
  formatCollected,
  goStringSlice,
  infoString,
  listOfObjects,
  type MappedDocument,
  mapDocument,
  parseDryRun,
  parseWriteOutput,
  printWritten,
  recursiveFlag,
  showManagedFieldsFlag,
  validateFlag,
  writeOutputFlag,
} from "./write.ts";

const warningNoLastApplied = (objectName: string) =>
  `Warning: resource ${objectName} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  if (f.args.length > 0) return usageError(ctx, `Unexpected args: ${goStringSlice(f.args)}`);
  const dryRun = parseDryRun(f.str("dry-run"));
  if (!dryRun.ok) return out.error(dryRun.message);
  const files = f.list("filename");
  if (files.length === 0) return out.error("must specify one of -f and -k");
  const validate = checkValidate(f.str("validate"));
  if (validate) return out.error(validate);
  if (f.bool("prune")) {
    out.err("kubook: kubectl apply --prune is not simulated\n");
    return 1;
  }
  if (f.bool("server-side")) {
    out.err("kubook: kubectl apply --server-side is not simulated; this is client-side apply\n");
    return 1;
  }
  const read = await readManifests(host, files, { recursive: f.bool("recursive") });
  if (!read.ok) return out.error(read.message);

  // GetObjects: the builder maps every document before anything is applied.
  const builderErrors: string[] = [];
  const infos: MappedDocument[] = [];
  for (const doc of read.documents) {
    const mapped = mapDocument(ctx, doc);
    if (mapped.ok) infos.push(mapped.value);
    else builderErrors.push(mapped.message);
  }
  const errors: CollectedError[] = builderErrors.length > 0 ? [{ aggregate: builderErrors }] : [];
  const output = f.str("output");
  const shouldPrintObject = output !== "" && output !== "name";
  const successFormat = output === "name" ? ({ kind: "name" } as const) : ({ kind: "success" } as const);
  const suffix = dryRunSuffix(dryRun.value);
  const applied: unknown[] = [];
  let wrote = false;

  for (const info of infos) {
    const { resource, source, name, namespace } = info;
    const where = resource.namespaced ? { namespace } : {};
    if (name === "") {
      errors.push({
        message: `error when retrieving current configuration of:\n${infoString(resource, name, namespace)}\nfrom server for: "${source}": resource name may not be empty`,
      });
      continue;
    }
    const live = host.cluster.get(resource, name, where);
    if (!live.ok && live.status.reason !== "NotFound") {
      errors.push({
        status: withSource(
          live.status,
          `retrieving current configuration of:\n${infoString(resource, name, namespace)}\nfrom server for:`,
          source,
        ),
      });
      continue;
    }
    const plan = planApply(
      live.ok ? (live.value as unknown as JsonObject) : undefined,
      info.object as JsonObject,
      resource.kind,
      { namespace: namespace || ctx.namespace },
    );
    if (!plan.ok) {
      errors.push({ message: plan.message });
      continue;
    }
    const { operation, object, warnMissingAnnotation, patch } = plan.value;
    let result: unknown = object;
    if (operation === "created") {
      if (dryRun.value !== "client") {
        const created = host.cluster.create(object, {
          ...where,
          ...(dryRun.value === "server" ? { dryRun: true } : {}),
        });
        if (!created.ok) {
          errors.push({ status: withSource(created.status, "creating", source) });
          continue;
        }
        result = created.value;
        if (dryRun.value === "none") wrote = true;
      }
    } else {
      if (warnMissingAnnotation) out.err(warningNoLastApplied(`${resource.resource}/${name}`));
      if (operation === "configured" && dryRun.value !== "client") {
        const updated = host.cluster.update(object, {
          ...where,
          ...(dryRun.value === "server" ? { dryRun: true } : {}),
        });
        if (!updated.ok) {
          // Patcher.Patch adds "error when patching", applyOneObject the patch and the object.
          const patching = withSource(updated.status, "patching", source);
          errors.push({
            status: withSource(
              patching,
              `applying patch:\n${goJson(patch ?? {})}\nto:\n${infoString(resource, name, namespace)}\nfor:`,
              source,
            ),
          });
          continue;
        }
        result = updated.value;
        if (dryRun.value === "none") wrote = true;
      }
      if ((result as StoredObject).metadata?.deletionTimestamp)
        out.err(`Warning: Detected changes to resource ${name} which is currently being deleted.\n`);
    }
    applied.push(result);
    if (shouldPrintObject) continue;
    const line = printWritten(resource, result, successFormat, `${operation}${suffix}`, 0);
    if (line.ok) out.out(line.text);
  }
  if (wrote) host.cluster.settle();
  if (applied.length === 0 && errors.length === 0) return out.error("no objects passed to apply");
  if (errors.length > 0) {
    out.err(formatCollected(errors));
    return 1;
  }
  if (shouldPrintObject && applied.length > 0) {
    const format = parseWriteOutput(output);
    if (!format.ok) return out.error(format.message);
    const obj = applied.length === 1 ? applied[0] : listOfObjects(applied);
    const resource = infos[0]!.resource;
    const text = printWritten(resource, obj, format.format, "", 0);
    if (!text.ok) return out.error(text.message);
    out.out(text.text);
  }
  return 0;
}

export const applyCommand: CommandSpec = {
  name: "apply",
  short: "Apply a configuration to a resource by file name or stdin",
  group: "advanced",
  usage: "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
  examples:
    "  # Apply the configuration in pod.json to a pod\n  kubectl apply -f ./pod.json\n\n  # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml\n  kubectl apply -k dir/\n\n  # Apply the JSON passed into stdin to a pod\n  cat pod.json | kubectl apply -f -\n\n  # Apply the configuration from all files that end with '.json'\n  kubectl apply -f '*.json'",
  flags: [
    filenameFlag("that contains the configuration to apply"),
    recursiveFlag,
    writeOutputFlag,
    showManagedFieldsFlag,
    dryRunFlag,
    validateFlag,
    fieldManagerFlag("kubectl-client-side-apply"),
    selectorFlag,
    { name: "server-side", type: "bool", usage: "If true, apply runs in the server instead of the client." },
    {
      name: "force-conflicts",
      type: "bool",
      usage: "If true, server-side apply will force the changes against conflicts.",
    },
    {
      name: "overwrite",
      type: "bool",
      defaultValue: "true",
      usage:
        "Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration",
    },
    {
      name: "prune",
      type: "bool",
      usage:
        "Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.",
    },
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types." },
    {
      name: "force",
      type: "bool",
      usage:
        "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.",
    },
  ],
  run,
};
