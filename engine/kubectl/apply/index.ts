/**
 * The merge machinery behind client-side `kubectl apply` and `kubectl patch`: JSON merge patch
 * (RFC 7386), JSON patch (RFC 6902), strategic merge patch with its directives and merge keys,
 * the three-way patch apply sends, and the plans the two commands carry out.
 */
export type { Json, JsonObject, PatchResult } from "./json.ts";
export { jsonPatch } from "./json-patch.ts";
export { jsonMergePatch } from "./merge-patch.ts";
export type { ApplyOptions, ApplyPlan, PatchPlan, PatchType } from "./plan.ts";
export { LAST_APPLIED_ANNOTATION, lastAppliedConfiguration, planApply, planPatch } from "./plan.ts";
export type { ThreeWayInput } from "./strategic.ts";
export { strategicMergePatch, threeWayMergePatch } from "./strategic.ts";
