/**
 * `kubook check`, `kubook run` and `kubook audit`: the Node side of the lesson pipeline —
 * find and read the files, decode them, hand the text to the pure compiler and runner in
 * lesson/, cache results, and print reports (text with diffs, JSON, JUnit, GitHub Actions
 * annotations). Nothing here decides whether a lesson passes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  applyEdits,
  auditFindings,
  auditLesson,
  compileLesson,
  type Diagnostic,
  type Lesson,
  type LessonResult,
  type OutputEdit,
  relaxExpected,
  repairMojibake,
  runLesson,
  unifiedDiff,
} from "#lesson";
import packageJson from "../../package.json" with { type: "json" };
import { formatJson, formatJunit, formatText, githubAnnotations, type Lang, type Report } from "./reports.ts";

export interface LessonIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress line redraws itself there). */
  readonly progressTty?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

interface Options {
  readonly paths: string[];
  readonly json: boolean;
  readonly junit: boolean;
  readonly update: boolean;
  readonly watch: boolean;
  readonly cache: boolean;
  readonly lang: Lang;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

function parseOptions(args: readonly string[]): { ok: true; options: Options } | { ok: false; message: string } {
  const paths: string[] = [];
  let json = false;
  let junit = false;
  let update = false;
  let watchMode = false;
  let cache = true;
  let lang: Lang = "ko";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") json = true;
    else if (a === "--update") update = true;
    else if (a === "--watch") watchMode = true;
    else if (a === "--no-cache") cache = false;
    else if (a === "--reporter" || a.startsWith("--reporter=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (v === "junit") junit = true;
      else if (v === "json") json = true;
      else if (v !== "text")
        return { ok: false, message: `unknown reporter ${JSON.stringify(v ?? "")} (text, json, junit)` };
    } else if (a === "--lang" || a.startsWith("--lang=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (v !== "ko" && v !== "en")
        return { ok: false, message: `unknown language ${JSON.stringify(v ?? "")} (ko, en)` };
      lang = v;
    } else if (a.startsWith("-")) return { ok: false, message: `unknown option ${JSON.stringify(a)}` };
    else paths.push(a);
  }
  return { ok: true, options: { paths, json, junit, update, watch: watchMode, cache, lang } };
}

/** Lesson files under the given paths: Markdown files, READMEs excluded, sorted. */
export function findLessons(paths: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string, depth: number) => {
    if (depth > 20) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        const child = join(p, name);
        if (statSync(child).isDirectory()) walk(child, depth + 1);
        else if (/\.mdx?$/i.test(name) && !/^readme\.md$/i.test(name)) files.push(child);
      }
    } else files.push(p);
  };
  for (const p of paths) {
    const full = resolve(cwd, p);
    if (!existsSync(full)) missing.push(p);
    else walk(full, 0);
  }
  return { files: [...new Set(files)], missing };
}

/** UTF-8 with a BOM or without; anything else is reported, not guessed. */
export function decode(bytes: Uint8Array): { ok: true; text: string } | { ok: false } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text: text.startsWith("\uFEFF") ? text.slice(1) : text };
  } catch {
    return { ok: false };
  }
}

const sizeMax = 2 * 1024 * 1024;

function readLesson(file: string, display: string): { source: string } | { diagnostic: Diagnostic } {
  const bytes = readFileSync(file);
  if (bytes.length > sizeMax)
    return {
      diagnostic: {
        ruleId: "kubook/file-too-large",
        severity: "error",
        at: { line: 1, column: 1 },
        message: {
          ko: `${display} 파일이 너무 크다 (${bytes.length} 바이트, 최대 ${sizeMax}).`,
          en: `${display} is too large (${bytes.length} bytes, at most ${sizeMax}).`,
        },
      },
    };
  const decoded = decode(bytes);
  if (!decoded.ok)
    return {
      diagnostic: {
        ruleId: "kubook/encoding",
        severity: "error",
        at: { line: 1, column: 1 },
        message: {
          ko: `${display} 파일이 UTF-8이 아니다. UTF-8로 저장한다 (EUC-KR/CP949라면 iconv -f cp949 -t utf-8로 바꾼다).`,
          en: `${display} is not UTF-8. Save it as UTF-8 (from EUC-KR/CP949: iconv -f cp949 -t utf-8).`,
        },
      },
    };
  return { source: decoded.text };
}

