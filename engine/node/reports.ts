/**
 * How lesson results are written out: a text report (positions, rule ids, diffs, the closing
 * `N passed, N failed`), the transcript of `kubook run`, the JSON document the issue fixes,
 * JUnit XML for CI dashboards, and GitHub Actions annotations.
 */
import type { Diagnostic, LessonResult } from "#lesson";

export type Lang = "ko" | "en";

export interface Report {
  readonly result: LessonResult;
  readonly source: string;
}

function allDiagnostics(r: LessonResult): Diagnostic[] {
  return [...r.diagnostics, ...r.blocks.flatMap((b) => b.diagnostics)].sort(
    (a, b) => a.at.line - b.at.line || a.at.column - b.at.column,
  );
}

function totals(reports: readonly Report[]) {
  return reports.reduce(
    (t, r) => ({
      passed: t.passed + r.result.summary.passed,
      failed: t.failed + r.result.summary.failed,
      skipped: t.skipped + r.result.summary.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : by + l))
    .join("\n");
}

export function formatText(
  reports: readonly Report[],
  lang: Lang,
  mode: "report" | "transcript",
  diff: (expected: string, actual: string) => string,
): string {
  let out = "";
  for (const { result } of reports) {
    if (mode === "transcript") {
      out += `# ${result.path}\n`;
      for (const b of result.blocks) for (const c of b.commands) out += `${c.prompt}${c.command}\n${c.output}`;
    }
    const diags = allDiagnostics(result);
    if (mode === "report" && diags.length === 0) continue;
    for (const d of diags) {
      out += `${result.path}:${d.at.line}:${d.at.column}  ${d.severity}  ${d.message[lang]}  ${d.ruleId}\n`;
      if (d.expected !== undefined && d.actual !== undefined)
        out += `${indent(diff(d.expected, d.actual), "      ")}\n`;
      else if (d.actual) out += `${indent(d.actual.trimEnd(), "      | ")}\n`;
    }
  }
  const t = totals(reports);
  // The last line is always `N passed, N failed`; blocks shown but not run are counted above it.
  const skipped =
    t.skipped > 0
      ? lang === "ko"
        ? `실행하지 않은 블록 ${t.skipped}개 (설명용)\n`
        : `${t.skipped} block(s) not run (illustrative)\n`
      : "";
  return `${out}${skipped}${t.passed} passed, ${t.failed} failed\n`;
}

export function formatJson(reports: readonly Report[], lang: Lang): string {
  const doc = {
    files: reports.map(({ result }) => ({
      path: result.path,
      diagnostics: allDiagnostics(result).map((d) => ({
        line: d.at.line,
        column: d.at.column,
        severity: d.severity,
        ruleId: d.ruleId,
        message: d.message[lang],
      })),
      blocks: result.blocks.map((b) => ({
        line: b.at.line,
        kind: b.kind,
        status: b.status,
        message: b.message?.[lang] ?? "",
        commands: b.commands.map((c) => ({
          line: c.at.line,
          context: c.context,
          command: c.command,
          exitCode: c.exitCode,
          stdout: c.stdout,
          stderr: c.stderr,
        })),
      })),
    })),
    summary: totals(reports),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function xml(text: string): string {
  return (
    text
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;")
      // XML 1.0 forbids most control characters; terminal output has some (ESC in colours).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "")
  );
}

export function formatJunit(reports: readonly Report[], lang: Lang): string {
  const t = totals(reports);
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubook check" tests="${t.passed + t.failed + t.skipped}" failures="${t.failed}" skipped="${t.skipped}">\n`;
  for (const { result } of reports) {
    const s = result.summary;
    out += `  <testsuite name="${xml(result.path)}" tests="${s.passed + s.failed + s.skipped}" failures="${s.failed}" skipped="${s.skipped}">\n`;
    for (const d of result.diagnostics.filter((x) => x.severity === "error"))
      out += `    <testcase name="${xml(`${result.path}:${d.at.line}`)}" classname="compile"><failure message="${xml(d.message[lang])}" type="${xml(d.ruleId)}"/></testcase>\n`;
    for (const b of result.blocks) {
      const name = xml(`${result.path}:${b.at.line} ${b.kind}`);
      if (b.status === "passed") out += `    <testcase name="${name}" classname="${b.kind}"/>\n`;
      else if (b.status === "skipped")
        out += `    <testcase name="${name}" classname="${b.kind}"><skipped message="${xml(b.message?.[lang] ?? "")}"/></testcase>\n`;
      else {
        const details = b.diagnostics.map((d) => `${d.ruleId}: ${d.message[lang]}`).join("\n");
        out += `    <testcase name="${name}" classname="${b.kind}"><failure message="${xml(b.message?.[lang] ?? "")}" type="${xml(b.diagnostics[0]?.ruleId ?? "kubook/failed")}">${xml(details)}</failure></testcase>\n`;
      }
    }
    out += "  </testsuite>\n";
  }
  return `${out}</testsuites>\n`;
}

/** `::error file=…,line=…,col=…,title=…::message` — GitHub escapes %, \r and \n in these. */
export function githubAnnotations(reports: readonly Report[], lang: Lang): string {
  const esc = (s: string) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  const prop = (s: string) => esc(s).replaceAll(":", "%3A").replaceAll(",", "%2C");
  let out = "";
  for (const { result } of reports)
    for (const d of allDiagnostics(result)) {
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      out += `::${level} file=${prop(result.path)},line=${d.at.line},col=${d.at.column},title=${prop(d.ruleId)}::${esc(d.message[lang])}\n`;
    }
  return out;
}
