/**
 * `kubectl wait` (k8s.io/kubectl pkg/cmd/wait): `--for=condition=Ready[=value]`,
 * `--for=jsonpath='{.status.phase}'[=Running]`, `--for=delete` and `--for=create` over the
 * objects the builder finds, spending virtual time through `cluster.waitFor` until each one
 * meets the condition (`pod/web condition met`) or the shared `--timeout` (default 30s)
 * passes (`error: timed out waiting for the condition on pods/web`). If the shell's budget
 * ends first, the command stops as Ctrl-C would stop it.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { allNamespacesFlag, filenameFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import type { FlagSpec } from "../flags.ts";
import { outputFlag } from "../print.ts";
import { relaxedJsonPath } from "../printers/customcolumns.ts";
import { goSprint, type JsonValue } from "../printers/govalues.ts";
import { findJsonPathResults, parseJsonPath } from "../printers/jsonpath.ts";
import { type Info, nameOf, printAggregate, visit } from "./visit.ts";

type Check = (obj: StoredObject) => { ok: true; met: boolean } | { ok: false; message: string };

type Condition =
  | { readonly kind: "delete" }
  | { readonly kind: "create" }
  | { readonly kind: "check"; readonly check: Check };

/** splitJSONPathInput: split on single `=`, keeping `==`. */
function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < input.length; i++) {
    if (input[i] === "=") {
      if (i < input.length - 1 && input[i + 1] === "=") {
        cur += "==";
        i++;
        continue;
      }
      out.push(cur);
      cur = "";
      continue;
    }
    cur += input[i];
  }
  out.push(cur);
  return out;
}

