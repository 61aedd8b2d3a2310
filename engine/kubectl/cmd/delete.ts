/**
 * `kubectl delete` (pkg/cmd/delete): by name, `-f`, `-l` or `--all`; prints
 * `pod "web" deleted from default namespace` (the v1.34 wording) per object, then waits
 * (in virtual time) until each is gone, as `--wait=true` does.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import { parseTargets, type ResourceTarget, readManifests, resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { allNamespacesFlag, dryRunFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError, withSource } from "../errors.ts";
import { fetchTargets } from "../fetch.ts";
import { outputFlag } from "../print.ts";
import { kindPrefix } from "../printers/name.ts";

/** `deployment.apps "web"`: the kind in lower case with its group, as the delete line names it. */
export function kindName(r: ResourceInfo, name: string): string {
  return `${kindPrefix(r)} "${name}"`;
}

/** How long delete waits for objects to go before it gives up (its --timeout default is a week). */
const waitMaxSeconds = 600;

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const files = f.list("filename");
  const all = f.bool("all");
  const selector = f.str("selector");
  let targets: { target: ResourceTarget; source?: string; namespace: string }[] = [];
  if (files.length > 0) {
    if (f.args.length > 0) return out.error("resource(s) were provided, but no name was specified");
    const docs = await readManifests(host, files, { recursive: f.bool("recursive") });
    if (!docs.ok) return out.error(docs.message);
    for (const d of docs.documents) {
      const r = resolveType(String(d.object.kind));
      const meta = (d.object.metadata ?? {}) as { name?: string; namespace?: string };
      if (!r)
        return out.error(
          `resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${d.source}": no matches for kind "${String(d.object.kind)}" in version "${String(d.object.apiVersion)}"\nensure CRDs are installed first`,
        );
      targets.push({
        target: { resource: r, name: meta.name ?? "" },
        source: d.source,
        namespace: meta.namespace ?? ctx.namespace,
      });
    }
  } else {
    if (f.args.length === 0) {
      out.err(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
      );
      return 1;
    }
    const parsed = parseTargets(f.args);
    if (!parsed.ok) return out.error(parsed.message);
    const named = parsed.targets.some((t) => t.name !== undefined);
    if (!named && !all && !selector && !f.str("field-selector"))
      return out.error("resource(s) were provided, but no name was specified");
    if (named && (all || selector)) return out.error("name cannot be provided when a selector is specified");
    targets = parsed.targets.map((target) => ({ target, namespace: ctx.namespace }));
  }
  const dryRun = f.str("dry-run");
  if (dryRun !== "none" && dryRun !== "client" && dryRun !== "server")
    return out.error(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  const grace = f.int("grace-period");
  const force = f.bool("force");
  const immediate = force || (f.changed("grace-period") && grace === 0);
  if (immediate)
    out.err(
      "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  const errors: ApiStatus[] = [];
  const deleted: { resource: ResourceInfo; obj: StoredObject }[] = [];
  let found = 0;
  const ignoreNotFound = f.bool("ignore-not-found") || all || selector !== "";
  for (const { target, source, namespace } of targets) {
    let objects: StoredObject[];
    if (target.name !== undefined) {
      const got = host.cluster.get(target.resource, target.name, { namespace });
      if (!got.ok) {
        if (!(got.status.reason === "NotFound" && ignoreNotFound))
          errors.push(withSource(got.status, "deleting", source));
        continue;
      }
      objects = [got.value];
    } else {
      const fetched = fetchTargets(host.cluster, [target], {
        namespace,
        allNamespaces: f.bool("all-namespaces"),
        selector,
        fieldSelector: f.str("field-selector"),
      });
      if (!fetched.ok) return out.error(fetched.message);
      objects = fetched.groups.flatMap((g) => g.objects);
    }
    for (const obj of objects) {
      found++;
      const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
      if (dryRun !== "client") {
        const r = host.cluster.delete(target.resource, obj.metadata.name, {
          namespace: obj.metadata.namespace ?? namespace,
          ...(immediate
            ? { gracePeriodSeconds: 0 }
            : f.changed("grace-period") && grace >= 0
              ? { gracePeriodSeconds: grace }
              : f.bool("now")
                ? { gracePeriodSeconds: 1 }
                : {}),
          ...(f.str("cascade") === "orphan"
            ? { propagationPolicy: "Orphan" as const }
            : f.str("cascade") === "foreground"
              ? { propagationPolicy: "Foreground" as const }
              : {}),
          ...(dryRun === "server" ? { dryRun: true } : {}),
        });
        if (!r.ok) {
          errors.push(withSource(r.status, "deleting", source));
          continue;
        }
      }
      if (f.str("output") === "name")
        out.out(
          `${kindPrefix(target.resource)}/${obj.metadata.name}
`,
        );
      else {
        const where = target.resource.namespaced ? ` from ${obj.metadata.namespace} namespace` : "";
        out.out(
          `${kindName(target.resource, obj.metadata.name)} ${immediate ? "force deleted" : "deleted"}${where}${suffix}\n`,
        );
      }
      if (dryRun === "none") deleted.push({ resource: target.resource, obj });
    }
  }
  if (found === 0 && errors.length === 0 && (all || selector)) out.err("No resources found\n");
  // --wait: the objects are gone (finalizers done, pods terminated) before kubectl returns.
  if (f.str("wait") !== "false" && deleted.length > 0) {
    host.cluster.waitFor(
      () =>
        deleted.every(({ resource, obj }) => {
          const now = host.cluster.get(resource, obj.metadata.name, { namespace: obj.metadata.namespace ?? "" });
          return !now.ok || now.value.metadata.uid !== obj.metadata.uid;
        }),
      { timeoutSeconds: waitMaxSeconds },
    );
  }
  for (const e of errors) out.err(formatApiError(e));
  return errors.length > 0 ? 1 : 0;
}

export const deleteCommand: CommandSpec = {
  name: "delete",
  short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  group: "basic",
  usage: "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
  examples:
    '  # Delete a pod using the type and name specified in pod.json\n  kubectl delete -f ./pod.json\n\n  # Delete pods and services with same names "baz" and "foo"\n  kubectl delete pod,service baz foo\n\n  # Delete pods and services with label name=myLabel\n  kubectl delete pods,services -l name=myLabel',
  flags: [
    filenameFlag,
    selectorFlag,
    allNamespacesFlag,
    outputFlag,
    { name: "all", type: "bool", usage: "Delete all resources, in the namespace of the specified resource types." },
    {
      name: "field-selector",
      type: "string",
      usage: "Selector (field query) to filter on, supports '=', '==', and '!='.",
    },
    {
      name: "force",
      type: "bool",
      usage:
        "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.",
    },
    {
      name: "grace-period",
      type: "int",
      defaultValue: "-1",
      usage:
        "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
    },
    {
      name: "now",
      type: "bool",
      usage: "If true, resources are signaled for immediate shutdown (same as --grace-period=1).",
    },
    {
      name: "ignore-not-found",
      type: "bool",
      usage: 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.',
    },
    {
      name: "wait",
      type: "string",
      defaultValue: "true",
      noOptDefault: "true",
      usage: "If true, wait for resources to be gone before returning. This waits for finalizers.",
    },
    {
      name: "cascade",
      type: "string",
      defaultValue: "background",
      noOptDefault: "background",
      usage:
        'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
    },
    dryRunFlag,
    {
      name: "recursive",
      shorthand: "R",
      type: "bool",
      usage: "Process the directory used in -f, --filename recursively.",
    },
    {
      name: "timeout",
      type: "string",
      defaultValue: "0s",
      usage:
        "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object",
    },
  ],
  run,
};
