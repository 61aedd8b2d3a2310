/**
 * Client tools by command name and flavour, and which one an image runs. The image row
 * names its flavour per command (busybox:1.28's nslookup is the libc one); a node and the
 * workstation have the Debian/bind/curl flavours.
 */
import type { ImageDefinition } from "../images/image.ts";
import { curl } from "./curl.ts";
import { dig } from "./dig.ts";
import { nslookupFlavours } from "./nslookup.ts";
import type { Tool, ToolFlavour } from "./types.ts";
import { wget } from "./wget.ts";

export const toolTable: Readonly<Record<string, Partial<Record<ToolFlavour, Tool>>>> = {
  nslookup: nslookupFlavours,
  dig: { bind: dig },
  curl: { curl },
  wget: { busybox: wget },
};

/** What a node or the workstation uses when no image says otherwise. */
const hostFlavours: Readonly<Record<string, ToolFlavour>> = {
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
  if (!image) return flavours[hostFlavours[base] ?? "busybox"] ?? Object.values(flavours)[0];
  const def = image.definition;
  if (!def || !(def.binaries.includes(base) || def.binaries.includes(name))) return undefined;
  const flavour = def.flavours[base];
  return (flavour ? flavours[flavour] : undefined) ?? Object.values(flavours)[0];
}