/** What identifies a result in the cache: the lesson's text and the code that judged it. */
let engineHash: string | undefined;
function codeVersion(): string {
  if (engineHash) return engineHash;
  const h = createHash("sha256").update(packageJson.version);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") || p.endsWith(".json")) h.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  for (const d of ["engine", "lesson"]) walk(join(root, d));
  for (const lock of ["package-lock.json"]) if (existsSync(join(root, lock))) h.update(readFileSync(join(root, lock)));
  engineHash = h.digest("hex").slice(0, 16);
  return engineHash;
}

function cachePath(source: string, mode: string): string {
  const key = createHash("sha256").update(codeVersion()).update(mode).update(source).digest("hex").slice(0, 32);
  return join(root, "node_modules", ".cache", "kubook", "results", `${key}.json`);
}

interface Judged {
  readonly result: LessonResult;
  readonly edits: readonly OutputEdit[];
  readonly source: string;
  readonly cached: boolean;
}

async function judge(
  file: string,
  display: string,
  mode: "check" | "audit",
  options: Options,
  onBlock?: (i: number, n: number) => void,
): Promise<Judged> {
  const read = readLesson(file, display);
  if ("diagnostic" in read)
    return {
      result: {
        path: display,
        blocks: [],
        diagnostics: [read.diagnostic],
        summary: { passed: 0, failed: 1, skipped: 0 },
      },
      edits: [],
      source: "",
      cached: false,
    };
  const cacheFile = cachePath(read.source, mode);
  if (options.cache && !options.update && existsSync(cacheFile)) {
    try {
      const result = JSON.parse(readFileSync(cacheFile, "utf8")) as LessonResult;
      return { result: { ...result, path: display }, edits: [], source: read.source, cached: true };
    } catch {
      // A damaged cache entry is simply recomputed.
    }
  }
  let lesson: Lesson;
  let extra: Diagnostic[] = [];
  if (mode === "audit") {
    const repaired = repairMojibake(read.source);
    lesson = auditLesson(display, repaired.text);
    extra = auditFindings(lesson);
    if (repaired.repaired && repaired.note)
      extra.unshift({
        ruleId: "audit/mojibake-repaired",
        severity: "warning",
        at: { line: 1, column: 1 },
        message: repaired.note,
      });
  } else lesson = compileLesson(display, read.source);
  const run = await runLesson(lesson, {
    onBlock: (i, n) => onBlock?.(i, n),
    // A post's author waited for pods between commands; give each line 10 s, as they did.
    ...(mode === "audit" ? { thinkMs: 10_000, relax: relaxExpected } : {}),
  });
  const result: LessonResult = { ...run.result, diagnostics: [...run.result.diagnostics, ...extra] };
  if (options.cache) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(result));
    } catch {
      // No cache (read-only node_modules): the lesson is judged again next time.
    }
  }
  return { result, edits: run.edits, source: read.source, cached: false };
}

