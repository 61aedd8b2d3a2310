/**
 * `kubectl create deployment NAME --image=… [--replicas] [--port] [-- COMMAND…]`
 * (k8s.io/kubectl pkg/cmd/create/create_deployment.go). Written from kubectl v1.34's
 * behaviour; no upstream code is copied.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Container } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { fnv1a32 } from "../../core/hash.ts";
import { fail, type Generated, ok } from "./result.ts";

export interface DeploymentOptions {
  readonly name: string;
  /** `--image`, repeatable and comma-separated (a string slice): one container each. */
  readonly images: readonly string[];
  /** `-r/--replicas`; kubectl's default is 1. */
  readonly replicas?: number;
  /** `--port`: containerPort of the first container. kubectl's default -1 means none; 0 is kept. */
  readonly port?: number;
  /** The arguments after `--`: every container's `command`. */
  readonly command?: readonly string[];
  /** Set only when kubectl would: `-n` or a context namespace (EnforceNamespace). */
  readonly namespace?: string;
  /**
   * Five characters from `bcdfghjklmnpqrstvwxz2456789` (apimachinery rand.String(5)), for
   * container names that needed `_`/`.` replaced. Pass the cluster's seeded stream; the
   * default is a hash of the name, so the output stays deterministic.
   */
  readonly randomSuffix?: (name: string) => string;
}

const alphanums = "bcdfghjklmnpqrstvwxz2456789";

function hashSuffix(name: string): string {
  let h = fnv1a32(name);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += alphanums[h % alphanums.length];
    h = Math.floor(h / alphanums.length);
  }
  return out;
}

/**
 * The container name kubectl derives from an image: the last `/` segment, cut at the first
 * `:` (tag) and then at `@` (digest); `_` and `.` become `-` and a random 5-character suffix
 * is added (`my_app.v2` → `my-app-v2-x7k2p`).
 */
export function containerNameFromImage(image: string, randomSuffix: (name: string) => string = hashSuffix): string {
  let name = image.split("/").at(-1) ?? "";
  name = name.split(":")[0] ?? "";
  name = name.split("@")[0] ?? "";
  if (/[_.]/.test(name)) {
    name = name.replaceAll("_", "-").replaceAll(".", "-");
    name = `${name}-${randomSuffix(name)}`;
  }
  return name;
}

/**
 * The Deployment, labelled and selected `app=NAME`. The one failure (plain `error: `) is
 * `cannot specify multiple --image options and command`. `exactly one NAME is required,
 * got N` and `required flag(s) "image" not set` come before, from the command and the
 * flag parser.
 */
export function generateDeployment(o: DeploymentOptions): Generated<Mutable<Deployment>> {
  const command = o.command ?? [];
  if (o.images.length > 1 && command.length > 0) return fail("cannot specify multiple --image options and command");
  const containers: Mutable<Container>[] = o.images.map((image) => {
    const c: Mutable<Container> = { name: containerNameFromImage(image, o.randomSuffix), image, resources: {} };
    if (command.length > 0) c.command = [...command];
    return c;
  });
  const port = o.port ?? -1;
  if (port >= 0 && containers[0]) containers[0].ports = [{ containerPort: port }];
  const labels = () => ({ app: o.name });
  const metadata: Mutable<NonNullable<Deployment["metadata"]>> = { name: o.name, labels: labels() };
  if (o.namespace) metadata.namespace = o.namespace;
  return ok({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata,
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: labels() },
      strategy: {},
      template: { metadata: { labels: labels() }, spec: { containers } },
    },
    status: {},
  });
}
