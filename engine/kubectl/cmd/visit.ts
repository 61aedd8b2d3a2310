/**
 * The resource builder as rollout, set and wait use it (cli-runtime `ResourceTypeOrNameArgs`,
 * `FilenameParam`, `LabelSelectorParam`, `ContinueOnError`, `Latest`): the objects that `TYPE
 * NAME`, `TYPE/NAME`, `TYPE -l …`, `TYPE --all` or `-f file` name, read from the cluster, with
 * the server's errors (NotFound) collected for the caller to print after what it did, as
 * kubectl's aggregate errors come last.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import { parseTargets, type ResourceTarget, readManifests, resolveType } from "../builder.ts";
import type { CommandContext } from "../command.ts";
import { fetchTargets } from "../fetch.ts";
import { kindPrefix } from "../printers/name.ts";

export interface Info {
  readonly resource: ResourceInfo;
  readonly object: StoredObject;
}

export type Visited =
  | { readonly ok: true; readonly infos: Info[]; readonly errors: ApiStatus[] }
  | { readonly ok: false; readonly message: string };

export interface VisitOptions {
  readonly args: readonly string[];
  readonly filenames?: readonly string[];
  readonly selector?: string;
  readonly fieldSelector?: string;
  readonly allNamespaces?: boolean;
  /** ResourceTypeOrNameArgs(allowEmptySelector): `TYPE` alone means every object of the type. */
  readonly allowEmptySelector: boolean;
  /** `--all` was given. */
  readonly all?: boolean;
}

/** `deployment.apps/web`: how the name printer names an object. */
export function nameOf(r: ResourceInfo, name: string): string {
  return `${kindPrefix(r)}/${name}`;
}

/** `deployments.apps`: the resource as checkErr-style messages name it. */
export function resourceString(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `Pod`, `Deployment.apps`: schema.GroupKind's String(). */
export function groupKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

export async function visit(ctx: CommandContext, opts: VisitOptions): Promise<Visited> {
  const { host } = ctx;
  const files = opts.filenames ?? [];
  const targets: { target: ResourceTarget; namespace: string }[] = [];
  if (files.length > 0) {
    const docs = await readManifests(host, files);
    if (!docs.ok) return docs;
    for (const d of docs.documents) {
      const r = resolveType(String(d.object.kind));
      const meta = (d.object.metadata ?? {}) as { name?: string; namespace?: string };
      if (!r)
        return {
          ok: false,
          message: `resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${d.source}": no matches for kind "${String(d.object.kind)}" in version "${String(d.object.apiVersion)}"\nensure CRDs are installed first`,
        };
      targets.push({ target: { resource: r, name: meta.name ?? "" }, namespace: meta.namespace ?? ctx.namespace });
    }
  }
  if (opts.args.length > 0) {
    const parsed = parseTargets(opts.args);
    if (!parsed.ok) return parsed;
    const named = parsed.targets.some((t) => t.name !== undefined);
    if (named && (opts.selector || opts.all))
      return { ok: false, message: "name cannot be provided when a selector is specified" };
    if (!named && !opts.allowEmptySelector && !opts.selector && !opts.all && !opts.fieldSelector)
      return { ok: false, message: "resource(s) were provided, but no name was specified" };
    for (const target of parsed.targets) targets.push({ target, namespace: ctx.namespace });
  }
  const infos: Info[] = [];
  const errors: ApiStatus[] = [];
  for (const { target, namespace } of targets) {
    const fetched = fetchTargets(host.cluster, [target], {
      namespace,
      allNamespaces: opts.allNamespaces ?? false,
      selector: target.name === undefined ? (opts.selector ?? "") : "",
      fieldSelector: target.name === undefined ? (opts.fieldSelector ?? "") : "",
    });
    if (!fetched.ok) return fetched;
    for (const g of fetched.groups) for (const object of g.objects) infos.push({ resource: g.resource, object });
    errors.push(...fetched.errors);
  }
  return { ok: true, infos, errors };
}

/** `--dry-run`: none, client or server, with kubectl's error for anything else. */
export function dryRunOf(ctx: CommandContext): { ok: true; value: "none" | "client" | "server" } | { ok: false } {
  const v = ctx.flags.str("dry-run");
  // A bare --dry-run is the deprecated spelling of --dry-run=client.
  if (v === "unchanged") return { ok: true, value: "client" };
  if (v === "none" || v === "client" || v === "server") return { ok: true, value: v };
  ctx.out.error(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  return { ok: false };
}

/**
 * checkErr over utilerrors.Aggregate: one error prints as itself (a newline added when it has
 * none), several print one per line with MultipleErrors' newline after each (so a message
 * that already ends in a newline leaves a blank line, as kubectl's do). Exit 1 if any.
 */
export function printAggregate(ctx: CommandContext, messages: readonly string[]): number {
  if (messages.length === 0) return 0;
  if (messages.length === 1) {
    const m = messages[0]!;
    ctx.out.err(m.endsWith("\n") ? m : `${m}\n`);
    return 1;
  }
  for (const m of messages) ctx.out.err(`${m}\n`);
  return 1;
}
