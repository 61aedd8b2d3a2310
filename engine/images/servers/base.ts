/**
 * Base and client images: shells and client tools, no server. Their programs are the
 * base programs of process.ts (sh, sleep, the client tools); this module adds the rows and
 * curlimages/curl's entrypoint.
 *
 * - busybox (docker-library/busybox): FROM scratch + the busybox tarball, CMD ["sh"]; no
 *   /etc/os-release. Tags up to 1.28 ship the libc nslookup, later ones the "big" one.
 * - alpine: busybox applets plus apk; /etc/os-release per minor version.
 * - debian, ubuntu: coreutils and dash, no network tools.
 * - curlimages/curl (curl/curl-container `create_base_image.sh`, `create_appliance_image.sh`,
 *   `etc/entrypoint.sh`): alpine, `ENV CURL_CA_BUNDLE=/cacert.pem`, USER curl_user, WORKDIR
 *   /home/curl_user, ENTRYPOINT ["/entrypoint.sh"], CMD ["curl"]; the entrypoint prepends
 *   `curl` when the first argument starts with `-` or is not a command.
 * - radial/busyboxplus:curl: a 2014 busybox (libc nslookup) with curl.
 * - nicolaka/netshoot (`Dockerfile`): alpine with bind-tools, iputils, netcat-openbsd, curl,
 *   zsh …; WORKDIR /root, `ENV HOSTNAME netshoot`, CMD ["zsh"] (no TTY: exits at once).
 */
import type { ImageDefinition } from "../image.ts";
import {
  alpineOsRelease,
  alpineTools,
  busyboxApplets,
  busyboxFlavours,
  debianOsRelease,
  debianTools,
  defaultPath,
  versionAtMost,
} from "../image.ts";
import type { Program } from "../process.ts";
import { clientTool, lookupProgram } from "../process.ts";

const pathOnly = { PATH: defaultPath };

/** The alpine release each tag pointed at in September 2025 (3.22.1, 3.21.4 … of 15 July 2025). */
const alpineReleases: Readonly<Record<string, string>> = {
  latest: "3.22.1",
  "3": "3.22.1",
  "3.22": "3.22.1",
  "3.22.1": "3.22.1",
  "3.21": "3.21.4",
  "3.20": "3.20.7",
  "3.19": "3.19.8",
  "3.18": "3.18.12",
  "3.15": "3.15.11",
};

/** busybox tags: the numeric ones decide the nslookup; the named ones are current (1.37). */
const busyboxTags = [
  "latest",
  "stable",
  "musl",
  "glibc",
  "uclibc",
  "1.37",
  "1.37.0",
  "1.36",
  "1.36.1",
  "1.35",
  "1.34",
  "1.33",
  "1.32",
  "1.31",
  "1.30",
  "1.29",
  "1.28",
  "1.28.4",
  "1.27",
];

