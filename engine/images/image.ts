/**
 * What an image is, as the registry row describes it: its repository and tags, and for a
 * given tag its entrypoint and command, binaries, environment (the Dockerfile's ENV), the
 * files it ships, the user and working directory it runs with, and which flavour of each
 * client tool it has. Rows live in `servers/*.ts`, one module per image or family;
 * `catalog.ts` collects them.
 *
 * What changes between tags (older releases, alpine variants) is a function of the tag,
 * `forTag`, so `busybox:1.28` can ship the libc nslookup while `busybox:1.36` ships the
 * "big" one; `lookupImage` applies it and hands out the tag's resolved row.
 */

/**
 * Client tool flavours, the same strings as `ToolFlavour` in engine/tools/types.ts (images
 * may not import tools): busybox ≥ 1.29 applets, busybox ≤ 1.28's libc nslookup, bind's
 * nslookup/dig/host, curl 8.x, Debian's iputils ping, netcat-openbsd.
 */
export type ToolFlavourName = "busybox" | "busybox-libc" | "bind" | "curl" | "iputils" | "openbsd";

/** Which flavour of each client tool the image ships (`nslookup`, `wget`, `ping`, `nc`, `curl`, `dig` …). */
export type Flavours = Readonly<Partial<Record<string, ToolFlavourName>>>;

export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly binaries: readonly string[];
  readonly shell?: "ash" | "bash" | "dash";
  /** The image's ENV, in Dockerfile order (what `docker inspect` lists under Config.Env). */
  readonly env: Readonly<Record<string, string>>;
  /** Files a lesson may read or a server serves, by absolute path. */
  readonly files: Readonly<Record<string, string>>;
  /** USER, when the image sets one (root otherwise). */
  readonly user?: string;
  /** WORKDIR, when the image sets one (`/` otherwise). */
  readonly workdir?: string;
  readonly flavours: Flavours;
}

export interface ImageDefinition extends ImageConfig {
  readonly repository: string;
  /** Tags the registry has; "*" accepts any tag. */
  readonly tags: readonly string[];
  readonly sizeBytes: number;
  /** Preloaded on kind nodes (system images): no pull needed. */
  readonly preloaded?: boolean;
  /** What differs for one tag; `lookupImage` lays it over the row (an `env` or `flavours` replaces the row's; files merge by key). */
  readonly forTag?: (tag: string) => Partial<ImageConfig> | undefined;
}

/** The row as it is for one tag: `forTag` applied (env and flavours replaced, files merged by key). */
export function resolveTag(image: ImageDefinition, tag: string): ImageDefinition {
  const over = image.forTag?.(tag);
  if (!over) return image;
  const { forTag: _, ...base } = image;
  return {
    ...base,
    ...over,
    env: over.env ?? image.env,
    files: over.files ? { ...image.files, ...over.files } : image.files,
    flavours: over.flavours ?? image.flavours,
  };
}

/** The PATH every Linux base image (and BuildKit, for FROM scratch) sets. */
export const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Compare dotted versions: `versionAtMost("1.28.4", "1.28")` is true. Non-numeric parts count as 0. */
export function versionAtMost(version: string, limit: string): boolean {
  const a = version.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const b = limit.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i]!;
    if (x !== y) return x < y;
  }
  return true;
}

/**
 * `/etc/os-release` of Debian 9–13 (`/usr/lib/os-release` in the base images; trixie adds
 * DEBIAN_VERSION_FULL). Format as the debian:*-slim images ship it.
 */
export function debianOsRelease(suite: "stretch" | "buster" | "bullseye" | "bookworm" | "trixie"): string {
  const number = { stretch: "9", buster: "10", bullseye: "11", bookworm: "12", trixie: "13" }[suite];
  return [
    `PRETTY_NAME="Debian GNU/Linux ${number} (${suite})"`,
    'NAME="Debian GNU/Linux"',
    `VERSION_ID="${number}"`,
    `VERSION="${number} (${suite})"`,
    `VERSION_CODENAME=${suite}`,
    ...(suite === "trixie" ? ["DEBIAN_VERSION_FULL=13.0"] : []),
    "ID=debian",
    'HOME_URL="https://www.debian.org/"',
    'SUPPORT_URL="https://www.debian.org/support"',
    'BUG_REPORT_URL="https://bugs.debian.org/"',
    "",
  ].join("\n");
}

/** `/etc/os-release` of Alpine (the bug tracker moved to GitLab in 3.17). */
export function alpineOsRelease(version: string): string {
  const minor = version.split(".").slice(0, 2).join(".");
  const gitlab = !versionAtMost(minor, "3.16");
  return [
    'NAME="Alpine Linux"',
    "ID=alpine",
    `VERSION_ID=${version}`,
    `PRETTY_NAME="Alpine Linux v${minor}"`,
    'HOME_URL="https://alpinelinux.org/"',
    gitlab
      ? 'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"'
      : 'BUG_REPORT_URL="https://bugs.alpinelinux.org/"',
    "",
  ].join("\n");
}

/** Text and file tools both busybox and Debian's coreutils/findutils ship. */
const sharedTextTools: readonly string[] = [
  "head",
  "sort",
  "uniq",
  "wc",
  "cut",
  "tr",
  "tee",
  "xargs",
  "seq",
  "expr",
  "basename",
  "dirname",
  "printf",
  "test",
  "[",
  "which",
  "find",
  "du",
  "timeout",
  "base64",
  "md5sum",
  "sha256sum",
  "od",
  "tac",
  "stat",
  "mv",
  "cp",
  "ln",
  "chmod",
  "pwd",
  "readlink",
  "rmdir",
  "diff",
  "nl",
];

/** The busybox applets lessons use. */
export const busyboxApplets: readonly string[] = [
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
  // Text and file applets every busybox build has (the shell's pipes need them).
  ...sharedTextTools,
];

export const alpineTools: readonly string[] = [...busyboxApplets, "apk"];

export const debianTools: readonly string[] = [
  ...sharedTextTools,
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

/** busybox ≥ 1.29 (and alpine's busybox): the "big" nslookup, busybox wget, ping and nc. */
export const busyboxFlavours: Flavours = { nslookup: "busybox", wget: "busybox", ping: "busybox", nc: "busybox" };
