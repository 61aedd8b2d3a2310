/**
 * The image tag as the API server's defaulting reads it (k8s.io/kubernetes
 * pkg/util/parsers `ParseImageName` over github.com/distribution/reference
 * `ParseNormalizedNamed`): the explicit tag; `latest` when the reference has neither tag
 * nor digest; "" when it has only a digest or cannot be parsed at all.
 * Written from the reference grammar; no upstream code is copied.
 */

const pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const referenceRegexp = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const identifierRegexp = /^[a-f0-9]{64}$/;
/** Limit on the repository path (the name without its registry host). */
const pathLengthMax = 255;
/** go-digest accepts only registered algorithms, each with its exact lower-case hex length. */
const digestHexLength: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** `docker.io` when the first path element does not look like a registry host. */
function splitDockerDomain(ref: string): [string, string] {
  const slash = ref.indexOf("/");
  let host = "docker.io";
  let rest = ref;
  if (slash !== -1) {
    const first = ref.slice(0, slash);
    if (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first) {
      host = first;
      rest = ref.slice(slash + 1);
    }
  }
  if (host === "index.docker.io") host = "docker.io";
  if (host === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  return [host, rest];
}

/** The tag `imagePullPolicy` defaulting looks at; see the file comment. */
export function imageTag(image: string): string {
  if (identifierRegexp.test(image)) return "";
  const [host, rest] = splitDockerDomain(image);
  const colon = rest.indexOf(":");
  const remoteName = colon === -1 ? rest : rest.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) return "";
  const m = referenceRegexp.exec(`${host}/${rest}`);
  if (!m || m[1]!.length - host.length - 1 > pathLengthMax) return "";
  const explicitTag = m[2] ?? "";
  const digestText = m[3];
  if (digestText !== undefined) {
    const [algorithm, hex] = digestText.split(":") as [string, string];
    const length = Object.hasOwn(digestHexLength, algorithm) ? digestHexLength[algorithm] : undefined;
    if (length === undefined || hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return "";
  }
  if (explicitTag === "" && digestText === undefined) return "latest";
  return explicitTag;
}

/** `Always` for `:latest` and untagged images, `IfNotPresent` otherwise (SetDefaults_Container). */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  return imageTag(image ?? "") === "latest" ? "Always" : "IfNotPresent";
}
