/**
 * The simulated registry: every image a lesson may pull, as one row each — its
 * repository, known tags, size and digest (what the Pulled event and `kubectl describe`
 * show), entrypoint and command, and the binaries it contains. An unknown repository or
 * tag fails to pull, as on a real cluster. Adding an image means adding a row (and, for a
 * server, a program in `serverPrograms`).
 *
 * Sizes are the compressed sizes containerd reports for linux/amd64, rounded; digests are
 * stable placeholders, not the registry's real ones.
 */
import { fnv1a32 } from "../core/hash.ts";
import type { HttpProbeAnswer, Listener, Program } from "./process.ts";
import { exited, serverPrograms, serving } from "./process.ts";
import type { ImageReference } from "./reference.ts";

export interface ImageDefinition {
  readonly repository: string;
  /** Tags the registry has; "*" accepts any tag. */
  readonly tags: readonly string[];
  readonly sizeBytes: number;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly binaries: readonly string[];
  readonly shell?: "ash" | "bash" | "dash";
  /** Preloaded on kind nodes (system images): no pull needed. */
  readonly preloaded?: boolean;
}

const busyboxApplets = [
  "sh",
  "ash",
  "sleep",
  "echo",
  "cat",
  "true",
  "false",
  "tail",
  "wget",
  "nslookup",
  "ping",
  "nc",
  "telnet",
  "httpd",
  "hostname",
  "ls",
  "touch",
  "rm",
  "env",
  "printenv",
  "ip",
  "ifconfig",
  "date",
  "grep",
  "sed",
  "awk",
  "vi",
  "top",
  "ps",
  "kill",
  "mkdir",
  "uname",
  "id",
  "whoami",
  "traceroute",
  "netstat",
  "route",
  "arp",
];
const alpineTools = [...busyboxApplets, "apk"];
const debianTools = [
  "sh",
  "bash",
  "dash",
  "sleep",
  "echo",
  "cat",
  "true",
  "false",
  "tail",
  "ls",
  "touch",
  "rm",
  "env",
  "printenv",
  "date",
  "grep",
  "sed",
  "awk",
  "hostname",
  "mkdir",
  "uname",
  "id",
  "whoami",
  "kill",
  "ps",
];

const nginxPage = (path: string): HttpProbeAnswer => ({ status: path === "/" || path === "/index.html" ? 200 : 404 });

serverPrograms.nginx = () => serving([{ port: 80, protocol: "TCP", http: nginxPage }], 100);
serverPrograms["/docker-entrypoint.sh"] = (argv, ctx) =>
  argv[1] === "nginx" ? serverPrograms.nginx!(argv.slice(1), ctx) : exited(0);
serverPrograms["httpd-foreground"] = () =>
  serving(
    [{ port: 80, protocol: "TCP", http: (p) => ({ status: p === "/" || p === "/index.html" ? 200 : 404 }) }],
    100,
  );
serverPrograms["/agnhost"] = (argv) => agnhost(argv.slice(1));
serverPrograms.agnhost = (argv) => agnhost(argv.slice(1));
serverPrograms["/serve_hostname"] = () => serving([{ port: 9376, protocol: "TCP", http: () => ({ status: 200 }) }], 0);
serverPrograms["/whoami"] = (argv, ctx) => {
  const flag = argv.find((a) => a.startsWith("--port="))?.slice(7) ?? argv[argv.indexOf("--port") + 1];
  const port = Number(flag ?? ctx.env.WHOAMI_PORT_NUMBER ?? 80) || 80;
  return serving([{ port, protocol: "TCP", http: () => ({ status: 200 }) }], 0);
};
serverPrograms["/http-echo"] = (argv, ctx) => {
  const listen = argv.find((a) => a.startsWith("-listen="))?.slice(8) ?? ":5678";
  const text = argv.find((a) => a.startsWith("-text="))?.slice(6) ?? ctx.env.ECHO_TEXT;
  if (text === undefined)
    return exited(127, [{ atMs: 0, stream: "stderr", text: "Missing -text option or ECHO_TEXT env var!" }]);
  const port = Number(listen.split(":").pop()) || 5678;
  return serving([{ port, protocol: "TCP", http: () => ({ status: 200 }) }], 0);
};
serverPrograms["/app/http-go"] = () =>
  serving([{ port: 8080, protocol: "TCP", http: (p) => ({ status: p === "/" ? 200 : 404 }) }], 0);