/** conditionFuncFor. */
function conditionFor(condition: string): { ok: true; value: Condition } | { ok: false; message: string } {
  const lower = condition.toLowerCase();
  if (lower === "delete") return { ok: true, value: { kind: "delete" } };
  if (lower === "create") return { ok: true, value: { kind: "create" } };
  if (condition.startsWith("condition=")) {
    let name = condition.slice("condition=".length);
    let value = "true";
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { ok: true, value: { kind: "check", check: conditionCheck(name, value) } };
  }
  if (condition.startsWith("jsonpath=")) {
    const parts = splitJsonPathInput(condition.slice("jsonpath=".length));
    if (parts.length < 1 || parts.length > 2)
      return {
        ok: false,
        message:
          "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
      };
    const relaxed = relaxedJsonPath(parts[0]!);
    if (!relaxed.ok) return relaxed;
    let value = "";
    if (parts.length === 2) {
      value = parts[1]!.replace(/^['"]+|['"]+$/g, "");
      if (value === "")
        return {
          ok: false,
          message:
            "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
        };
    }
    if (relaxed.path === "") return { ok: false, message: "jsonpath expression cannot be empty" };
    const parsed = parseJsonPath(relaxed.path);
    if (!parsed.ok) return parsed;
    const check: Check = (obj) => {
      const r = findJsonPathResults(parsed.root, obj as unknown as JsonValue, true);
      if (!r.ok) return r;
      if (r.results.length === 0 || r.results[0]!.length === 0) return { ok: true, met: false };
      if (r.results.length > 1) return { ok: false, message: "given jsonpath expression matches more than one list" };
      if (r.results[0]!.length > 1)
        return { ok: false, message: "given jsonpath expression matches more than one value" };
      if (value === "") return { ok: true, met: true };
      const found = r.results[0]![0]!;
      if (typeof found === "object" && found !== null)
        return { ok: false, message: "jsonpath leads to a nested object or list which is not supported" };
      return { ok: true, met: goSprint(found).trim() === value.trim() };
    };
    return { ok: true, value: { kind: "check", check } };
  }
  return { ok: false, message: `unrecognized condition: ${JSON.stringify(condition)}` };
}

/** ConditionalWait.checkCondition: the named condition's status, case-folded, once the generation is observed. */
function conditionCheck(name: string, value: string): Check {
  return (obj) => {
    const o = obj as StoredObject & {
      status?: {
        conditions?: { type?: string; status?: string; observedGeneration?: number }[];
        observedGeneration?: number;
      };
    };
    for (const c of o.status?.conditions ?? []) {
      if (typeof c.type !== "string" || c.type.toLowerCase() !== name.toLowerCase()) continue;
      if (typeof c.status !== "string") continue;
      const generation = o.metadata.generation;
      if (generation !== undefined) {
        const observed = c.observedGeneration ?? o.status?.observedGeneration;
        if (observed !== undefined && observed < generation) return { ok: true, met: false };
      }
      return { ok: true, met: c.status.toLowerCase() === value.toLowerCase() };
    }
    return { ok: true, met: false };
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const output = f.str("output");
  if (output !== "" && output !== "name")
    return out.error(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`,
    );
  const cond = conditionFor(f.str("for"));
  if (!cond.ok) return out.error(cond.message);
  const rawTimeout = Number(f.parsed.flags.get("timeout") ?? 30_000);
  const timeoutMs = rawTimeout < 0 ? 168 * 3_600_000 : rawTimeout;
  const startMs = host.cluster.nowMs;
  const deadline = startMs + timeoutMs;
  const budgetEnd = startMs + host.budgetMs;
  const condition = cond.value;
  const opts = {
    args: f.args,
    filenames: f.list("filename"),
    selector: f.str("selector"),
    fieldSelector: f.str("field-selector"),
    allNamespaces: f.bool("all-namespaces"),
    allowEmptySelector: f.bool("all"),
    all: f.bool("all"),
  };
  if (f.args.length === 0 && opts.filenames.length === 0) {
    out.err(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    return 1;
  }
  /** Wait in virtual time until `done`, or the deadline; false when the shell's budget ended first. */
  const waitUntil = (done: () => boolean): "met" | "timeout" | "interrupted" => {
    if (done()) return "met";
    const end = Math.min(deadline, budgetEnd);
    const remaining = Math.max(0, end - host.cluster.nowMs);
    if (host.cluster.waitFor(done, { timeoutSeconds: remaining / 1000 })) return "met";
    return deadline <= budgetEnd ? "timeout" : "interrupted";
  };

  if (condition.kind === "create" && timeoutMs > 0) {
    // Poll until the builder finds what was named (PollUntilContextTimeout every 0.5s).
    let found = false;
    const probe = async () => {
      const v = await visit(ctx, opts);
      return v.ok && v.errors.length === 0 && v.infos.length > 0;
    };
    found = await probe();
    while (!found) {
      const left = Math.min(deadline, budgetEnd) - host.cluster.nowMs;
      if (left <= 0) break;
      host.cluster.advance(Math.min(0.5, left / 1000));
      found = await probe();
    }
    if (!found) {
      if (deadline <= budgetEnd) return out.error("timed out waiting for the condition");
      return out.interrupt();
    }
  }

  const visited = await visit(ctx, opts);
  if (!visited.ok) return out.error(visited.message);
  const errors: string[] = [];
  const printMet = (info: Info) => {
    const name = nameOf(info.resource, info.object.metadata.name);
    out.out(output === "name" ? `${name}\n` : `${name} condition met\n`);
  };
  const objectName = (r: ResourceInfo, name: string) => `${r.resource}/${name}`;
  const current = (info: Info) =>
    host.cluster.get(info.resource, info.object.metadata.name, {
      namespace: info.object.metadata.namespace ?? ctx.namespace,
    });
  for (const info of visited.infos) {
    const name = info.object.metadata.name;
    if (condition.kind === "create") {
      printMet(info);
      continue;
    }
    if (condition.kind === "delete") {
      const gone = () => {
        const now = current(info);
        return !now.ok || now.value.metadata.uid !== info.object.metadata.uid;
      };
      if (gone()) {
        printMet(info);
        continue;
      }
      if (timeoutMs === 0) {
        errors.push(`error: condition not met for ${objectName(info.resource, name)}`);
        continue;
      }
      const r = waitUntil(gone);
      if (r === "interrupted") return out.interrupt();
      if (r === "timeout") {
        errors.push(`error: timed out waiting for the condition on ${objectName(info.resource, name)}`);
        continue;
      }
      printMet(info);
      continue;
    }
    const check = condition.check;
    if (timeoutMs === 0) {
      const now = current(info);
      if (!now.ok) {
        errors.push(formatApiError(now.status).replace(/\n$/, ""));
        continue;
      }
      const c = check(now.value);
      if (!c.ok) errors.push(`error: ${c.message}`);
      else if (!c.met) errors.push(`error: condition not met for ${objectName(info.resource, name)}`);
      else printMet({ resource: info.resource, object: now.value });
      continue;
    }
    let failure: string | undefined;
    let last: StoredObject | undefined;
    const met = () => {
      const now = current(info);
      if (!now.ok) return false;
      last = now.value;
      const c = check(now.value);
      if (!c.ok) {
        failure = c.message;
        return true;
      }
      return c.met;
    };
    // Once the shared deadline has passed, UntilWithSync gives up before it looks at the object.
    if (host.cluster.nowMs >= deadline) {
      errors.push(`error: timed out waiting for the condition on ${objectName(info.resource, name)}`);
      continue;
    }
    const initial = current(info);
    if (!initial.ok) {
      errors.push(formatApiError(initial.status).replace(/\n$/, ""));
      continue;
    }
    const r = waitUntil(met);
    if (r === "interrupted") return out.interrupt();
    if (failure !== undefined) {
      errors.push(`error: ${failure}`);
      continue;
    }
    if (r === "timeout") {
      errors.push(`error: timed out waiting for the condition on ${objectName(info.resource, name)}`);
      continue;
    }
    printMet({ resource: info.resource, object: last ?? info.object });
  }
  const apiErrors =
    condition.kind === "delete" ? visited.errors.filter((e) => e.reason !== "NotFound") : visited.errors;
  errors.push(...apiErrors.map((e) => formatApiError(e).replace(/\n$/, "")));
  if (visited.infos.length === 0 && errors.length === 0 && condition.kind !== "delete")
    errors.push("error: no matching resources found");
  return printAggregate(ctx, errors);
}

export const waitCommand: CommandSpec = {
  name: "wait",
  short: "Experimental: Wait for a specific condition on one or many resources",
  group: "advanced",
  usage:
    "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  examples:
    '  # Wait for the pod "busybox1" to contain the status condition of type "Ready"\n  kubectl wait --for=condition=Ready pod/busybox1\n\n  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)\n  kubectl wait --for=condition=Ready=false pod/busybox1\n\n  # Wait for the pod "busybox1" to contain the status phase to be "Running"\n  kubectl wait --for=jsonpath=\'{.status.phase}\'=Running pod/busybox1\n\n  # Wait for pod "busybox1" to be Ready\n  kubectl wait --for=\'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True\' pod/busybox1\n\n  # Wait for the service "loadbalancer" to have ingress\n  kubectl wait --for=jsonpath=\'{.status.loadBalancer.ingress}\' service/loadbalancer\n\n  # Wait for the secret "busybox1" to be created, with a timeout of 30s\n  kubectl create secret generic busybox1\n  kubectl wait --for=create secret/busybox1 --timeout=30s\n\n  # Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command\n  kubectl delete pod/busybox1\n  kubectl wait --for=delete pod/busybox1 --timeout=60s',
  flags: [
    outputFlag,
    filenameFlag,
    selectorFlag,
    allNamespacesFlag,
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types" },
    {
      name: "field-selector",
      type: "string",
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    {
      name: "recursive",
      shorthand: "R",
      type: "bool",
      usage:
        "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
    },
    { name: "local", type: "bool", usage: "If true, annotation will NOT contact api-server but run locally." },
    {
      name: "timeout",
      type: "duration",
      defaultValue: "30s",
      usage:
        "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.",
    },
    {
      name: "for",
      type: "string",
      usage:
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.",
    },
  ] satisfies FlagSpec[],
  run,
};