/** `busybox:1.28` and older: nslookup goes through the libc resolver (FEATURE_NSLOOKUP_BIG came in 1.29). */
export function busyboxNslookup(tag: string): "busybox" | "busybox-libc" {
  const version = /^(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1];
  return version !== undefined && versionAtMost(version, "1.28") ? "busybox-libc" : "busybox";
}

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/library/busybox",
    tags: busyboxTags,
    sizeBytes: 2_160_000,
    entrypoint: [],
    cmd: ["sh"],
    binaries: busyboxApplets,
    shell: "ash",
    env: pathOnly,
    files: {},
    flavours: busyboxFlavours,
    forTag: (tag) =>
      busyboxNslookup(tag) === "busybox-libc"
        ? { flavours: { ...busyboxFlavours, nslookup: "busybox-libc" } }
        : undefined,
  },
  {
    repository: "docker.io/library/alpine",
    tags: Object.keys(alpineReleases),
    sizeBytes: 3_620_000,
    entrypoint: [],
    cmd: ["/bin/sh"],
    binaries: alpineTools,
    shell: "ash",
    env: pathOnly,
    files: { "/etc/os-release": alpineOsRelease("3.22.1") },
    flavours: busyboxFlavours,
    forTag: (tag) => ({ files: { "/etc/os-release": alpineOsRelease(alpineReleases[tag] ?? "3.22.1") } }),
  },
  {
    repository: "docker.io/library/ubuntu",
    tags: ["latest", "24.04", "noble", "22.04", "jammy", "20.04", "focal"],
    sizeBytes: 29_750_000,
    entrypoint: [],
    cmd: ["/bin/bash"],
    binaries: debianTools,
    shell: "dash",
    env: pathOnly,
    files: {},
    flavours: {},
  },
  {
    repository: "docker.io/library/debian",
    tags: ["latest", "trixie", "trixie-slim", "13", "bookworm", "bookworm-slim", "12"],
    sizeBytes: 48_480_000,
    entrypoint: [],
    cmd: ["bash"],
    binaries: debianTools,
    shell: "dash",
    env: pathOnly,
    files: { "/etc/os-release": debianOsRelease("trixie") },
    flavours: {},
    forTag: (tag) =>
      tag.startsWith("bookworm") || tag === "12"
        ? { files: { "/etc/os-release": debianOsRelease("bookworm") } }
        : undefined,
  },
  {
    repository: "docker.io/curlimages/curl",
    tags: ["latest", "8.15.0", "8.11.1", "8.10.1", "8.5.0", "7.85.0"],
    sizeBytes: 11_970_000,
    entrypoint: ["/entrypoint.sh"],
    cmd: ["curl"],
    binaries: [...alpineTools, "curl", "/entrypoint.sh"],
    shell: "ash",
    env: { PATH: defaultPath, CURL_CA_BUNDLE: "/cacert.pem" },
    files: { "/etc/os-release": alpineOsRelease("3.22.1") },
    user: "curl_user",
    workdir: "/home/curl_user",
    flavours: { ...busyboxFlavours, curl: "curl" },
    // The Makefile's `base=` at each release's commit; 7.85.0 predates this repository.
    forTag: (tag) => {
      const base = ({ "8.11.1": "3.21.0", "8.10.1": "3.20.3", "8.5.0": "3.18.5" } as Record<string, string>)[tag];
      return base ? { files: { "/etc/os-release": alpineOsRelease(base) } } : undefined;
    },
  },
  {
    repository: "docker.io/radial/busyboxplus",
    tags: ["curl", "latest"],
    sizeBytes: 4_230_000,
    entrypoint: [],
    cmd: ["/bin/sh"],
    binaries: [...busyboxApplets, "curl"],
    shell: "ash",
    env: pathOnly,
    files: {},
    flavours: { ...busyboxFlavours, nslookup: "busybox-libc", curl: "curl" },
  },
  {
    repository: "docker.io/nicolaka/netshoot",
    tags: ["latest", "v0.14", "v0.13"],
    sizeBytes: 195_000_000,
    entrypoint: [],
    cmd: ["zsh"],
    binaries: [
      ...alpineTools,
      "bash",
      "zsh",
      "curl",
      "dig",
      "host",
      "drill",
      "tcpdump",
      "iperf",
      "iperf3",
      "nmap",
      "jq",
      "socat",
      "ss",
      "iptables",
      "ipvsadm",
      "conntrack",
      "mtr",
      "tshark",
      "openssl",
    ],
    shell: "ash",
    env: { PATH: defaultPath, HOSTNAME: "netshoot" },
    files: {},
    workdir: "/root",
    flavours: {
      nslookup: "bind",
      dig: "bind",
      host: "bind",
      ping: "iputils",
      nc: "openbsd",
      wget: "busybox",
      curl: "curl",
    },
  },
];

/**
 * curl-container `etc/entrypoint.sh`: `if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ];
 * then set -- curl "$@"; fi; exec "$@"`. With `curl` in front, the container is a curl run
 * (the tools layer runs it, see ProcessPlan.tool).
 */
const curlEntrypoint: Program = (argv, ctx) => {
  const first = argv[1];
  const program = first !== undefined && !first.startsWith("-") ? lookupProgram(first, ctx.image) : undefined;
  if (!program) return clientTool(["curl", ...argv.slice(1)]);
  return program(argv.slice(1), ctx);
};

export const programs: Readonly<Record<string, Program>> = { "/entrypoint.sh": curlEntrypoint };