serverPrograms.dotnet = () => serving([{ port: 80, protocol: "TCP", http: () => ({ status: 200 }) }], 0);
serverPrograms["/usr/local/bin/run.sh"] = () =>
  serving([{ port: 8080, protocol: "TCP", http: () => ({ status: 200 }) }], 0);
serverPrograms["/coredns"] = () =>
  serving(
    [
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
      { port: 8080, protocol: "TCP", http: (p) => ({ status: p === "/health" ? 200 : 404 }) },
      { port: 8181, protocol: "TCP", http: (p) => ({ status: p === "/ready" ? 200 : 404 }) },
      { port: 9153, protocol: "TCP", http: () => ({ status: 200 }) },
    ],
    5000,
  );
const systemDaemon: Program = () => serving([], 0);
for (const name of [
  "kube-proxy",
  "/bin/kindnetd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "etcd",
  "local-path-provisioner",
])
  serverPrograms[name] = systemDaemon;

/** agnhost's subcommands that lessons run; the data path issue adds their HTTP behaviour. */
function agnhost(args: readonly string[]) {
  const sub = args[0];
  const flag = (name: string, dflt: number) => {
    const a = args.find((x) => x.startsWith(`--${name}=`));
    return a ? Number(a.split("=")[1]) : dflt;
  };
  if (sub === "netexec") {
    const listeners: Listener[] = [{ port: flag("http-port", 8080), protocol: "TCP", http: () => ({ status: 200 }) }];
    const udp = flag("udp-port", 8081);
    if (udp > 0) listeners.push({ port: udp, protocol: "UDP" });
    return serving(listeners, 0);
  }
  if (sub === "serve-hostname")
    return serving([{ port: flag("port", 9376), protocol: "TCP", http: () => ({ status: 200 }) }], 0);
  if (sub === "pause") return serving([], 0);
  return exited(1, [{ atMs: 0, stream: "stderr", text: `Error: unknown command "${sub ?? ""}" for "agnhost"` }]);
}

const _mb = 1024 * 1024;

