/**
 * kind's system images, preloaded on every node: CoreDNS, kube-proxy, kindnet, the
 * local-path provisioner and the control-plane static pods.
 *
 * CoreDNS listens on 53/UDP and 53/TCP (the cluster DNS answers there; the data path
 * routes those sockets to it), 8080 for the `health` plugin (plugin/health/health.go:
 * `/health` → 200 `OK`), 8181 for `ready` (plugin/ready/ready.go: `/ready` → 200 `OK`) and
 * 9153 for Prometheus metrics (not simulated: the socket accepts, nothing answers). Other
 * paths get Go's `404 page not found`. The rest run until stopped.
 */
import type { HttpHandler } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { defaultPath } from "../image.ts";
import type { Program } from "../process.ts";
import { serving } from "../process.ts";
import { goError, goRespond, splitTarget } from "./common.ts";

const system = (repository: string, tag: string, sizeBytes: number, cmd: string[], binaries: string[]) =>
  ({
    repository,
    tags: [tag],
    sizeBytes,
    entrypoint: [],
    cmd,
    binaries,
    env: { PATH: defaultPath },
    files: {},
    flavours: {},
    preloaded: true,
  }) satisfies ImageDefinition;

export const images: readonly ImageDefinition[] = [
  { ...system("registry.k8s.io/coredns/coredns", "v1.12.1", 20_950_000, [], ["/coredns"]), entrypoint: ["/coredns"] },
  system("registry.k8s.io/kube-proxy", "v1.34.0", 30_300_000, ["kube-proxy"], ["kube-proxy", "sh"]),
  system("docker.io/kindest/kindnetd", "v20250512-df8de77b", 44_400_000, ["/bin/kindnetd"], ["/bin/kindnetd"]),
  system(
    "docker.io/kindest/local-path-provisioner",
    "v20250214-acbabc1a",
    22_500_000,
    ["local-path-provisioner"],
    ["local-path-provisioner"],
  ),
  system("registry.k8s.io/etcd", "3.6.4-0", 58_900_000, ["etcd"], ["etcd"]),
  system("registry.k8s.io/kube-apiserver", "v1.34.0", 27_000_000, ["kube-apiserver"], ["kube-apiserver"]),
  system(
    "registry.k8s.io/kube-controller-manager",
    "v1.34.0",
    25_000_000,
    ["kube-controller-manager"],
    ["kube-controller-manager"],
  ),
  system("registry.k8s.io/kube-scheduler", "v1.34.0", 19_000_000, ["kube-scheduler"], ["kube-scheduler"]),
];

/** A Go mux with one path that answers `OK` (health, ready) and 404 for the rest. */
const okAt =
  (path: string): HttpHandler =>
  (req, ctx) =>
    splitTarget(req.target).path === path
      ? goRespond(req, ctx, { body: "OK" })
      : goError(req, ctx, "404 page not found", 404);

const coredns: Program = () =>
  serving(
    [
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
      { port: 8080, protocol: "TCP", http: okAt("/health") },
      { port: 8181, protocol: "TCP", http: okAt("/ready") },
      { port: 9153, protocol: "TCP" },
    ],
    // The health plugin's lameduck: 5 s of serving after SIGTERM.
    { sigtermStopMs: 5000, sigtermExitCode: 0 },
  );

const daemon: Program = () => serving([], { sigtermStopMs: 0, sigtermExitCode: 0 });

export const programs: Readonly<Record<string, Program>> = {
  "/coredns": coredns,
  "kube-proxy": daemon,
  "/bin/kindnetd": daemon,
  "kube-apiserver": daemon,
  "kube-controller-manager": daemon,
  "kube-scheduler": daemon,
  etcd: daemon,
  "local-path-provisioner": daemon,
};
