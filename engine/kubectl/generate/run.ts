/**
 * `kubectl run NAME --image=IMAGE …`: the Pod it creates (generator `run-pod/v1`,
 * k8s.io/kubectl pkg/generate/versioned/run.go `BasicPod`) and, with `--expose`, the Service
 * (generator `service/v2`), after the checks pkg/cmd/run/run.go makes first, in its order.
 * Written from kubectl v1.34's behaviour; no upstream code is copied.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { goQuote } from "../../api/status.ts";
import { buildExposedService } from "./expose-service.ts";
import { parseLabelSpec } from "./labels.ts";
import { fail, type Generated, ok, type StringMap, usageFail } from "./result.ts";
import { atoi, toInt32 } from "./strconv.ts";

export interface RunOptions {
  /** The first argument; `undefined` when none was given (or `--` came first). */
  readonly name: string | undefined;
  /** `--image`. The flag parser reports a missing flag (`required flag(s) "image" not set`); `""` is checked here. */
  readonly image: string;
  /** `--port`, as typed. */
  readonly port?: string;
  /** `-l/--labels`, as typed (`app=web,tier=front`); empty means `run=NAME`. */
  readonly labels?: string;
  /** `--annotations`, each `KEY=VALUE`. */
  readonly annotations?: readonly string[];
  /** `--env`, each `KEY=VALUE`. */
  readonly env?: readonly string[];
  /** `--restart`; the flag's default is `Always`. `""` also means Always. */
  readonly restart?: string;
  /** `--command`: the arguments after NAME become `command` instead of `args`. */
  readonly command?: boolean;
  /** Arguments after NAME (after `--`). */
  readonly args?: readonly string[];
  /** `--image-pull-policy`. */
  readonly imagePullPolicy?: string;
  /** `--expose`. */
  readonly expose?: boolean;
  /** `-i/--stdin`. */
  readonly stdin?: boolean;
  /** `-t/--tty`. */
  readonly tty?: boolean;
  /** `--attach`, when given; otherwise kubectl attaches exactly when `-i` is set. */
  readonly attach?: boolean;
  /** `--leave-stdin-open`. */
  readonly leaveStdinOpen?: boolean;
  /** `--rm`. */
  readonly rm?: boolean;
  /** `--privileged`. */
  readonly privileged?: boolean;
  /** `--dry-run`: "none" (the default), "client" or "server". */
  readonly dryRun?: "none" | "client" | "server";
  /**
   * Set on the objects only when kubectl would put it there itself: with `--dry-run=client`
   * when the namespace came from `-n` or the kubeconfig context (EnforceNamespace).
   */
  readonly namespace?: string;
}

/** distribution/reference v0.6 `ReferenceRegexp` (name, optional `:tag`, optional `@digest`). */
const referenceRegexp = (() => {
  const alphanumeric = "[a-z0-9]+";
  const separator = "(?:[._]|__|[-]+)";
  const domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
  const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
  const domainAndPort = `${host}(?::[0-9]+)?`;
  const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
  const remoteName = `${pathComponent}(?:/${pathComponent})*`;
  const name = `(?:${domainAndPort}/)?${remoteName}`;
  const tag = "[\\w][\\w.-]{0,127}";
  const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
})();

/** Whether `kubectl run` accepts the image text (it checks before talking to the server). */
export function isValidImageReference(image: string): boolean {
  return referenceRegexp.test(image);
}

const restartPolicies: readonly string[] = ["Always", "OnFailure", "Never"];
const pullPolicies: readonly string[] = ["Always", "IfNotPresent", "Never", ""];

/** apimachinery IsEnvVarName: `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not `.`, `..` or `..`-prefixed. */
function isEnvVarName(name: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name) && name !== "." && !name.startsWith("..");
}

/** parseEnvs: the first `=` splits; an empty or invalid name is `invalid env: <item>`. */
function parseEnvs(
  items: readonly string[],
): { ok: true; env: { name: string; value?: string }[] } | { ok: false; message: string } {
  const env: { name: string; value?: string }[] = [];
  for (const item of items) {
    const at = item.indexOf("=");
    const name = at < 0 ? "" : item.slice(0, at);
    if (at < 0 || !isEnvVarName(name)) return { ok: false, message: `invalid env: ${item}` };
    const value = item.slice(at + 1);
    // EnvVar.value is omitempty: `--env=K=` prints only the name.
    env.push(value === "" ? { name } : { name, value });
  }
  return { ok: true, env };
}

/** cmdutil.ParsePairs without removal: every item needs a `=` that is not its first character. */
function parsePairs(
  items: readonly string[],
  kind: string,
): { ok: true; pairs: StringMap } | { ok: false; message: string } {
  const pairs: StringMap = {};
  const invalid: string[] = [];
  for (const item of items) {
    const at = item.indexOf("=");
    if (at > 0) pairs[item.slice(0, at)] = item.slice(at + 1);
    else invalid.push(item);
  }
  if (invalid.length > 0) return { ok: false, message: `invalid ${kind} format: ${invalid.join(", ")}` };
  return { ok: true, pairs };
}

