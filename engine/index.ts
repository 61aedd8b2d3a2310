// The engine's only front door: re-exports, nothing else (test/architecture checks both).
// Everything outside engine/ — the CLI, the site, tests of behaviour — uses the engine through these names.
export type { FieldError } from "./api/field.ts";
export { formatFieldError } from "./api/field.ts";
export type { KubeObject, StoredObject } from "./api/object.ts";
export type { ResourceInfo } from "./api/resources.ts";
export { apiVersionOf, qualifiedResource, resourceByName, resourceForKind, resources } from "./api/resources.ts";
export type { ApiStatus, Result, StatusCause, StatusReason } from "./api/status.ts";
export { KubookBug } from "./core/assert.ts";
export { formatRfc3339 } from "./core/clock.ts";
export { limits } from "./core/limits.ts";
export type { KubeConfig, KubectlHost } from "./kubectl/host.ts";
export { runKubectl } from "./kubectl/kubectl.ts";
export type { CommandResult, OutputChunk, Stream } from "./kubectl/output.ts";
export type { DeleteOptions, PropagationPolicy, WriteOptions } from "./registry/apiserver.ts";
export type { ShellOptions, ShellStep } from "./shell/session.ts";
export { ShellSession } from "./shell/session.ts";
export type {
  ClusterEventHandler,
  ClusterSnapshot,
  ListOptions,
  OptionsResult,
  SettleResult,
} from "./simulation/cluster.ts";
export { Cluster, createCluster, resolveClusterOptions } from "./simulation/cluster.ts";
export type { ClusterOptions } from "./simulation/options.ts";
export { defaultOptions } from "./simulation/options.ts";
export { kindNodeImage, kubernetesVersion } from "./simulation/version.ts";
export type { WatchEvent, WatchEventType } from "./store/store.ts";
