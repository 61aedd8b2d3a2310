// `kubook audit`: lenient reading of Markdown written for no tool, and static mistake detectors.
export { auditLesson, isManifest, looksLikeOutput } from "./audit.ts";
export { auditFindings } from "./findings.ts";
export { isBusybox, listeningPorts } from "./images.ts";
export { decodeUtf8, type MojibakeRepair, repairMojibake } from "./mojibake.ts";
export { relaxExpected } from "./volatile.ts";
