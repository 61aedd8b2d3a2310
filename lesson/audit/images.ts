/**
 * What common lesson images listen on and which client tools they lack. `#engine` exports no
 * image catalogue (its front door has no `lookupImage`), so this is a small table of its own,
 * kept in step with engine/images/servers by hand: nginx 80, httpd 80, gasbugs/http-go 8080,
 * echoserver 8080, agnhost netexec 8080 / serve-hostname 9376, http-echo 5678, whoami 80, plus
 * the databases and course images Korean lessons use (§3 of the research report).
 */

/** `docker.io/library/nginx:1.25` → `nginx`; `registry.k8s.io/echoserver:1.4` → `registry.k8s.io/echoserver`. */
export function imageRepository(image: string): string {
  let repo = image.trim().toLowerCase();
  const at = repo.indexOf("@");
  if (at >= 0) repo = repo.slice(0, at);
  const slash = repo.lastIndexOf("/");
  const colon = repo.lastIndexOf(":");
  if (colon > slash) repo = repo.slice(0, colon);
  repo = repo.replace(/^(docker\.io|index\.docker\.io)\//, "").replace(/^library\//, "");
  return repo;
}

const fixedPorts: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ["nginx", [80]],
  ["httpd", [80]],
  ["gasbugs/http-go", [8080]],
  ["sigirace/http-go", [8080]],
  ["k8s.gcr.io/echoserver", [8080]],
  ["registry.k8s.io/echoserver", [8080]],
  ["gcr.io/google_containers/echoserver", [8080]],
  ["registry.k8s.io/serve_hostname", [9376]],
  ["k8s.gcr.io/serve_hostname", [9376]],
  ["containous/whoami", [80]],
  ["jenkins/jenkins", [8080, 50000]],
  ["jenkins", [8080, 50000]],
  ["tomcat", [8080]],
  ["mysql", [3306]],
  ["mariadb", [3306]],
  ["postgres", [5432]],
  ["mongo", [27017]],
  ["redis", [6379]],
  ["memcached", [11211]],
  ["kubetm/app", [8080]],
  ["tmkube/app", [8080]],
  ["luksa/kubia", [8080]],
  ["sysnet4admin/echo-hname", [80]],
  ["sysnet4admin/echo-ip", [80]],
  ["amsy810/echo-nginx", [80]],
  ["gcr.io/google-samples/node-hello", [8080]],
  ["gcr.io/google-samples/hello-app", [8080]],
  ["gcr.io/google-samples/hello-go-gke", [80]],
  ["ghcr.io/subicura/echo", [3000]],
  ["ghcr.io/subicura/counter", [3000]],
  ["kiamol/ch03-numbers-api", [80]],
  ["kiamol/ch03-numbers-web", [80]],
  ["ethos93/go-httpd", [80]],
]);

function goFlag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.replace(/^--?/, "-");
    if (a === `-${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
  }
  return undefined;
}

function portOf(value: string | undefined, fallback: number): number {
  const n = Number(value?.slice(value.lastIndexOf(":") + 1));
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The TCP ports a container of `image` run with `argv` (command + args) listens on, or undefined
 * when the image is not in the table (or its subcommand is not one we know).
 */
export function listeningPorts(
  image: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
): readonly number[] | undefined {
  const repo = imageRepository(image);
  if (repo.endsWith("e2e-test-images/agnhost")) {
    const sub = argv.find((a) => !a.startsWith("-") && !a.includes("/"));
    if (sub === "netexec") return [portOf(goFlag(argv, "http-port"), 8080)];
    if (sub === "serve-hostname") return [portOf(goFlag(argv, "port"), 9376)];
    return undefined;
  }
  if (repo === "hashicorp/http-echo") return [portOf(goFlag(argv, "listen"), 5678)];
  if (repo === "traefik/whoami") return [portOf(goFlag(argv, "port") ?? env.WHOAMI_PORT_NUMBER, 80)];
  return fixedPorts.get(repo);
}

/** Plain busybox (not radial/busyboxplus): `sh`, `wget` and `nslookup`, but no `curl`, `bash` or `dig`. */
export function isBusybox(image: string): boolean {
  const repo = imageRepository(image);
  return repo === "busybox" || repo.endsWith("/busybox");
}
