/**
 * `kubectl create configmap NAME [--from-file] [--from-literal] [--from-env-file]`
 * (k8s.io/kubectl pkg/cmd/create/create_configmap.go, pkg/util ParseFileSource and
 * ParseLiteralSource, pkg/cmd/util/env_file.go). Reading files is the caller's: it resolves
 * each `--from-file` source with {@link parseFileSource} (a directory gives one entry per
 * regular file, keyed by its base name) and hands over the contents.
 * Written from kubectl v1.34's behaviour; no upstream code is copied.
 */
import type { ConfigMap } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { goQuote } from "../../api/status.ts";
import { isConfigMapKey, regexError } from "../../api/validation/names.ts";
import { fail, type Generated, ok, type StringMap } from "./result.ts";

export interface FileContent {
  readonly key: string;
  /** Text goes to `data`; bytes that are not valid UTF-8 go to `binaryData` (base64). */
  readonly content: string | Uint8Array;
}

export interface EnvFileContent {
  /** The path as typed, for error texts. */
  readonly path: string;
  readonly content: string;
}

export interface ConfigMapOptions {
  readonly name: string;
  /** `--from-file` sources, already read, in flag order. */
  readonly fromFile?: readonly FileContent[];
  /** `--from-literal`, each `key=value`. */
  readonly fromLiteral?: readonly string[];
  /** `--from-env-file`, already read. */
  readonly fromEnvFile?: readonly EnvFileContent[];
  /** An env-file line without `=` takes its value from kubectl's environment; default empty. */
  readonly environment?: (key: string) => string;
  /** Set only when kubectl would: `-n` or a context namespace (EnforceNamespace). */
  readonly namespace?: string;
}

export type ParsedFileSource =
  | { readonly ok: true; readonly key: string; readonly path: string; readonly keyGiven: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * ParseFileSource: `path` (key = base name) or `key=path`. `keyGiven` matters for a
 * directory, which kubectl refuses with `cannot give a key name for a directory path`.
 */
export function parseFileSource(source: string): ParsedFileSource {
  const separators = source.split("=").length - 1;
  if (separators === 0) {
    const base = source.replace(/\/+$/, "").split("/").at(-1) ?? "";
    return { ok: true, key: source === "" ? "." : base === "" ? "/" : base, path: source, keyGiven: false };
  }
  if (separators > 1) return { ok: false, message: "key names or file paths cannot contain '='" };
  if (source.startsWith("=")) return { ok: false, message: `key name for file path ${source.slice(1)} missing` };
  if (source.endsWith("=")) return { ok: false, message: `file path for key name ${source.slice(0, -1)} missing` };
  const [key, path] = source.split("=") as [string, string];
  return { ok: true, key, path, keyGiven: true };
}

/** Whether bytes are well-formed UTF-8 (Go's utf8.Valid: no overlongs, surrogates or > U+10FFFF). */
function isValidUtf8(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return false;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined) return false;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return false;
    }
    i += n + 1;
  }
  return true;
}

function decodeUtf8(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let cp: number;
    let n: number;
    if (c < 0x80) [cp, n] = [c, 0];
    else if (c < 0xe0) [cp, n] = [c & 0x1f, 1];
    else if (c < 0xf0) [cp, n] = [c & 0x0f, 2];
    else [cp, n] = [c & 0x07, 3];
    for (let k = 1; k <= n; k++) cp = (cp << 6) | (b[i + k]! & 0x3f);
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** encoding/json's form of []byte: standard base64 with padding. */
function base64(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += base64Alphabet[(n >> 18) & 63]! + base64Alphabet[(n >> 12) & 63]!;
    out += i + 1 < b.length ? base64Alphabet[(n >> 6) & 63]! : "=";
    out += i + 2 < b.length ? base64Alphabet[n & 63]! : "=";
  }
  return out;
}

