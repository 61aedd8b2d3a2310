/**
 * Reading the YAML in lessons (manifests, frontmatter, assertions) with js-yaml under the
 * YAML 1.1 schema kubectl's go-yaml uses, with limits that keep hostile input cheap, and
 * js-yaml's errors explained in Korean and English.
 */
import { loadAll, YAML11_SCHEMA, YAMLException } from "js-yaml";

/** Aliases (`*name`) allowed per document: manifests rarely use any; an alias bomb needs many. */
export const maxAliases = 16;

export interface YamlProblem {
  /** 0-based line and column inside the YAML text. */
  readonly line: number;
  readonly column: number;
  readonly ko: string;
  readonly en: string;
}

export type YamlResult =
  | { readonly ok: true; readonly docs: unknown[] }
  | { readonly ok: false; readonly problem: YamlProblem };

export function loadYaml(text: string): YamlResult {
  try {
    return { ok: true, docs: loadAll(text, { schema: YAML11_SCHEMA, maxAliases, maxDepth: 64 }) };
  } catch (e) {
    if (e instanceof YAMLException) {
      const { ko, en } = explain(e.reason);
      return { ok: false, problem: { line: e.mark?.line ?? 0, column: e.mark?.column ?? 0, ko, en } };
    }
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problem: { line: 0, column: 0, ko: `YAML을 읽을 수 없다: ${reason}`, en: `cannot read the YAML: ${reason}` },
    };
  }
}

function explain(reason: string): { ko: string; en: string } {
  if (reason.startsWith("tab characters must not be used in indentation"))
    return {
      ko: "들여쓰기에 탭 문자가 있다. YAML은 탭 대신 공백으로 들여 쓴다.",
      en: "a tab character is used for indentation; YAML indents with spaces, not tabs.",
    };
  if (/^bad indentation|^deficient indentation/.test(reason))
    return {
      ko: `들여쓰기가 맞지 않는다. 같은 수준의 키는 같은 칸에서 시작한다. (${reason})`,
      en: `the indentation is wrong: keys at the same level start in the same column. (${reason})`,
    };
  if (reason.startsWith("duplicated mapping key"))
    return { ko: "같은 매핑에 같은 키가 두 번 나온다.", en: "a key appears twice in the same mapping." };
  if (reason.startsWith("aliases exceeded"))
    return {
      ko: `별칭(*name)이 너무 많다. 한 문서에 ${maxAliases}개까지 쓸 수 있다.`,
      en: `too many aliases (*name): at most ${maxAliases} per document.`,
    };
  if (reason.startsWith("nesting exceeded"))
    return { ko: "YAML이 너무 깊게 중첩되어 있다.", en: "the YAML is nested too deeply." };
  return { ko: `YAML을 읽을 수 없다: ${reason}`, en: `cannot read the YAML: ${reason}` };
}

/**
 * The 0-based line where a key path (`["request", "bodyContains"]`, `[1, "dns", "from"]`) is
 * written in block-style YAML, or the line of its nearest ancestor found; 0 when none is.
 */
export function locate(text: string, path: readonly (string | number)[]): number {
  const lines = text.split("\n");
  let from = 0;
  let to = lines.length;
  let found = 0;
  for (const step of path) {
    const hit = typeof step === "number" ? findItem(lines, from, to, step) : findKey(lines, from, to, step);
    if (!hit) break;
    found = hit.line;
    from = typeof step === "number" ? hit.line : hit.line + 1;
    to = hit.end;
  }
  return found;
}

const keyLine = /^(\s*(?:-\s+)*)(?:"([^"]*)"|'([^']*)'|([^\s#'"][^:#]*?))\s*:(?:\s|$)/;

interface Hit {
  line: number;
  end: number;
}

/** The end of the block that starts at `line` with content at `indent`. */
function blockEnd(lines: readonly string[], line: number, to: number, indent: number): number {
  for (let i = line + 1; i < to; i++) {
    const l = lines[i]!;
    if (l.trim() === "" || l.trimStart().startsWith("#")) continue;
    if (l.length - l.trimStart().length <= indent) return i;
  }
  return to;
}

function findKey(lines: readonly string[], from: number, to: number, key: string): Hit | undefined {
  let level = Number.POSITIVE_INFINITY;
  const keys: { line: number; indent: number; key: string }[] = [];
  for (let i = from; i < to; i++) {
    const m = keyLine.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    keys.push({ line: i, indent, key: m[2] ?? m[3] ?? m[4]! });
    level = Math.min(level, indent);
  }
  const hit = keys.find((k) => k.indent === level && k.key === key);
  return hit && { line: hit.line, end: blockEnd(lines, hit.line, to, hit.indent) };
}

function findItem(lines: readonly string[], from: number, to: number, index: number): Hit | undefined {
  let level = Number.POSITIVE_INFINITY;
  const items: { line: number; indent: number }[] = [];
  for (let i = from; i < to; i++) {
    const m = /^(\s*(?:-\s+)*?)-(?:\s|$)/.exec(lines[i]!);
    if (!m) continue;
    items.push({ line: i, indent: m[1]!.length });
    level = Math.min(level, m[1]!.length);
  }
  const hit = items.filter((it) => it.indent === level)[index];
  return hit && { line: hit.line, end: blockEnd(lines, hit.line, to, hit.indent) };
}