export async function lessonsCommand(
  command: "check" | "run" | "audit",
  args: readonly string[],
  io: LessonIO,
): Promise<number> {
  if (args.includes("-h") || args.includes("--help")) {
    io.stdout(usage(command));
    return 0;
  }
  const parsed = parseOptions(args);
  if (!parsed.ok) {
    io.stderr(`kubook ${command}: ${parsed.message}\nRun 'kubook ${command} --help' for usage.\n`);
    return 2;
  }
  const options = parsed.options;
  const cwd = io.cwd ?? process.cwd();
  if (options.paths.length === 0) {
    if (command === "check") options.paths.push("content");
    else {
      io.stderr(`kubook ${command}: name at least one Markdown file\nRun 'kubook ${command} --help' for usage.\n`);
      return 2;
    }
  }
  const once = () => checkOnce(command, options, io, cwd);
  const code = await once();
  if (!options.watch) return code;
  io.stderr(
    options.lang === "ko"
      ? "파일이 바뀌면 다시 검사한다 (Ctrl-C로 끝낸다).\n"
      : "Watching for changes (Ctrl-C to stop).\n",
  );
  return new Promise<number>(() => {
    let timer: NodeJS.Timeout | undefined;
    for (const p of options.paths)
      watch(resolve(cwd, p), { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void once(), 200);
      });
  });
}

async function checkOnce(
  command: "check" | "run" | "audit",
  options: Options,
  io: LessonIO,
  cwd: string,
): Promise<number> {
  const { files, missing } = findLessons(options.paths, cwd);
  for (const m of missing) io.stderr(`kubook ${command}: ${m}: no such file or directory\n`);
  if (missing.length > 0) return 2;
  if (files.length === 0) {
    io.stderr(`kubook ${command}: no lessons (*.md) under ${options.paths.join(", ")}\n`);
    return 2;
  }
  const reports: Report[] = [];
  const progress = (text: string) => {
    if (io.progressTty && !options.json && !options.junit) io.stderr(`\r\x1b[K${text}`);
  };
  for (const [n, file] of files.entries()) {
    const display = relative(cwd, file) || file;
    progress(`${command} ${n + 1}/${files.length} ${display}`);
    const judged = await judge(
      file,
      display,
      command === "audit" ? "audit" : "check",
      { ...options, cache: options.cache && command === "check" },
      (i, total) => progress(`${command} ${n + 1}/${files.length} ${display} — ${i + 1}/${total}`),
    );
    if (options.update && judged.edits.length > 0) {
      writeFileSync(file, applyEdits(judged.source, judged.edits));
      io.stderr(`${display}: ${judged.edits.length} expected output(s) rewritten\n`);
    }
    reports.push({ result: judged.result, source: judged.source });
  }
  progress("");
  if (io.progressTty && !options.json && !options.junit) io.stderr("\r\x1b[K");
  const env = io.env ?? process.env;
  if (env.GITHUB_ACTIONS === "true" && command !== "run") io.stdout(githubAnnotations(reports, options.lang));
  if (options.json) io.stdout(formatJson(reports, options.lang));
  else if (options.junit) io.stdout(formatJunit(reports, options.lang));
  else io.stdout(formatText(reports, options.lang, command === "run" ? "transcript" : "report", unifiedDiff));
  const failed = reports.reduce((n, r) => n + r.result.summary.failed, 0);
  return failed > 0 ? 1 : 0;
}

function usage(command: string): string {
  const lines: Record<string, string> = {
    check: `Usage: kubook check [paths…] [--json | --reporter junit] [--update] [--watch] [--lang en] [--no-cache]

Compile every lesson (*.md, READMEs excepted) under the paths (default: content/) and run it
on a fresh simulated cluster; every block must do what the lesson says. Reports file:line:col,
the block, the expected and actual output as a diff, and the rule id; the last line counts
passed and failed checks; exit status 1 on any failure. --update rewrites mismatched expected
outputs with what the simulation printed. Results are cached by lesson text and kubook's code.
`,
    run: `Usage: kubook run FILE… [--json] [--lang en]

Print the transcript of a lesson: each command with the output the simulated cluster gave.
`,
    audit: `Usage: kubook audit FILE… [--json] [--lang en]

Run Markdown written for no tool (a blog post, study notes): classify its blocks, infer file
names, follow pod shells, repair mis-decoded Korean, run everything and report what broke,
with the typical mistakes and a suggested fix. Exit status 1 when something failed.
`,
  };
  return lines[command] ?? "";
}
