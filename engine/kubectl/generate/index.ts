/**
 * The objects kubectl v1.34's imperative commands build before sending them (and print with
 * `--dry-run=client -o yaml`): `run`, `expose`, `create deployment|service|namespace|configmap`.
 * Pure functions over already-parsed flag values; failures are values carrying kubectl's text.
 */
export type { ConfigMapOptions, EnvFileContent, FileContent, ParsedFileSource } from "./configmap.ts";
export { generateConfigMap, parseFileSource } from "./configmap.ts";
export type { DeploymentOptions } from "./deployment.ts";
export { containerNameFromImage, generateDeployment } from "./deployment.ts";
export type { ExposeOptions } from "./expose.ts";
export { generateExpose } from "./expose.ts";
export type { NamespaceOptions } from "./namespace.ts";
export { generateNamespace } from "./namespace.ts";
export type { Generated, GenerateFailure } from "./result.ts";
export type { RunOptions } from "./run.ts";
export { generateRunPod, generateRunService, isValidImageReference } from "./run.ts";
export type { CreateServiceOptions, ServiceSubcommand } from "./service.ts";
export { generateService } from "./service.ts";
