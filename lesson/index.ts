// The lesson package's only front door: re-exports, nothing else (test/architecture checks it).
// Markdown → compileLesson → Lesson → runLesson → LessonResult; auditLesson for Markdown written for no tool.

export { checkAssertion } from "./assert/index.ts";
export { auditFindings, auditLesson, relaxExpected, repairMojibake } from "./audit/index.ts";
export { compileLesson } from "./compile/index.ts";
export { matchOutput, substitute, unifiedDiff } from "./match/index.ts";
export type * from "./model.ts";
export type { LessonRun, OutputEdit, RunOptions } from "./run/runner.ts";
export { LessonPlayer, runLesson } from "./run/runner.ts";
export { applyEdits } from "./run/update.ts";
export { toVFile } from "./run/vfile.ts";
