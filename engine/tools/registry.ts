/**
 * Client tools by command name and flavour, and which one an image runs. The image row
 * names its flavour per command (busybox:1.28's nslookup is the libc one); a node and the
 * workstation have the Debian/bind/curl flavours.
 */
import type { ImageDefinition } from "../images/image.ts";
import { agnhostConnect } from "./agnhost-connect.ts";
import { curl } from "./curl.ts";
import { dig } from "./dig.ts";
import { busyboxNc, openbsdNc, openbsdNcMusl } from "./nc.ts";
import { nslookupFlavours } from "./nslookup.ts";
import { busyboxPing, iputilsPing, iputilsPingMusl } from "./ping.ts";
import type { Tool, ToolFlavour } from "./types.ts";
import { wget } from "./wget.ts";

/** `agnhost` has one client subcommand, `connect`; the others are servers (images/). */
const agnhost: Tool = (argv, io) => {
  const sub = argv[1];
  if (sub === "connect") return agnhostConnect(argv, io);
  // cobra's Execute for an unknown subcommand; agnhost's main ignores the error (exit 0).
  return {
    stdout: "",
    stderr: `Error: unknown command "${sub ?? ""}" for "app"\nRun 'app --help' for usage.\n`,
    exitCode: 0,
  };
};

/** A flavour name, or "agnhost" for the one-flavour agnhost binary (it is not a ToolFlavour). */
type RegistryFlavour = ToolFlavour | "agnhost";

export const toolTable: Readonly<Record<string, Partial<Record<RegistryFlavour, Tool>>>> = {
  nslookup: nslookupFlavours,
  dig: { bind: dig },
  curl: { curl },
  wget: { busybox: wget },
  ping: { busybox: busyboxPing, iputils: iputilsPing },
  nc: { busybox: busyboxNc, openbsd: openbsdNc },
  agnhost: { agnhost },
};

/**
 * The Alpine (musl) builds of iputils ping and netcat-openbsd, as nicolaka/netshoot ships
 * them: the same tools, with musl's getaddrinfo texts ("Name does not resolve"). Not in
 * `toolTable` until ToolFlavour has a name for them.
 */
export const muslVariants: Readonly<Record<"ping" | "nc", Tool>> = { ping: iputilsPingMusl, nc: openbsdNcMusl };

/** What a node or the workstation uses when no image says otherwise. */
const hostFlavours: Readonly<Record<string, RegistryFlavour>> = {
  nslookup: "bind",
  dig: "bind",
  curl: "curl",
  wget: "busybox",
  ping: "iputils",
  nc: "openbsd",
};

/**
 * The tool `name` as `image` ships it; undefined when the image lacks the binary. Without
 * an image (a node, the workstation) every tool is there in its host flavour.
 */
export function toolFor(
  name: string,
  image: { readonly definition: ImageDefinition | undefined; readonly tag: string } | undefined,
): Tool | undefined {
  const base = name.split("/").pop() ?? name;
  const flavours = toolTable[base];
  if (!flavours) return undefined;
  if (!image) {
    // agnhost is an image, never a host binary.
    const hostFlavour = hostFlavours[base];
    return hostFlavour ? flavours[hostFlavour] : base === "agnhost" ? undefined : Object.values(flavours)[0];
  }
  const def = image.definition;
  if (!def || !(def.binaries.includes(base) || def.binaries.includes(name))) return undefined;
  const flavour = def.flavours[base];
  return (flavour ? flavours[flavour] : undefined) ?? Object.values(flavours)[0];
}
