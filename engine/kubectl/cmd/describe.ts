/**
 * `kubectl describe` (pkg/cmd/describe): named objects, every object of a type (or those a
 * selector picks), and upstream's fallback to objects whose names start with the one given
 * (`describe pod web` describes `web-7c5ddbdf54-2xkqv`). Layouts live in ../describe/.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ApiStatus } from "../../api/status.ts";
import { parseTargets, type ResourceTarget, readManifests, resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { allNamespacesFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { describe, describeMatching } from "../describe/index.ts";
import { formatApiError } from "../errors.ts";
import { fetchTargets } from "../fetch.ts";
import { endpointsWarning } from "./get.ts";

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const cluster = host.cluster;
  let targets: ResourceTarget[] = [];
  if (f.list("filename").length > 0) {
    const docs = await readManifests(host, f.list("filename"));
    if (!docs.ok) return out.error(docs.message);
    for (const d of docs.documents) {
      const r = resolveType(String(d.object.kind));
      if (!r)
        return out.error(`no matches for kind "${String(d.object.kind)}" in version "${String(d.object.apiVersion)}"`);
      targets.push({ resource: r, name: String((d.object.metadata as { name?: string } | undefined)?.name ?? "") });
    }
  } else {
    if (f.args.length === 0)
      return usageError(
        ctx,
        'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
      );
    const parsed = parseTargets(f.args);
    if (!parsed.ok) return out.error(parsed.message);
    targets = [...parsed.targets];
  }
  const showEvents = f.str("show-events") !== "false";
  const pieces: string[] = [];
  const errors: ApiStatus[] = [];
  let warned = false;
  const warn = (resource: string) => {
    if (resource === "endpoints" && !warned) {
      endpointsWarning(ctx);
      warned = true;
    }
  };
  for (const t of targets) {
    warn(t.resource.resource);
    if (t.name !== undefined) {
      const got = cluster.get(t.resource, t.name, { namespace: ctx.namespace });
      if (got.ok) {
        pieces.push(describe(cluster, t.resource, got.value, { showEvents }));
        continue;
      }
      // Upstream falls back to every object whose name starts with the one given.
      const all = cluster.list(t.resource, t.resource.namespaced ? { namespace: ctx.namespace } : {});
      const matching =
        got.status.reason === "NotFound"
          ? describeMatching(cluster, t.resource, all, t.name, { showEvents })
          : undefined;
      if (matching !== undefined) out.out(matching);
      else errors.push(got.status);
      continue;
    }
    const fetched = fetchTargets(cluster, [t], {
      namespace: ctx.namespace,
      allNamespaces: f.bool("all-namespaces"),
      selector: f.str("selector"),
      fieldSelector: "",
    });
    if (!fetched.ok) return out.error(fetched.message);
    const objects: StoredObject[] = fetched.groups.flatMap((g) => g.objects);
    for (const o of objects) pieces.push(describe(cluster, t.resource, o, { showEvents }));
  }
  // Each description after the first follows a blank line pair (`"\n\n%s"` upstream).
  if (pieces.length > 0) out.out(pieces.join("\n\n"));
  for (const e of errors) out.err(formatApiError(e));
  if (pieces.length === 0 && errors.length === 0 && targets.every((t) => t.name === undefined)) {
    const scoped = targets.some((t) => t.resource.namespaced) && !f.bool("all-namespaces");
    out.err(scoped ? `No resources found in ${ctx.namespace} namespace.\n` : "No resources found\n");
  }
  return errors.length > 0 ? 1 : 0;
}

export const describeCommand: CommandSpec = {
  name: "describe",
  short: "Show details of a specific resource or group of resources",
  group: "troubleshooting",
  usage: "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
  examples:
    "  # Describe a node\n  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal\n\n  # Describe a pod\n  kubectl describe pods/nginx\n\n  # Describe pods by label name=myLabel\n  kubectl describe pods -l name=myLabel",
  flags: [
    filenameFlag,
    selectorFlag,
    allNamespacesFlag,
    {
      name: "show-events",
      type: "string",
      defaultValue: "true",
      noOptDefault: "true",
      usage: "If true, display events related to the described object.",
    },
    {
      name: "chunk-size",
      type: "int",
      defaultValue: "500",
      usage: "Return large lists in chunks rather than all at once. Pass 0 to disable.",
    },
  ],
  run,
};
