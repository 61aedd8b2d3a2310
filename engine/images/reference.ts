/**
 * Image references as containerd resolves them: `nginx` → `docker.io/library/nginx:latest`,
 * `kiamol/ch03-sleep` → `docker.io/kiamol/ch03-sleep:latest`, `registry.k8s.io/x:1.0` as is.
 * (github.com/distribution/reference ParseNormalizedNamed.)
 */
export interface ImageReference {
  /** `docker.io/library/nginx:latest`, what kubectl describe shows as Image after the pull. */
  readonly full: string;
  /** `docker.io/library/nginx`. */
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string;
}

const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;

const parsed = new Map<string, ImageReference | undefined>();
const parsedMax = 10_000;

/** Parse (memoised: every pod of a Deployment names the same image). */
export function parseImageReference(text: string): ImageReference | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const ref = parseUncached(text);
  if (parsed.size >= parsedMax) parsed.clear();
  parsed.set(text, ref);
  return ref;
}

function parseUncached(text: string): ImageReference | undefined {
  if (!text || text !== text.trim() || /[A-Z\s]/.test(text.split("@")[0]!.split(":")[0]!)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  }
  let tag = "latest";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) return undefined;
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    parts.shift();
  }
  if (domain === "docker.io" && parts.length === 1) parts.unshift("library");
  if (parts.length === 0 || !parts.every((p) => componentPattern.test(p))) return undefined;
  const repository = `${domain}/${parts.join("/")}`;
  return {
    full: digest && colon <= lastSlash ? `${repository}@${digest}` : `${repository}:${tag}`,
    repository,
    tag,
    ...(digest ? { digest } : {}),
  };
}
