/**
 * Diagnostics as unified's vfile messages, for tools that speak vfile (editors, remark-cli
 * style reporters, the site's build): position, `ruleId`, `source: "kubook"`, and the text
 * in the chosen language; errors are fatal, warnings not, info is informational.
 */
import { VFile } from "vfile";
import type { Diagnostic } from "../model.ts";

export function toVFile(
  path: string,
  source: string,
  diagnostics: readonly Diagnostic[],
  lang: "ko" | "en" = "ko",
): VFile {
  const file = new VFile({ path, value: source });
  for (const d of diagnostics) {
    const m = file.message(d.message[lang], {
      place: { line: d.at.line, column: d.at.column },
      ruleId: d.ruleId.replace(/^[^/]+\//, ""),
      source: d.ruleId.split("/")[0] ?? "kubook",
    });
    m.fatal = d.severity === "error" ? true : d.severity === "warning" ? false : undefined;
    if (d.expected !== undefined) m.expected = [d.expected];
    if (d.actual !== undefined) m.actual = d.actual;
  }
  return file;
}
