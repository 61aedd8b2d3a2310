/**
 * The simulated registry: every image a lesson may pull, collected from the modules in
 * `servers/` (one per image or family, each exporting its rows and its programs). An
 * unknown repository or tag fails to pull, as on a real cluster. `lookupImage` hands out
 * the row as it is for the requested tag (see `ImageDefinition.forTag`).
 *
 * Sizes are the compressed sizes containerd reports for linux/amd64, rounded; digests are
 * stable placeholders, not the registry's real ones.
 */
import { assert } from "../core/assert.ts";
import { fnv1a32 } from "../core/hash.ts";
import type { ImageDefinition } from "./image.ts";
import { resolveTag } from "./image.ts";
import type { Program } from "./process.ts";
import { serverPrograms } from "./process.ts";
import type { ImageReference } from "./reference.ts";
import * as agnhost from "./servers/agnhost.ts";
import * as base from "./servers/base.ts";
import * as echoserver from "./servers/echoserver.ts";
import * as httpEcho from "./servers/http-echo.ts";
import * as httpGo from "./servers/http-go.ts";
import * as httpd from "./servers/httpd.ts";
import * as kiamol from "./servers/kiamol.ts";
import * as nginx from "./servers/nginx.ts";
import * as system from "./servers/system.ts";
import * as whoami from "./servers/whoami.ts";

export type { Flavours, ImageConfig, ImageDefinition, ToolFlavourName } from "./image.ts";

interface ImageModule {
  readonly images: readonly ImageDefinition[];
  readonly programs: Readonly<Record<string, Program>>;
}

/** Adding an image: a module in servers/ and one line here. */
const modules: readonly ImageModule[] = [
  nginx,
  httpd,
  base,
  agnhost,
  whoami,
  httpEcho,
  httpGo,
  echoserver,
  kiamol,
  system,
];

export const images: readonly ImageDefinition[] = modules.flatMap((m) => m.images);

for (const m of modules)
  for (const [name, program] of Object.entries(m.programs)) {
    assert(!(name in serverPrograms), `two image modules define the program ${name}; give one of them another name`);
    serverPrograms[name] = program;
  }

const byRepository = new Map(images.map((i) => [i.repository, i]));

export type ImageLookup =
  | { readonly ok: true; readonly image: ImageDefinition; readonly digest: string }
  | { readonly ok: false; readonly reason: "not-found" | "tag-not-found" };

const resolved = new Map<string, ImageDefinition>();
const resolvedMax = 1_000;

/** The image a reference names, as it is for that tag (memoised per repository and tag). */
export function lookupImage(ref: ImageReference): ImageLookup {
  const image = byRepository.get(ref.repository);
  if (!image) return { ok: false, reason: "not-found" };
  if (!ref.digest && !image.tags.includes(ref.tag) && !image.tags.includes("*"))
    return { ok: false, reason: "tag-not-found" };
  const key = `${ref.repository}:${ref.tag}`;
  let forTag = resolved.get(key);
  if (!forTag) {
    forTag = resolveTag(image, ref.tag);
    if (resolved.size >= resolvedMax) resolved.clear();
    resolved.set(key, forTag);
  }
  return { ok: true, image: forTag, digest: ref.digest ?? imageDigest(ref) };
}

/** A stable made-up digest per repository and tag. */
export function imageDigest(ref: ImageReference): string {
  let hex = "";
  for (let i = 0; hex.length < 64; i++)
    hex += fnv1a32(`${ref.repository}:${ref.tag}#${i}`).toString(16).padStart(8, "0");
  return `sha256:${hex.slice(0, 64)}`;
}
