// The engine's only front door: re-exports, nothing else (test/architecture checks both).
export { kindNodeImage, kubernetesVersion } from "./simulation/version.ts";
