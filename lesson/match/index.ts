/** Expected output against actual output, captures for later commands, and diffs for reports. */
export type { MatchOptions, MatchResult } from "./match.ts";
export { matchLine, matchOutput, substitute, unifiedDiff } from "./match.ts";
export type { Placeholder } from "./placeholders.ts";
export { parsePlaceholder, placeholderTypes, podPattern, scanPlaceholders } from "./placeholders.ts";