/**
 * The checks RunOptions.Run makes before generating anything, in upstream order. Those
 * not about the pod's content (the pod-running timeout, `--overrides`) are the command's.
 */
function checkRun(o: RunOptions): Generated<never> | undefined {
  if (o.name === undefined) return usageFail("NAME is required for run");
  if (o.image === "") return fail("--image is required");
  if (!isValidImageReference(o.image)) return fail(`Invalid image name ${goQuote(o.image)}: invalid reference format`);
  if (o.tty && !o.stdin) return usageFail("-i/--stdin is required for containers with -t/--tty=true");
  if (o.expose && !o.port) return usageFail("--port must be set when exposing a service");
  const restart = o.restart ?? "Always";
  if (restart !== "" && !restartPolicies.includes(restart)) return usageFail(`invalid restart policy: ${restart}`);
  const attach = o.attach ?? o.stdin ?? false;
  if (!attach && o.rm) return usageFail("--rm should only be used for attached containers");
  if (attach && (o.dryRun ?? "none") !== "none") {
    return usageFail(
      "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
    );
  }
  if (!pullPolicies.includes(o.imagePullPolicy ?? ""))
    return usageFail(`invalid image pull policy: ${o.imagePullPolicy}`);
  return undefined;
}

/**
 * The Pod `kubectl run` creates. Failures carry kubectl's text without `error: `;
 * `usage: true` ones are UsageErrorf (followed by `See 'kubectl run -h' …`):
 * `NAME is required for run`, `-i/--stdin is required for containers with -t/--tty=true`,
 * `--port must be set when exposing a service`, `invalid restart policy: X`,
 * `--rm should only be used for attached containers`, the `--dry-run` with attach one and
 * `invalid image pull policy: X`. Plain ones: `--image is required`,
 * `Invalid image name "X": invalid reference format`, `Parameter: name is required` (an
 * empty NAME), `invalid env: X`,
 * `invalid annotations format: X`, `unexpected label spec: X`, `unexpected empty label key`,
 * `strconv.Atoi: parsing "X": invalid syntax` (a bad `--port`).
 */
export function generateRunPod(o: RunOptions): Generated<Mutable<Pod>> {
  const checked = checkRun(o);
  if (checked) return checked;
  const name = o.name ?? "";
  // generate.ValidateParams: `kubectl run "" --image=nginx`.
  if (name === "") return fail("Parameter: name is required");

  const env = parseEnvs(o.env ?? []);
  if (!env.ok) return fail(env.message);
  const annotations = parsePairs(o.annotations ?? [], "annotations");
  if (!annotations.ok) return fail(annotations.message);
  let labels: StringMap = { run: name };
  if (o.labels) {
    const parsed = parseLabelSpec(o.labels);
    if (!parsed.ok) return fail(parsed.message);
    labels = parsed.labels;
  }
  let containerPort: number | undefined;
  if (o.port) {
    const port = atoi(o.port);
    if (!port.ok) return fail(port.message);
    containerPort = toInt32(port.value);
  }

  const container: Mutable<NonNullable<Pod["spec"]>["containers"][number]> = {
    name,
    image: o.image,
    resources: {},
  };
  const args = o.args ?? [];
  if (args.length > 0) {
    if (o.command) container.command = [...args];
    else container.args = [...args];
  }
  if (env.env.length > 0) container.env = env.env;
  if (o.imagePullPolicy) container.imagePullPolicy = o.imagePullPolicy;
  if (containerPort !== undefined) container.ports = [{ containerPort }];
  if (o.stdin) {
    container.stdin = true;
    if (!o.leaveStdinOpen) container.stdinOnce = true;
  }
  if (o.tty) container.tty = true;
  if (o.privileged) container.securityContext = { privileged: true };

  const metadata: Mutable<NonNullable<Pod["metadata"]>> = { name, labels };
  if (Object.keys(annotations.pairs).length > 0) metadata.annotations = annotations.pairs;
  if (o.namespace) metadata.namespace = o.namespace;
  return ok({
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: {
      containers: [container],
      dnsPolicy: "ClusterFirst",
      restartPolicy: o.restart || "Always",
    },
    status: {},
  });
}

/**
 * The Service `kubectl run --expose` creates after the Pod: named NAME, selecting the
 * `--labels` (else `run=NAME`), labelled with `--labels` only, one unnamed TCP port
 * `--port` → `--port`. Call it after {@link generateRunPod} succeeded; it repeats the
 * `--port must be set when exposing a service` check so it can stand alone.
 */
export function generateRunService(o: RunOptions): Generated<Mutable<Service>> {
  const checked = checkRun({ ...o, expose: true });
  if (checked) return checked;
  const name = o.name ?? "";
  // run hands its own flags to the `service/v2` generator, which builds what expose's
  // createService builds for the same inputs (no protocols, no target port).
  return buildExposedService({
    name,
    selector: o.labels || `run=${name}`,
    labels: o.labels ?? "",
    port: o.port ?? "",
    namespace: o.namespace,
  });
}