/** apimachinery IsEnvVarName, the check env-file keys get. */
function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        "[-._a-zA-Z][-._a-zA-Z0-9]*",
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
      ),
    );
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** unicode.IsSpace, which the env-file reader trims from the start of each line. */
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** The lines of an env file as bufio.Scanner splits them: `\n`, a trailing `\r` dropped. */
function scanLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

class Builder {
  readonly data: StringMap = {};
  readonly binaryData: StringMap = {};
  private readonly name: string;
  constructor(name: string) {
    this.name = name;
  }

  /** validateNewConfigMap: a valid key that neither map holds yet. */
  check(key: string): string | undefined {
    const errs = isConfigMapKey(key);
    if (errs.length > 0) return `${goQuote(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`;
    if (key in this.data) {
      return `cannot add key ${goQuote(key)}, another key by that name already exists in Data for ConfigMap ${goQuote(this.name)}`;
    }
    if (key in this.binaryData) {
      return `cannot add key ${goQuote(key)}, another key by that name already exists in BinaryData for ConfigMap ${goQuote(this.name)}`;
    }
    return undefined;
  }

  addText(key: string, value: string): string | undefined {
    const err = this.check(key);
    if (err === undefined) this.data[key] = value;
    return err;
  }

  addFile(key: string, content: string | Uint8Array): string | undefined {
    if (typeof content === "string") return this.addText(key, content);
    if (isValidUtf8(content)) return this.addText(key, decodeUtf8(content));
    const err = this.check(key);
    if (err === undefined) this.binaryData[key] = base64(content);
    return err;
  }
}

/**
 * The ConfigMap. Files are added first, then literals, then env files, as kubectl does.
 * Failures (plain `error: …`): `name must be specified`,
 * `from-env-file cannot be combined with from-file or from-literal`,
 * `invalid literal source X, expected key=value`, `"k" is not a valid key name for a
 * ConfigMap: …`, `cannot add key "k", another key by that name already exists in Data for
 * ConfigMap "n"`, and for env files `"k" is not a valid key name: …`.
 */
export function generateConfigMap(o: ConfigMapOptions): Generated<Mutable<ConfigMap>> {
  const files = o.fromFile ?? [];
  const literals = o.fromLiteral ?? [];
  const envFiles = o.fromEnvFile ?? [];
  if (o.name === "") return fail("name must be specified");
  if (envFiles.length > 0 && (files.length > 0 || literals.length > 0)) {
    return fail("from-env-file cannot be combined with from-file or from-literal");
  }
  const b = new Builder(o.name);
  for (const file of files) {
    const err = b.addFile(file.key, file.content);
    if (err) return fail(err);
  }
  for (const literal of literals) {
    const at = literal.indexOf("=");
    if (at <= 0) return fail(`invalid literal source ${literal}, expected key=value`);
    const err = b.addText(literal.slice(0, at), literal.slice(at + 1));
    if (err) return fail(err);
  }
  for (const envFile of envFiles) {
    for (const [i, raw] of scanLines(envFile.content).entries()) {
      const line = (i === 0 ? raw.replace(/^\uFEFF/, "") : raw).replace(goSpace, "");
      if (line === "" || line.startsWith("#")) continue;
      const at = line.indexOf("=");
      const key = at < 0 ? line : line.slice(0, at);
      const errs = envVarNameErrors(key);
      if (errs.length > 0) return fail(`${goQuote(key)} is not a valid key name: ${errs.join(";")}`);
      const value = at < 0 ? (o.environment?.(key) ?? "") : line.slice(at + 1);
      const err = b.addText(key, value);
      if (err) return fail(err);
    }
  }
  const metadata: Mutable<NonNullable<ConfigMap["metadata"]>> = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  const cm: Mutable<ConfigMap> = { apiVersion: "v1", kind: "ConfigMap", metadata };
  if (Object.keys(b.data).length > 0) cm.data = b.data;
  if (Object.keys(b.binaryData).length > 0) cm.binaryData = b.binaryData;
  return ok(cm);
}
