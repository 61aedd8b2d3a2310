/**
 * `kubectl set` (k8s.io/kubectl pkg/cmd/set): `set image` changes container images in a
 * pod or pod template (`nginx=nginx:1.25`, `*=img` for every container, init containers
 * too) and prints `deployment.apps/web image updated`; an unknown container is
 * `error: unable to find container named "x"`, reported after whatever was updated, as the
 * upstream patch loop does. The other `set` subcommands are rows that say they are not
 * simulated.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { deepClone, deepEqual } from "../../core/clone.ts";
import { readManifests, resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { dryRunFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import type { FlagSpec } from "../flags.ts";
import { commandHelp } from "../help.ts";
import { outputFlag, parseOutputFormat, printGroups } from "../print.ts";
import { dryRunOf, nameOf, printAggregate, visit } from "./visit.ts";
import { dryRunSuffix } from "./write.ts";

interface Container {
  name?: string;
  image?: string;
}

interface PodSpecLike {
  containers?: Container[];
  initContainers?: Container[];
}

/** cmdutil.GetResourcesAndPairs: resources first, then `name=value` pairs. */
export function resourcesAndPairs(
  args: readonly string[],
  pairType: string,
): { ok: true; resources: string[]; pairs: string[] } | { ok: false; message: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const nonResource = (s.includes("=") && s[0] !== "=") || (s.endsWith("-") && s !== "-");
    if (nonResource) {
      foundPair = true;
      pairs.push(s);
    } else if (!foundPair) resources.push(s);
    else return { ok: false, message: `all resources must be specified before ${pairType} changes: ${s}` };
  }
  return { ok: true, resources, pairs };
}

/** cmdutil.ParsePairs without removal: the pairs in the order given (a later one for the same name wins). */
export function parsePairs(
  pairs: readonly string[],
  pairType: string,
): { ok: true; pairs: Map<string, string> } | { ok: false; message: string } {
  const out = new Map<string, string>();
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes("=") && p[0] !== "=") {
      const eq = p.indexOf("=");
      out.set(p.slice(0, eq), p.slice(eq + 1));
    } else invalid.push(p);
  }
  if (invalid.length > 0) return { ok: false, message: `invalid ${pairType} format: ${invalid.join(", ")}` };
  return { ok: true, pairs: out };
}

/** polymorphichelpers.updatePodSpecForObject: where the pod spec of each kind lives. */
function podSpecOf(r: ResourceInfo, obj: Record<string, unknown>): PodSpecLike | undefined {
  const spec = obj.spec as { template?: { spec?: PodSpecLike } } | undefined;
  switch (r.kind) {
    case "Pod":
      obj.spec ??= {};
      return obj.spec as PodSpecLike;
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
      if (!spec) return undefined;
      spec.template ??= {};
      spec.template.spec ??= {};
      return spec.template.spec;
    default:
      return undefined;
  }
}

function setImage(containers: Container[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (c.name === name || name === "*") {
      found = true;
      c.image = image;
    }
  }
  return found;
}

