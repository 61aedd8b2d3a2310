/**
 * The `{{…}}` placeholders of expected output: what each type matches, and how a line of
 * expected text with placeholders becomes one anchored regular expression.
 *
 * - `{{TYPE}}` matches a value of that type; `{{TYPE:NAME}}` also captures it as NAME
 *   (`{{pod:web}}` takes the workload name as its argument, so it captures with
 *   `{{pod:web:NAME}}`). A later capture of the same NAME replaces the earlier value.
 * - `{{NAME}}` alone, NAME captured before, must print exactly the captured value.
 * - Anything else between `{{` and `}}` (an unknown type, an uncaptured name, a Go template
 *   such as `{{.metadata.name}}` or `{{end}}`) is literal text.
 */

const octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
/** The characters of generated names and pod-template-hashes (k8s.io/apimachinery/pkg/util/rand). */
const safe = "[bcdfghjklmnpqrstvwxz2456789]";

/** Each placeholder type and the regular expression (no capturing groups) of its values. */
export const placeholderTypes: ReadonlyMap<string, string> = new Map([
  ["ip", `${octet}\\.${octet}\\.${octet}\\.${octet}`],
  // The kind cluster's service range, or `None` for a headless Service.
  ["cluster-ip", `(?:10\\.96\\.${octet}\\.${octet}|None)`],
  ["pod-ip", `10\\.244\\.${octet}\\.${octet}`],
  ["node-ip", `172\\.18\\.${octet}\\.${octet}`],
  ["node-port", "(?:3[01][0-9]{3}|32[0-6][0-9]{2}|327[0-5][0-9]|3276[0-7])"],
  ["port", "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"],
  // kubectl's HumanDuration: 5s, 2m5s, 7m, 3h12m, 10h, 2d3h, 45d, 2y100d, 9y; and its failures.
  [
    "age",
    "(?:<invalid>|<unknown>|[0-9]+s|[0-9]+m(?:[0-9]+s)?|[0-9]+h(?:[0-9]+m)?|[0-9]+d(?:[0-9]+h)?|[0-9]+y(?:[0-9]+d)?)",
  ],
  ["hash", "[0-9a-z]+"],
  ["number", "-?[0-9]+(?:\\.[0-9]+)?"],
  ["any", ".*"],
  ["pod", ""], // built from its argument, see podPattern
]);

/** A pod of workload `name`: `name-<pod-template-hash>-<5>` (Deployment) or `name-<5>` (DaemonSet, generateName). */
export function podPattern(name: string): string {
  return `${escapeRegExp(name)}-(?:${safe}{1,10}-)?${safe}{5}`;
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const workloadPattern = /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/;

export type Placeholder =
  | { readonly kind: "typed"; readonly type: string; readonly arg?: string; readonly capture?: string }
  | { readonly kind: "reuse"; readonly name: string };

/**
 * What the text between `{{` and `}}` means; undefined when it is literal text.
 * `captured` says whether a bare name refers to a capture.
 */
export function parsePlaceholder(inner: string, captured: (name: string) => boolean): Placeholder | undefined {
  const text = inner.trim();
  const parts = text.split(":");
  const type = parts[0] ?? "";
  if (type === "pod") {
    const [, arg, capture, ...rest] = parts;
    if (arg === undefined || !workloadPattern.test(arg) || rest.length > 0) return undefined;
    if (capture !== undefined && !namePattern.test(capture)) return undefined;
    return capture === undefined ? { kind: "typed", type, arg } : { kind: "typed", type, arg, capture };
  }
  if (placeholderTypes.has(type)) {
    if (parts.length === 1) return { kind: "typed", type };
    if (parts.length === 2 && namePattern.test(parts[1]!)) return { kind: "typed", type, capture: parts[1]! };
    return undefined;
  }
  if (parts.length === 1 && namePattern.test(text) && captured(text)) return { kind: "reuse", name: text };
  return undefined;
}

/** Every `{{…}}` of a text with its offset, placeholder or literal (for audits of lesson sources). */
export function scanPlaceholders(
  text: string,
): { readonly index: number; readonly raw: string; readonly placeholder: Placeholder | undefined }[] {
  const out: { index: number; raw: string; placeholder: Placeholder | undefined }[] = [];
  const known = new Set<string>();
  for (const m of text.matchAll(/\{\{([^{}\n]*)\}\}/g)) {
    const p = parsePlaceholder(m[1]!, (n) => known.has(n));
    if (p?.kind === "typed" && p.capture !== undefined) known.add(p.capture);
    out.push({ index: m.index, raw: m[0], placeholder: p });
  }
  return out;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/** A compiled piece of expected text: the regex source and which group captures which name. */
export interface Compiled {
  readonly regex: RegExp;
  /** Group number → capture name. */
  readonly groups: readonly (readonly [number, string])[];
}

/** Expected text (one line or one cell) as an anchored regex, given the values captured so far. */
export function compile(expected: string, captures: ReadonlyMap<string, string>): Compiled {
  let source = "";
  let last = 0;
  let group = 0;
  const groups: [number, string][] = [];
  /** Names captured earlier in this same text: a reuse is a backreference to the group. */
  const local = new Map<string, number>();
  for (const m of expected.matchAll(/\{\{([^{}\n]*)\}\}/g)) {
    const p = parsePlaceholder(m[1]!, (n) => local.has(n) || captures.has(n));
    if (!p) continue;
    source += escapeRegExp(expected.slice(last, m.index));
    last = m.index + m[0].length;
    if (p.kind === "reuse") {
      const g = local.get(p.name);
      source += g !== undefined ? `\\${g}` : escapeRegExp(captures.get(p.name)!);
      continue;
    }
    const pattern = p.type === "pod" ? podPattern(p.arg!) : placeholderTypes.get(p.type)!;
    if (p.capture === undefined) {
      source += `(?:${pattern})`;
    } else {
      group++;
      groups.push([group, p.capture]);
      local.set(p.capture, group);
      source += `(${pattern})`;
    }
  }
  source += escapeRegExp(expected.slice(last));
  return { regex: new RegExp(`^${source}$`), groups };
}

/** Match one piece of text; the captures after it, or undefined. */
export function matchPiece(
  expected: string,
  actual: string,
  captures: ReadonlyMap<string, string>,
): Map<string, string> | undefined {
  if (!expected.includes("{{")) return expected === actual ? new Map(captures) : undefined;
  const c = compile(expected, captures);
  const m = c.regex.exec(actual);
  if (!m) return undefined;
  const out = new Map(captures);
  for (const [g, name] of c.groups) out.set(name, m[g] ?? "");
  return out;
}