const echoserver = {
  tags: ["1.10", "1.4"],
  sizeBytes: 46_000_000,
  entrypoint: [],
  cmd: ["/usr/local/bin/run.sh"],
  binaries: [...debianTools, "/usr/local/bin/run.sh", "nginx"],
  shell: "dash",
} as const;

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/library/nginx",
    tags: [
      "latest",
      "1.27",
      "1.27.3",
      "1.25",
      "1.25.3",
      "1.21",
      "1.21.6",
      "1.19",
      "1.16",
      "alpine",
      "stable",
      "mainline",
      "1.14.2",
    ],
    sizeBytes: 72_195_292,
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    binaries: [...debianTools, "nginx", "/docker-entrypoint.sh", "curl"],
    shell: "dash",
  },
  {
    repository: "docker.io/library/httpd",
    tags: ["latest", "2.4", "alpine"],
    sizeBytes: 58_400_000,
    entrypoint: [],
    cmd: ["httpd-foreground"],
    binaries: [...debianTools, "httpd-foreground", "httpd"],
    shell: "dash",
  },
  {
    repository: "docker.io/library/busybox",
    tags: [
      "latest",
      "1.36",
      "1.36.1",
      "1.37",
      "1.35",
      "1.34",
      "1.33",
      "1.32",
      "1.31",
      "1.30",
      "1.29",
      "1.28",
      "stable",
      "musl",
      "glibc",
      "uclibc",
    ],
    sizeBytes: 2_160_000,
    entrypoint: [],
    cmd: ["sh"],
    binaries: busyboxApplets,
    shell: "ash",
  },
  {
    repository: "docker.io/library/alpine",
    tags: ["latest", "3", "3.20", "3.19", "3.18", "3.15"],
    sizeBytes: 3_620_000,
    entrypoint: [],
    cmd: ["/bin/sh"],
    binaries: alpineTools,
    shell: "ash",
  },
  {
    repository: "docker.io/library/ubuntu",
    tags: ["latest", "24.04", "22.04", "20.04"],
    sizeBytes: 29_750_000,
    entrypoint: [],
    cmd: ["/bin/bash"],
    binaries: debianTools,
    shell: "dash",
  },
  {
    repository: "docker.io/library/debian",
    tags: ["latest", "bookworm", "bookworm-slim", "12"],
    sizeBytes: 48_480_000,
    entrypoint: [],
    cmd: ["bash"],
    binaries: debianTools,
    shell: "dash",
  },
  {
    repository: "docker.io/curlimages/curl",
    tags: ["latest", "8.11.1", "8.10.1", "8.5.0", "7.85.0"],
    sizeBytes: 11_970_000,
    entrypoint: ["/entrypoint.sh"],
    cmd: ["curl"],
    binaries: [...alpineTools, "curl", "/entrypoint.sh"],
    shell: "ash",
  },
  {
    repository: "docker.io/radial/busyboxplus",
    tags: ["curl", "latest"],
    sizeBytes: 4_230_000,
    entrypoint: [],
    cmd: ["/bin/sh"],
    binaries: [...busyboxApplets, "curl"],
    shell: "ash",
  },
  {
    repository: "docker.io/nicolaka/netshoot",
    tags: ["latest", "v0.13"],
    sizeBytes: 195_000_000,
    entrypoint: [],
    cmd: ["zsh"],
    binaries: [...alpineTools, "bash", "zsh", "curl", "dig", "host", "tcpdump", "iperf3", "nmap", "jq"],
    shell: "ash",
  },
  {
    repository: "registry.k8s.io/e2e-test-images/agnhost",
    tags: ["2.53", "2.52", "2.51", "2.47", "2.45", "2.43", "2.39"],
    sizeBytes: 51_120_000,
    entrypoint: ["/agnhost"],
    cmd: [],
    binaries: ["/agnhost", "agnhost", "sh", "sleep", "cat", "true", "false", "echo", "ls", "curl", "nslookup", "dig"],
    shell: "ash",
  },
  {
    repository: "registry.k8s.io/serve_hostname",
    tags: ["latest", "1.4", "v1.4"],
    sizeBytes: 2_350_000,
    entrypoint: ["/serve_hostname"],
    cmd: [],
    binaries: ["/serve_hostname"],
  },
  {
    repository: "docker.io/traefik/whoami",
    tags: ["latest", "v1.10", "v1.10.3", "v1.11"],
    sizeBytes: 3_480_000,
    entrypoint: ["/whoami"],
    cmd: [],
    binaries: ["/whoami"],
  },
  {
    repository: "docker.io/hashicorp/http-echo",
    tags: ["latest", "1.0", "1.0.0", "0.2.3"],
    sizeBytes: 3_000_000,
    entrypoint: ["/http-echo"],
    cmd: [],
    binaries: ["/http-echo"],
  },
  {
    repository: "docker.io/gasbugs/http-go",
    tags: ["latest", "v1", "v2", "v3"],
    sizeBytes: 314_000_000,
    entrypoint: ["/app/http-go"],
    cmd: [],
    binaries: [...debianTools, "/app/http-go"],
    shell: "dash",
  },
  // The same image under its old and its current registry.
  { ...echoserver, repository: "k8s.gcr.io/echoserver" },
  { ...echoserver, repository: "registry.k8s.io/echoserver" },
  {
    repository: "docker.io/kiamol/ch03-numbers-api",
    tags: ["latest"],
    sizeBytes: 45_000_000,
    entrypoint: ["dotnet", "Numbers.Api.dll"],
    cmd: [],
    binaries: [...alpineTools, "dotnet"],
    shell: "ash",
  },
  {
    repository: "docker.io/kiamol/ch03-numbers-web",
    tags: ["latest", "v2"],
    sizeBytes: 47_000_000,
    entrypoint: ["dotnet", "Numbers.Web.dll"],
    cmd: [],
    binaries: [...alpineTools, "dotnet"],
    shell: "ash",
  },
  {
    repository: "docker.io/kiamol/ch03-sleep",
    tags: ["latest"],
    sizeBytes: 5_900_000,
    entrypoint: [],
    cmd: ["sleep", "infinity"],
    binaries: [...alpineTools, "curl", "jq"],
    shell: "ash",
  },
  // kind's system images, preloaded on every node.
  {
    repository: "registry.k8s.io/coredns/coredns",
    tags: ["v1.12.1"],
    sizeBytes: 20_950_000,
    entrypoint: ["/coredns"],
    cmd: [],
    binaries: ["/coredns"],
    preloaded: true,
  },
  {
    repository: "registry.k8s.io/kube-proxy",
    tags: ["v1.34.0"],
    sizeBytes: 30_300_000,
    entrypoint: [],
    cmd: ["kube-proxy"],
    binaries: ["kube-proxy", "sh"],
    preloaded: true,
  },
  {
    repository: "docker.io/kindest/kindnetd",
    tags: ["v20250512-df8de77b"],
    sizeBytes: 44_400_000,
    entrypoint: [],
    cmd: ["/bin/kindnetd"],
    binaries: ["/bin/kindnetd"],
    preloaded: true,
  },
  {
    repository: "docker.io/kindest/local-path-provisioner",
    tags: ["v20250214-acbabc1a"],
    sizeBytes: 22_500_000,
    entrypoint: [],
    cmd: ["local-path-provisioner"],
    binaries: ["local-path-provisioner"],
    preloaded: true,
  },
  {
    repository: "registry.k8s.io/etcd",
    tags: ["3.6.4-0"],
    sizeBytes: 58_900_000,
    entrypoint: [],
    cmd: ["etcd"],
    binaries: ["etcd"],
    preloaded: true,
  },
  {
    repository: "registry.k8s.io/kube-apiserver",
    tags: ["v1.34.0"],
    sizeBytes: 27_000_000,
    entrypoint: [],
    cmd: ["kube-apiserver"],
    binaries: ["kube-apiserver"],
    preloaded: true,
  },
  {
    repository: "registry.k8s.io/kube-controller-manager",
    tags: ["v1.34.0"],
    sizeBytes: 25_000_000,
    entrypoint: [],
    cmd: ["kube-controller-manager"],
    binaries: ["kube-controller-manager"],
    preloaded: true,
  },
  {
    repository: "registry.k8s.io/kube-scheduler",
    tags: ["v1.34.0"],
    sizeBytes: 19_000_000,
    entrypoint: [],
    cmd: ["kube-scheduler"],
    binaries: ["kube-scheduler"],
    preloaded: true,
  },
];

const byRepository = new Map(images.map((i) => [i.repository, i]));

export type ImageLookup =
  | { readonly ok: true; readonly image: ImageDefinition; readonly digest: string }
  | { readonly ok: false; readonly reason: "not-found" | "tag-not-found" };

export function lookupImage(ref: ImageReference): ImageLookup {
  const image = byRepository.get(ref.repository);
  if (!image) return { ok: false, reason: "not-found" };
  if (!ref.digest && !image.tags.includes(ref.tag) && !image.tags.includes("*"))
    return { ok: false, reason: "tag-not-found" };
  return { ok: true, image, digest: ref.digest ?? imageDigest(ref) };
}

/** A stable made-up digest per repository and tag. */
export function imageDigest(ref: ImageReference): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++)
    hex += fnv1a32(`${ref.repository}:${ref.tag}#${i}`).toString(16).padStart(8, "0");
  return `sha256:${hex.slice(0, 64)}`;
}