async function runImage(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const dry = dryRunOf(ctx);
  if (!dry.ok) return 1;
  const format = parseOutputFormat(f.str("output"));
  if (!format.ok) return out.error(format.message);
  const split = resourcesAndPairs(f.args, "image");
  if (!split.ok) return out.error(split.message);
  const parsed = parsePairs(split.pairs, "image");
  if (!parsed.ok) return out.error(parsed.message);
  const images = parsed.pairs;
  const files = f.list("filename");
  const all = f.bool("all");
  const selector = f.str("selector");
  const local = f.bool("local");
  // Complete builds the builder (its errors stop the command first), then Validate collects its own.
  if (local && split.resources.length > 0) {
    out.err("error: you must specify resources by --filename when --local is set.\n");
    return 1;
  }
  if (split.resources.length === 0 && files.length === 0) {
    out.err(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    return 1;
  }
  let infos: { resource: ResourceInfo; object: StoredObject }[];
  if (local) {
    const docs = await readManifests(host, files);
    if (!docs.ok) return out.error(docs.message);
    infos = [];
    for (const d of docs.documents) {
      const r = resolveType(String(d.object.kind));
      if (r) infos.push({ resource: r, object: d.object as unknown as StoredObject });
    }
  } else {
    const visited = await visit(ctx, {
      args: split.resources,
      filenames: files,
      selector,
      allowEmptySelector: all,
      all,
    });
    if (!visited.ok) return out.error(visited.message);
    if (visited.errors.length > 0)
      return printAggregate(
        ctx,
        visited.errors.map((e) => formatApiError(e).replace(/\n$/, "")),
      );
    infos = visited.infos;
  }
  const invalid: string[] = [];
  if (all && selector) invalid.push("cannot set --all and --selector at the same time");
  if (split.resources.length < 1 && files.length === 0)
    invalid.push("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (images.size < 1) invalid.push("at least one image update is required");
  else if (images.size > 1 && images.has("*"))
    invalid.push(
      "all containers are already specified by *, but saw more than one container_name=container_image pairs",
    );
  if (local && dry.value === "server")
    invalid.push("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  if (invalid.length === 1) return out.error(invalid[0]!);
  if (invalid.length > 1) return printAggregate(ctx, invalid);
  const errors: string[] = [];
  const patchErrors: string[] = [];
  const updated: { resource: ResourceInfo; object: StoredObject }[] = [];
  for (const { resource, object } of infos) {
    const next = deepClone(object) as unknown as Record<string, unknown>;
    const spec = podSpecOf(resource, next);
    if (!spec) {
      patchErrors.push(
        `error: ${resource.resource}/${object.metadata.name} the object is not a pod or does not have a pod template: *v1.${resource.kind}\n`,
      );
      continue;
    }
    for (const [name, image] of images) {
      const inInit = setImage(spec.initContainers, name, image);
      const inMain = setImage(spec.containers, name, image);
      if (!inInit && !inMain) errors.push(`error: unable to find container named ${JSON.stringify(name)}`);
    }
    if (deepEqual(next, object)) continue;
    if (local || dry.value === "client") {
      updated.push({ resource, object: next as unknown as StoredObject });
      continue;
    }
    const r = host.cluster.update(next, {
      namespace: object.metadata.namespace ?? ctx.namespace,
      ...(dry.value === "server" ? { dryRun: true } : {}),
    });
    if (!r.ok) {
      patchErrors.push(`failed to patch image update to pod template: ${formatApiError(r.status).replace(/\n$/, "")}`);
      continue;
    }
    updated.push({ resource, object: r.value });
  }
  for (const { resource, object } of updated) {
    if (format.format.kind === "table") {
      out.out(`${nameOf(resource, object.metadata.name)} image updated${dryRunSuffix(dry.value)}\n`);
      continue;
    }
    const printed = printGroups([{ resource, objects: [object] }], format.format, {
      nowMs: host.cluster.nowMs,
      single: true,
    });
    if (printed.ok) out.out(printed.text);
    else errors.push(`error: ${printed.message}`);
  }
  host.cluster.settle();
  return printAggregate(ctx, [...errors, ...patchErrors]);
}

const imageCommand: CommandSpec = {
  name: "image",
  short: "Update the image of a pod template",
  usage:
    "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
  examples:
    "  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n\n  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n  kubectl set image deployments,rc nginx=nginx:1.9.1 --all\n\n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1\n\n  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server\n  kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml",
  flags: [
    { ...filenameFlag, usage: "Filename, directory, or URL to files identifying the resource to get from a server." },
    selectorFlag,
    outputFlag,
    { name: "all", type: "bool", usage: "Select all resources, in the namespace of the specified resource types" },
    { name: "local", type: "bool", usage: "If true, set image will NOT contact api-server but run locally." },
    dryRunFlag,
    {
      name: "field-manager",
      type: "string",
      defaultValue: "kubectl-set",
      usage: "Name of the manager used to track field ownership.",
    },
    {
      name: "recursive",
      shorthand: "R",
      type: "bool",
      usage:
        "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
    },
  ] satisfies FlagSpec[],
  run: runImage,
};

function notSimulated(name: string, short: string): CommandSpec {
  return {
    name,
    short,
    usage: `kubectl set ${name} [options]`,
    flags: [],
    run(ctx) {
      ctx.out.err(`kubook: kubectl set ${name} is not simulated\n`);
      return 1;
    },
  };
}

export const setCommand: CommandSpec = {
  name: "set",
  short: "Set specific features on objects",
  group: "basic-beginner",
  usage: "kubectl set SUBCOMMAND [options]",
  flags: [],
  subcommands: [
    notSimulated("env", "Update environment variables on a pod template"),
    imageCommand,
    notSimulated("resources", "Update resource requests/limits on objects with pod templates"),
    notSimulated("selector", "Set the selector on a resource"),
    notSimulated("serviceaccount", "Update the service account of a resource"),
    notSimulated("subject", "Update the user, group, or service account in a role binding or cluster role binding"),
  ],
  // cmdutil.DefaultSubCommandRun(streams.ErrOut): `kubectl set` prints its help on stderr.
  run(ctx) {
    if (ctx.flags.args.length > 0) {
      ctx.out.err(`error: unknown command "${ctx.flags.args[0]}"\nSee '${ctx.path} -h' for help and examples\n`);
      return 1;
    }
    ctx.out.err(commandHelp(setCommand, ctx.path));
    return 0;
  },
};
