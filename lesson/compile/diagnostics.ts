/**
 * The compiler's diagnostics: one builder per rule, so rule ids, severities and the two
 * languages stay together. Korean messages use the plain 한다체 of the lessons themselves.
 */
import type { Diagnostic, Severity, SourcePoint } from "../model.ts";

/** Every rule the compiler reports, with its severity. */
export const rules = {
  "kubook/internal-error": "error",
  "kubook/invalid-utf8": "error",
  "kubook/file-too-large": "error",
  "kubook/frontmatter-missing": "error",
  "kubook/frontmatter-syntax": "error",
  "kubook/frontmatter-invalid": "error",
  "kubook/frontmatter-unknown-key": "error",
  "kubook/unclosed-fence": "error",
  "kubook/unclosed-comment": "error",
  "kubook/comment-in-html-block": "error",
  "kubook/fence-in-html": "warning",
  "kubook/unknown-attribute": "error",
  "kubook/invalid-attribute": "error",
  "kubook/unknown-directive": "error",
  "kubook/unnamed-file": "error",
  "kubook/empty-file": "error",
  "kubook/yaml-syntax": "error",
  "kubook/empty-block": "error",
  "kubook/incomplete-command": "error",
  "kubook/output-without-command": "error",
  "kubook/duplicate-output": "error",
  "kubook/invalid-assertion": "error",
  "kubook/empty-hidden": "warning",
  "kubook/unclosed-details": "error",
  "kubook/exercise-attributes": "error",
  "kubook/duplicate-exercise-id": "error",
  "kubook/nested-exercise": "error",
  "kubook/unclosed-exercise": "error",
  "kubook/directive-outside-exercise": "error",
  "kubook/exercise-without-check": "error",
  "kubook/exercise-without-solution": "error",
  "kubook/invalid-solution-block": "error",
} as const satisfies Record<string, Severity>;

export type RuleId = keyof typeof rules;

export function diagnostic(
  ruleId: RuleId,
  at: SourcePoint,
  ko: string,
  en: string,
  severity: Severity = rules[ruleId],
): Diagnostic {
  return { ruleId, severity, at, message: { ko, en } };
}
