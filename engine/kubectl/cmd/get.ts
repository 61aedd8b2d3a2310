/**
 * `kubectl get` (k8s.io/kubectl pkg/cmd/get/get.go): what was found is printed first, one
 * table per type (with `kind/name` names when several types were asked for), then the errors;
 * `No resources found in <ns> namespace.` on stderr when nothing matched; `-w` keeps printing
 * changes until the shell's virtual-time budget runs out.
 */
import type { StoredObject } from "../../api/object.ts";
import { parseTargets, type ResourceTarget, readManifests, resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { allNamespacesFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import { fetchTargets } from "../fetch.ts";
import type { FlagSpec } from "../flags.ts";
import { outputFlag, parseOutputFormat, printGroups } from "../print.ts";
import { watchChanges } from "../watch.ts";

const flags: readonly FlagSpec[] = [
  outputFlag,
  selectorFlag,
  allNamespacesFlag,
  filenameFlag,
  {
    name: "field-selector",
    type: "string",
    usage:
      "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
  },
  {
    name: "show-labels",
    type: "bool",
    usage: "When printing, show all labels as the last column (default hide labels column)",
  },
  {
    name: "label-columns",
    shorthand: "L",
    type: "stringSlice",
    usage:
      "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
  },
  {
    name: "no-headers",
    type: "bool",
    usage: "When using the default or custom-column output format, don't print headers (default print headers).",
  },
  {
    name: "sort-by",
    type: "string",
    usage:
      "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
  },
  {
    name: "watch",
    shorthand: "w",
    type: "bool",
    usage: "After listing/getting the requested object, watch for changes.",
  },
  {
    name: "watch-only",
    type: "bool",
    usage: "Watch for changes to the requested object(s), without listing/getting first.",
  },
  {
    name: "ignore-not-found",
    type: "bool",
    usage:
      "If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found.",
  },
  {
    name: "recursive",
    shorthand: "R",
    type: "bool",
    usage:
      "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
  },
  {
    name: "chunk-size",
    type: "int",
    defaultValue: "500",
    usage:
      "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.",
  },
];

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const format = parseOutputFormat(f.str("output"));
  if (!format.ok) return out.error(format.message);
  let args = f.args;
  if (args.length === 0 && f.list("filename").length === 0) {
    return usageError(
      ctx,
      'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
    );
  }
  const fromFiles = f.list("filename").length > 0 ? await readManifests(host, f.list("filename")) : undefined;
  if (fromFiles && !fromFiles.ok) return out.error(fromFiles.message);
  let targets: readonly ResourceTarget[];
  if (fromFiles?.ok) {
    const list = [];
    for (const d of fromFiles.documents) {
      const r = resolveType(String(d.object.kind));
      if (!r)
        return out.error(
          `resource mapping not found for name: "${(d.object.metadata as { name?: string } | undefined)?.name ?? ""}" namespace: "" from "${d.source}": no matches for kind "${String(d.object.kind)}" in version "${String(d.object.apiVersion)}"\nensure CRDs are installed first`,
        );
      list.push({ resource: r, name: String((d.object.metadata as { name?: string } | undefined)?.name ?? "") });
    }
    targets = list;
    args = [];
  } else {
    const parsed = parseTargets(args);
    if (!parsed.ok) return out.error(parsed.message);
    targets = parsed.targets;
  }
  const allNamespaces = f.bool("all-namespaces");
  const fetched = fetchTargets(host.cluster, targets, {
    namespace: ctx.namespace,
    allNamespaces,
    selector: f.str("selector"),
    fieldSelector: f.str("field-selector"),
  });
  if (!fetched.ok) return out.error(fetched.message);
  const types = new Set(targets.map((t) => t.resource));
  const single = targets.length === 1 && targets[0]!.name !== undefined;
  const tableOpts = {
    nowMs: host.cluster.nowMs,
    showLabels: f.bool("show-labels"),
    labelColumns: f.list("label-columns"),
    noHeaders: f.bool("no-headers"),
    allNamespaces,
    withKind: types.size > 1 || args[0]?.toLowerCase().split(",").includes("all") === true,
    sortBy: f.str("sort-by"),
    single,
  };
  for (const g of fetched.groups)
    if (g.resource.resource === "endpoints" && g.objects.length + fetched.errors.length > 0) endpointsWarning(ctx);
  const errors = f.bool("ignore-not-found") ? fetched.errors.filter((e) => e.reason !== "NotFound") : fetched.errors;
  if (!f.bool("watch-only")) {
    const printed = printGroups(fetched.groups, format.format, tableOpts);
    if (!printed.ok) return out.error(printed.message);
    out.out(printed.text);
  }
  for (const e of errors) out.err(formatApiError(e));
  const found = fetched.groups.reduce((n, g) => n + g.objects.length, 0);
  if (found === 0 && errors.length === 0 && !single && !f.bool("watch") && !f.bool("watch-only")) {
    const scoped = [...types].some((t) => t.namespaced) && !allNamespaces;
    out.err(scoped ? `No resources found in ${ctx.namespace} namespace.\n` : "No resources found\n");
  }
  if (f.bool("watch") || f.bool("watch-only")) {
    if (types.size > 1) return out.error("you may only specify a single resource type");
    const type = [...types][0]!;
    watchChanges(
      ctx,
      type,
      (o: StoredObject) => targets.some((t) => t.name === undefined || t.name === o.metadata.name),
      format.format,
      tableOpts,
      f.bool("watch-only") ? [] : fetched.groups.flatMap((g) => g.objects),
    );
  }
  return errors.length > 0 ? 1 : 0;
}

/** Since v1.33 the API server warns on every read of v1 Endpoints; kubectl prints it to stderr. */
export function endpointsWarning(ctx: CommandContext): void {
  ctx.out.err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
}

export const getCommand: CommandSpec = {
  name: "get",
  short: "Display one or many resources",
  group: "basic",
  usage:
    "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
  examples:
    "  # List all pods in ps output format\n  kubectl get pods\n\n  # List all pods in ps output format with more information (such as node name)\n  kubectl get pods -o wide\n\n  # List a single service with specified NAME in ps output format\n  kubectl get service web\n\n  # List all replication controllers and services together in ps output format\n  kubectl get rc,services",
  flags,
  run,
};
