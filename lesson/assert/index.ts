/** Lesson assertions checked against a simulated cluster. */
export type { CheckResult, Message } from "./check.ts";
export { backendOf, checkAssertion, parsePath, resolveSource, resourceOf, satisfies } from "./check.ts";
export { hasBatchim, josa } from "./korean.ts";
