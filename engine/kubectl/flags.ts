/**
 * Command-line flags as spf13/pflag parses them for kubectl's cobra commands: flags and
 * arguments interleave, `--name=value` and `--name value`, shorthands combine (`-it`,
 * `-owide`, `-n=prod`), `--` ends the flags and its position is remembered (cobra's
 * ArgsLenAtDash, which `exec` and `run` read). Flags are rows of data: the same rows feed the
 * parser, `--help` and the docs. Error texts are pflag's.
 */

export type FlagType = "bool" | "string" | "int" | "stringArray" | "stringSlice" | "duration";

export interface FlagSpec {
  readonly name: string;
  readonly shorthand?: string;
  readonly type: FlagType;
  /** Printed in --help (`--replicas=1:`); bools default to false, strings to ''. */
  readonly defaultValue?: string;
  readonly usage: string;
  /** For a string flag given without `=value` (`--dry-run` means `--dry-run=client` … in old kubectl: pflag NoOptDefVal). */
  readonly noOptDefault?: string;
}

export type FlagValue = string | boolean | number | readonly string[];

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, FlagValue>;
  /** Which flags the user set (cobra's `Flags().Changed`). */
  readonly changed: ReadonlySet<string>;
  readonly args: readonly string[];
  /** Index in `args` of the first argument after `--`, or -1 (cobra's ArgsLenAtDash). */
  readonly argsLenAtDash: number;
}

export type ParseResult =
  | { readonly ok: true; readonly value: ParsedArgs }
  | { readonly ok: false; readonly message: string };

/** Go's time.ParseDuration for the forms kubectl users type (`30s`, `1m30s`, `500ms`, `2h`); milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let i = 0;
  let sign = 1;
  if (text[0] === "-" || text[0] === "+") {
    sign = text[0] === "-" ? -1 : 1;
    i = 1;
  }
  let total = 0;
  let parts = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    i = re.lastIndex;
    parts++;
  }
  return parts === 0 ? undefined : sign * total;
}

function convert(
  spec: FlagSpec,
  raw: string,
  flagName: string,
): { ok: true; value: FlagValue } | { ok: false; message: string } {
  const bad = (why: string) => ({
    ok: false as const,
    message: `invalid argument "${raw}" for "${flagName}" flag: ${why}`,
  });
  switch (spec.type) {
    case "bool": {
      const v = parseGoBool(raw);
      return v === undefined ? bad(`strconv.ParseBool: parsing "${raw}": invalid syntax`) : { ok: true, value: v };
    }
    case "int": {
      if (!/^[+-]?\d+$/.test(raw)) return bad(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) return bad(`strconv.ParseInt: parsing "${raw}": value out of range`);
      return { ok: true, value: n };
    }
    case "duration": {
      const ms = parseGoDuration(raw);
      return ms === undefined ? bad(`time: invalid duration "${raw}"`) : { ok: true, value: ms };
    }
    default:
      return { ok: true, value: raw };
  }
}

/** strconv.ParseBool. */
function parseGoBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** The name pflag quotes in "invalid argument" errors: `-r, --replicas` when a shorthand exists. */
function displayName(spec: FlagSpec): string {
  return spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParseResult {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  const flags = new Map<string, FlagValue>();
  const changed = new Set<string>();
  const args: string[] = [];
  let argsLenAtDash = -1;

  const set = (spec: FlagSpec, raw: string): string | undefined => {
    const v = convert(spec, raw, displayName(spec));
    if (!v.ok) return v.message;
    changed.add(spec.name);
    if (spec.type === "stringArray" || spec.type === "stringSlice") {
      const prev = (changed.has(spec.name) ? flags.get(spec.name) : undefined) as readonly string[] | undefined;
      // stringSlice splits on commas as a CSV record; stringArray keeps each value whole.
      const add = spec.type === "stringSlice" ? splitCsv(raw) : [raw];
      flags.set(spec.name, [...(Array.isArray(prev) ? prev : []), ...add]);
    } else flags.set(spec.name, v.value);
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      argsLenAtDash = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (!spec) return { ok: false, message: `unknown flag: --${name}` };
      let raw: string;
      if (eq >= 0) raw = a.slice(eq + 1);
      else if (spec.type === "bool") raw = "true";
      else if (spec.noOptDefault !== undefined) raw = spec.noOptDefault;
      else if (i + 1 < argv.length) raw = argv[++i]!;
      else return { ok: false, message: `flag needs an argument: --${name}` };
      const err = set(spec, raw);
      if (err) return { ok: false, message: err };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // A run of shorthands: bools take no value, the first non-bool takes the rest (or the next word).
      let rest = a.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        const spec = byShort.get(c);
        if (!spec) return { ok: false, message: `unknown shorthand flag: '${c}' in -${a.slice(1)}` };
        rest = rest.slice(1);
        let raw: string;
        if (rest.startsWith("=")) {
          raw = rest.slice(1);
          rest = "";
        } else if (spec.type === "bool") raw = "true";
        else if (rest.length > 0) {
          raw = rest;
          rest = "";
        } else if (spec.noOptDefault !== undefined) raw = spec.noOptDefault;
        else if (i + 1 < argv.length) raw = argv[++i]!;
        else return { ok: false, message: `flag needs an argument: '${c}' in -${c}` };
        const err = set(spec, raw);
        if (err) return { ok: false, message: err };
      }
      continue;
    }
    args.push(a);
  }
  for (const s of specs) if (!flags.has(s.name)) flags.set(s.name, defaultOf(s));
  return { ok: true, value: { flags, changed, args, argsLenAtDash } };
}

function defaultOf(s: FlagSpec): FlagValue {
  switch (s.type) {
    case "bool":
      return s.defaultValue === "true";
    case "int":
      return Number(s.defaultValue ?? 0);
    case "duration":
      return parseGoDuration(s.defaultValue ?? "0") ?? 0;
    case "stringArray":
    case "stringSlice":
      return [];
    default:
      return s.defaultValue ?? "";
  }
}

/** pflag's stringSlice reads its value as one CSV record. */
function splitCsv(raw: string): string[] {
  if (raw === "") return [];
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quoted) {
      if (ch === '"' && raw[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === "") quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Typed reads of a parse result, for command code. */
export class Flags {
  readonly parsed: ParsedArgs;
  constructor(parsed: ParsedArgs) {
    this.parsed = parsed;
  }
  str(name: string): string {
    return String(this.parsed.flags.get(name) ?? "");
  }
  bool(name: string): boolean {
    return this.parsed.flags.get(name) === true;
  }
  int(name: string): number {
    return Number(this.parsed.flags.get(name) ?? 0);
  }
  list(name: string): readonly string[] {
    const v = this.parsed.flags.get(name);
    return Array.isArray(v) ? v : [];
  }
  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }
  get args(): readonly string[] {
    return this.parsed.args;
  }
}

/** pflag's FlagUsages layout: `  -n, --namespace='': usage` as kubectl's templater prints options. */
export function flagUsages(specs: readonly FlagSpec[]): string {
  return [...specs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => {
      const lead = s.shorthand ? `-${s.shorthand}, --${s.name}` : `--${s.name}`;
      const def =
        s.type === "bool"
          ? (s.defaultValue ?? "false")
          : s.type === "int"
            ? (s.defaultValue ?? "0")
            : s.type === "stringArray" || s.type === "stringSlice"
              ? "[]"
              : `'${s.defaultValue ?? ""}'`;
      return `    ${lead}=${def}:\n\t${s.usage}\n`;
    })
    .join("\n");
}
