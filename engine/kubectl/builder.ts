/**
 * cli-runtime's resource builder, for the forms learners type: `TYPE NAME…`, `TYPE/NAME…`,
 * `TYPE1,TYPE2 [NAME]`, `all`, `-f file|dir|-|URL` and `-l selector`. Types resolve as
 * kubectl's RESTMapper does over discovery: plural, singular, short name, or kind, with an
 * optional `.group` / `.version.group` suffix.
 */
import { loadAll, YAML11_SCHEMA, YAMLException } from "js-yaml";
import { type ResourceInfo, resources } from "../api/resources.ts";
import { toJson } from "./apply/json.ts";
import type { KubectlHost } from "./host.ts";
import { goYamlReason } from "./yaml-errors.ts";

/** Discovery's `all` category, in the order kubectl prints `get all`. */
const allCategory = ["pods", "services", "daemonsets", "deployments", "replicasets"];

export function resolveType(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const [head, ...rest] = lower.split(".");
  const suffix = rest.join(".");
  for (const r of resources) {
    const names = [r.resource, r.singular, ...r.shortNames];
    if (!names.includes(head!)) continue;
    if (
      suffix === "" ||
      suffix === r.group ||
      suffix === `${r.version}.${r.group}` ||
      (r.group === "" && suffix === r.version)
    )
      return r;
  }
  return undefined;
}

export interface ResourceTarget {
  readonly resource: ResourceInfo;
  /** Undefined: every object of the type (with a selector, the matching ones). */
  readonly name?: string;
}

export type TargetsResult =
  | { readonly ok: true; readonly targets: readonly ResourceTarget[]; readonly types: readonly ResourceInfo[] }
  | { readonly ok: false; readonly message: string };

const unknownType = (t: string) => `the server doesn't have a resource type "${t}"`;

/** Split `svc,deploy` and expand `all`; an unknown type is the server's "doesn't have" error. */
export function resolveTypes(list: string): { ok: true; types: ResourceInfo[] } | { ok: false; message: string } {
  const types: ResourceInfo[] = [];
  for (const t of list.split(",")) {
    if (t === "") continue;
    if (t.toLowerCase() === "all") {
      for (const name of allCategory) types.push(resolveType(name)!);
      continue;
    }
    const r = resolveType(t);
    if (!r) return { ok: false, message: unknownType(t) };
    types.push(r);
  }
  return { ok: true, types };
}

/** The positional arguments of get/describe/delete/label … as targets. */
export function parseTargets(args: readonly string[]): TargetsResult {
  if (args.length === 0) return { ok: true, targets: [], types: [] };
  if (args.some((a) => a.includes("/"))) {
    const targets: ResourceTarget[] = [];
    for (const a of args) {
      const slash = a.indexOf("/");
      if (slash >= 0 && a.indexOf("/", slash + 1) >= 0)
        return { ok: false, message: "arguments in resource/name form may not have more than one slash" };
      if (slash < 0)
        return {
          ok: false,
          message: `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        };
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      if (type === "" || name === "" || type.includes(","))
        return { ok: false, message: "arguments in resource/name form must have a single resource and name" };
      const r = resolveType(type);
      if (!r) return { ok: false, message: unknownType(type) };
      targets.push({ resource: r, name });
    }
    return { ok: true, targets, types: dedupe(targets.map((t) => t.resource)) };
  }
  const types = resolveTypes(args[0]!);
  if (!types.ok) return types;
  const names = args.slice(1);
  const targets =
    names.length === 0
      ? types.types.map((resource) => ({ resource }))
      : types.types.flatMap((resource) => names.map((name) => ({ resource, name })));
  return { ok: true, targets, types: types.types };
}

function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

export interface ManifestDocument {
  /** The file name kubectl quotes in messages (`error when creating "svc.yaml"`). */
  readonly source: string;
  readonly object: Record<string, unknown>;
}

export type ManifestsResult =
  | { readonly ok: true; readonly documents: readonly ManifestDocument[] }
  | { readonly ok: false; readonly message: string };

const manifestExtensions = [".yaml", ".yml", ".json"];

/** Read `-f` arguments: files, directories (their .yaml/.yml/.json files), `-` for stdin, URLs. */
export async function readManifests(
  host: KubectlHost,
  filenames: readonly string[],
  // -R: directories are read one level deep here; nested folders are not walked.
  _opts: { recursive?: boolean } = {},
): Promise<ManifestsResult> {
  const documents: ManifestDocument[] = [];
  for (const f of filenames) {
    const texts: { source: string; text: string }[] = [];
    if (f === "-") texts.push({ source: "STDIN", text: host.stdin });
    else if (/^https?:\/\//.test(f)) {
      const r = host.cluster.network.fetch({ kind: "workstation" }, f);
      if (!r.ok) return { ok: false, message: `unable to read URL "${f}", server reported ${r.message}` };
      if (r.response.status !== 200)
        return {
          ok: false,
          message: `unable to read URL "${f}", server reported ${r.response.status} ${r.response.reason}, status code=${r.response.status}`,
        };
      texts.push({ source: f, text: r.response.body });
    } else {
      const read = await host.readFile(f);
      if (read.kind === "missing") return { ok: false, message: `the path "${f}" does not exist` };
      if (read.kind === "file") texts.push({ source: f, text: read.content });
      else {
        for (const entry of [...read.entries].sort()) {
          if (!manifestExtensions.some((e) => entry.endsWith(e))) continue;
          const path = `${f.replace(/\/$/, "")}/${entry}`;
          const inner = await host.readFile(path);
          if (inner.kind === "file") texts.push({ source: path, text: inner.content });
        }
      }
    }
    for (const { source, text } of texts) {
      const parsed = parseManifestText(source, text);
      if (!parsed.ok) return parsed;
      documents.push(...parsed.documents);
    }
  }
  if (documents.length === 0) return { ok: false, message: "no objects passed to apply" };
  return { ok: true, documents };
}

/** Split a YAML stream into objects; a `kind: List` contributes its items. */
export function parseManifestText(source: string, text: string): ManifestsResult {
  let docs: unknown[];
  try {
    // sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2): `yes`/`on` are booleans there.
    docs = loadAll(text, { schema: YAML11_SCHEMA }).map(toJson);
  } catch (e) {
    const reason = e instanceof YAMLException ? goYamlReason(e) : String(e);
    return { ok: false, message: `error parsing ${source}: error converting YAML to JSON: yaml: ${reason}` };
  }
  const documents: ManifestDocument[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (typeof d !== "object" || Array.isArray(d))
      return {
        ok: false,
        message: `error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`,
      };
    const obj = d as Record<string, unknown>;
    if (obj.kind === "List" && Array.isArray(obj.items)) {
      for (const item of obj.items) documents.push({ source, object: item as Record<string, unknown> });
      continue;
    }
    const missing = [obj.apiVersion ? undefined : "apiVersion not set", obj.kind ? undefined : "kind not set"].filter(
      (x): x is string => x !== undefined,
    );
    if (missing.length > 0)
      return {
        ok: false,
        message: `error validating "${source}": error validating data: ${missing.length === 1 ? missing[0] : `[${missing.join(", ")}]`}; if you choose to ignore these errors, turn validation off with --validate=false`,
      };
    documents.push({ source, object: obj });
  }
  return { ok: true, documents };
}
