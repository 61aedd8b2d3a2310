/**
 * `kubectl create -f` and the generators `create deployment|service …|namespace|configmap`
 * (k8s.io/kubectl pkg/cmd/create/create.go, create_deployment.go, create_service.go,
 * create_namespace.go, create_configmap.go). `-f` creates each document in file order,
 * printing `service/web created` as it goes and the errors (`error when creating "svc.yaml"`)
 * at the end; the generators build their object with `generate/` and POST it, or print it
 * with `--dry-run=client -o yaml`. `--save-config` stores the last-applied annotation.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { resourceForKind } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import { type JsonObject, LAST_APPLIED_ANNOTATION, lastAppliedConfiguration } from "../apply/index.ts";
import { readManifests } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { dryRunFlag, selectorFlag } from "../common-flags.ts";
import { formatApiError, withSource } from "../errors.ts";
import type { FlagSpec } from "../flags.ts";
import {
  type FileContent,
  type GenerateFailure,
  generateConfigMap,
  generateDeployment,
  generateNamespace,
  generateService,
  parseFileSource,
  type ServiceSubcommand,
} from "../generate/index.ts";
import {
  type CollectedError,
  checkValidate,
  type DryRun,
  dryRunSuffix,
  fieldManagerFlag,
  filenameFlag,
  formatCollected,
  goStringSlice,
  mapDocument,
  parseDryRun,
  parseWriteOutput,
  printWritten,
  recursiveFlag,
  saveConfigFlag,
  showManagedFieldsFlag,
  validateFlag,
  type WriteFormat,
  writeOutputFlag,
} from "./write.ts";

/** `obj` with the last-applied annotation kubectl writes for `--save-config` (CreateOrUpdateAnnotation). */
function withSavedConfig(obj: Record<string, unknown>): Record<string, unknown> {
  const meta = (typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {}) as Record<
    string,
    unknown
  >;
  const annotations = (
    typeof meta.annotations === "object" && meta.annotations !== null ? meta.annotations : {}
  ) as Record<string, string>;
  const value = lastAppliedConfiguration(obj as JsonObject);
  return { ...obj, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: value } } };
}

interface WriteSettings {
  readonly dryRun: DryRun;
  readonly format: WriteFormat;
}

/** The checks every create command makes before it builds anything: --dry-run, -o, --validate. */
function writeSettings(ctx: CommandContext): { ok: true; value: WriteSettings } | { ok: false; code: number } {
  const dryRun = parseDryRun(ctx.flags.str("dry-run"));
  if (!dryRun.ok) return { ok: false, code: ctx.out.error(dryRun.message) };
  const format = parseWriteOutput(ctx.flags.str("output"));
  if (!format.ok) return { ok: false, code: ctx.out.error(format.message) };
  const validate = checkValidate(ctx.flags.str("validate"));
  if (validate) return { ok: false, code: ctx.out.error(validate) };
  return { ok: true, value: { dryRun: dryRun.value, format: format.format } };
}

// ---- kubectl create -f ------------------------------------------------------------------------

async function runCreate(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  if (f.args.length > 0) return usageError(ctx, `Unexpected args: ${goStringSlice(f.args)}`);
  const settings = writeSettings(ctx);
  if (!settings.ok) return settings.code;
  const files = f.list("filename");
  if (files.length === 0) return out.error("must specify one of -f and -k");
  if (f.bool("edit")) {
    out.err("kubook: kubectl create --edit is not simulated; use kubectl create -f, then kubectl edit\n");
    return 1;
  }
  const { dryRun, format } = settings.value;
  const read = await readManifests(host, files, { recursive: f.bool("recursive") });
  if (!read.ok) return out.error(read.message);
  const errors: CollectedError[] = [];
  let count = 0;
  let wrote = false;
  for (const doc of read.documents) {
    const mapped = mapDocument(ctx, doc);
    if (!mapped.ok) {
      errors.push({ message: mapped.message });
      continue;
    }
    const { resource, source, namespace } = mapped.value;
    let object = mapped.value.object;
    if (f.bool("save-config")) object = withSavedConfig(object);
    let result: unknown = object;
    if (dryRun !== "client") {
      const created = host.cluster.create(object, {
        ...(resource.namespaced ? { namespace } : {}),
        ...(dryRun === "server" ? { dryRun: true } : {}),
      });
      if (!created.ok) {
        errors.push({ status: withSource(created.status, "creating", source) });
        continue;
      }
      result = created.value;
      if (dryRun === "none") wrote = true;
    }
    const text = printWritten(resource, result, format, `created${dryRunSuffix(dryRun)}`, count);
    count++;
    if (!text.ok) {
      errors.push({ message: text.message });
      continue;
    }
    out.out(text.text);
  }
  if (wrote) host.cluster.settle();
  if (errors.length > 0) {
    out.err(formatCollected(errors));
    return 1;
  }
  if (count === 0) return out.error("no objects passed to create");
  return 0;
}

// ---- generators -------------------------------------------------------------------------------

/** NameFromCommandArgs: the words before `--` must be exactly one NAME. */
function nameFromArgs(ctx: CommandContext): { ok: true; name: string } | { ok: false; code: number } {
  const dash = ctx.flags.parsed.argsLenAtDash;
  const n = dash === -1 ? ctx.flags.args.length : dash;
  if (n !== 1) return { ok: false, code: usageError(ctx, `exactly one NAME is required, got ${n}`) };
  return { ok: true, name: ctx.flags.args[0]! };
}

function generateFailed(ctx: CommandContext, failure: GenerateFailure): number {
  return failure.usage ? usageError(ctx, failure.message) : ctx.out.error(failure.message);
}

/**
 * POST the generated object (or, with `--dry-run=client`, only print it). `failurePrefix`
 * is the command's wrapping of the server's error (`failed to create deployment`); without
 * one the API error prints as checkErr prints it.
 */
function createGenerated(
  ctx: CommandContext,
  settings: WriteSettings,
  resource: ResourceInfo,
  generated: Record<string, unknown>,
  failurePrefix: string | undefined,
): number {
  const { out, host } = ctx;
  const object = ctx.flags.bool("save-config") ? withSavedConfig(generated) : generated;
  let result: unknown = object;
  if (settings.dryRun !== "client") {
    const created = host.cluster.create(object, {
      ...(resource.namespaced ? { namespace: ctx.namespace } : {}),
      ...(settings.dryRun === "server" ? { dryRun: true } : {}),
    });
    if (!created.ok) return failed(ctx, created.status, failurePrefix);
    result = created.value;
    if (settings.dryRun === "none") host.cluster.settle();
  }
  const text = printWritten(resource, result, settings.format, `created${dryRunSuffix(settings.dryRun)}`, 0);
  if (!text.ok) return out.error(text.message);
  out.out(text.text);
  return 0;
}

function failed(ctx: CommandContext, status: ApiStatus, prefix: string | undefined): number {
  if (prefix === undefined) {
    ctx.out.err(formatApiError(status));
    return 1;
  }
  return ctx.out.error(`${prefix}: ${status.message}`);
}

/** cobra's check of MarkFlagRequired flags, which runs before the command. */
function requireFlag(ctx: CommandContext, name: string): number | undefined {
  if (ctx.flags.changed(name)) return undefined;
  return ctx.out.error(`required flag(s) "${name}" not set`);
}

const generatorFlags: readonly FlagSpec[] = [
  writeOutputFlag,
  showManagedFieldsFlag,
  dryRunFlag,
  validateFlag,
  saveConfigFlag,
  fieldManagerFlag("kubectl-create"),
];

const createDeployment: CommandSpec = {
  name: "deployment",
  aliases: ["deploy"],
  short: "Create a deployment with the specified name",
  usage: "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
  examples:
    "  # Create a deployment named my-dep that runs the busybox image\n  kubectl create deployment my-dep --image=busybox\n\n  # Create a deployment with a command\n  kubectl create deployment my-dep --image=busybox -- date\n\n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kubectl create deployment my-dep --image=nginx --replicas=3\n\n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  kubectl create deployment my-dep --image=busybox --port=5701",
  flags: [
    ...generatorFlags,
    {
      name: "image",
      type: "stringSlice",
      usage: "Image names to run. A deployment can have multiple images set for multi-container pod.",
    },
    { name: "port", type: "int", defaultValue: "-1", usage: "The containerPort that this deployment exposes." },
    {
      name: "replicas",
      shorthand: "r",
      type: "int",
      defaultValue: "1",
      usage: "Number of replicas to create. Default is 1.",
    },
  ],
  run(ctx) {
    const missing = requireFlag(ctx, "image");
    if (missing !== undefined) return missing;
    const name = nameFromArgs(ctx);
    if (!name.ok) return name.code;
    const settings = writeSettings(ctx);
    if (!settings.ok) return settings.code;
    const f = ctx.flags;
    const generated = generateDeployment({
      name: name.name,
      images: f.list("image"),
      replicas: f.int("replicas"),
      port: f.int("port"),
      command: f.args.slice(1),
      ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
    });
    if (!generated.ok) return generateFailed(ctx, generated);
    return createGenerated(
      ctx,
      settings.value,
      resourceForKind("Deployment")!,
      generated.object as Record<string, unknown>,
      "failed to create deployment",
    );
  },
};

const serviceTypeNames: Readonly<Record<ServiceSubcommand, string>> = {
  clusterip: "ClusterIP",
  nodeport: "NodePort",
  loadbalancer: "LoadBalancer",
  externalname: "ExternalName",
};

const tcpFlag: FlagSpec = {
  name: "tcp",
  type: "stringSlice",
  usage: "Port pairs can be specified as '<port>:<targetPort>'.",
};

function serviceSubcommand(
  type: ServiceSubcommand,
  short: string,
  usage: string,
  examples: string,
  extra: readonly FlagSpec[],
): CommandSpec {
  return {
    name: type,
    short,
    usage,
    examples,
    flags: [...generatorFlags, tcpFlag, ...extra],
    run(ctx) {
      if (type === "externalname") {
        const missing = requireFlag(ctx, "external-name");
        if (missing !== undefined) return missing;
      }
      const name = nameFromArgs(ctx);
      if (!name.ok) return name.code;
      const settings = writeSettings(ctx);
      if (!settings.ok) return settings.code;
      const f = ctx.flags;
      const generated = generateService(type, {
        name: name.name,
        tcp: f.list("tcp"),
        ...(type === "nodeport" ? { nodePort: f.int("node-port") } : {}),
        ...(type === "externalname" ? { externalName: f.str("external-name") } : {}),
        ...(type === "clusterip" ? { clusterIP: f.str("clusterip") } : {}),
        ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
      });
      if (!generated.ok) return generateFailed(ctx, generated);
      return createGenerated(
        ctx,
        settings.value,
        resourceForKind("Service")!,
        generated.object as Record<string, unknown>,
        `failed to create ${serviceTypeNames[type]} service`,
      );
    },
  };
}

const createService: CommandSpec = {
  name: "service",
  aliases: ["svc"],
  short: "Create a service using a specified subcommand",
  usage: "kubectl create service [flags] [options]",
  flags: [],
  subcommands: [
    serviceSubcommand(
      "clusterip",
      "Create a ClusterIP service",
      "kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
      '  # Create a new ClusterIP service named my-cs\n  kubectl create service clusterip my-cs --tcp=5678:8080\n\n  # Create a new ClusterIP service named my-cs (in headless mode)\n  kubectl create service clusterip my-cs --clusterip="None"',
      [
        {
          name: "clusterip",
          type: "string",
          usage: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
        },
      ],
    ),
    serviceSubcommand(
      "externalname",
      "Create an ExternalName service",
      "kubectl create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
      "  # Create a new ExternalName service named my-ns\n  kubectl create service externalname my-ns --external-name bar.com",
      [{ name: "external-name", type: "string", usage: "External name of service" }],
    ),
    serviceSubcommand(
      "loadbalancer",
      "Create a LoadBalancer service",
      "kubectl create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
      "  # Create a new LoadBalancer service named my-lbs\n  kubectl create service loadbalancer my-lbs --tcp=5678:8080",
      [],
    ),
    serviceSubcommand(
      "nodeport",
      "Create a NodePort service",
      "kubectl create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
      "  # Create a new NodePort service named my-ns\n  kubectl create service nodeport my-ns --tcp=5678:8080",
      [
        {
          name: "node-port",
          type: "int",
          defaultValue: "0",
          usage: "Port used to expose the service on each node in a cluster.",
        },
      ],
    ),
  ],
};

const createNamespace: CommandSpec = {
  name: "namespace",
  aliases: ["ns"],
  short: "Create a namespace with the specified name",
  usage: "kubectl create namespace NAME [--dry-run=server|client|none] [options]",
  examples: "  # Create a new namespace named my-namespace\n  kubectl create namespace my-namespace",
  flags: generatorFlags,
  run(ctx) {
    const name = nameFromArgs(ctx);
    if (!name.ok) return name.code;
    const settings = writeSettings(ctx);
    if (!settings.ok) return settings.code;
    const generated = generateNamespace({ name: name.name });
    if (!generated.ok) return generateFailed(ctx, generated);
    return createGenerated(
      ctx,
      settings.value,
      resourceForKind("Namespace")!,
      generated.object as Record<string, unknown>,
      undefined,
    );
  },
};

/** `--from-file` sources read from the workstation, as handleConfigMapFromFileSources reads them. */
async function readFileSources(
  ctx: CommandContext,
  sources: readonly string[],
): Promise<{ ok: true; files: FileContent[] } | { ok: false; message: string }> {
  const files: FileContent[] = [];
  for (const source of sources) {
    const parsed = parseFileSource(source);
    if (!parsed.ok) return parsed;
    const read = await ctx.host.readFile(parsed.path);
    if (read.kind === "missing")
      return { ok: false, message: `error reading ${parsed.path}: no such file or directory` };
    if (read.kind === "file") {
      files.push({ key: parsed.key, content: read.content });
      continue;
    }
    if (parsed.keyGiven) return { ok: false, message: "cannot give a key name for a directory path" };
    for (const entry of [...read.entries].sort()) {
      const inner = await ctx.host.readFile(`${parsed.path.replace(/\/+$/, "")}/${entry}`);
      if (inner.kind === "file") files.push({ key: entry, content: inner.content });
    }
  }
  return { ok: true, files };
}

const createConfigMap: CommandSpec = {
  name: "configmap",
  aliases: ["cm"],
  short: "Create a config map from a local file, directory or literal value",
  usage:
    "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  examples:
    "  # Create a new config map named my-config based on folder bar\n  kubectl create configmap my-config --from-file=path/to/bar\n\n  # Create a new config map named my-config with specified keys instead of file basenames on disk\n  kubectl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt\n\n  # Create a new config map named my-config with key1=config1 and key2=config2\n  kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2",
  flags: [
    ...generatorFlags,
    {
      name: "from-file",
      type: "stringSlice",
      usage:
        "Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.",
    },
    {
      name: "from-literal",
      type: "stringArray",
      usage: "Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)",
    },
    {
      name: "from-env-file",
      type: "stringSlice",
      usage: "Specify the path to a file to read lines of key=val pairs to create a configmap.",
    },
  ],
  async run(ctx) {
    const name = nameFromArgs(ctx);
    if (!name.ok) return name.code;
    const settings = writeSettings(ctx);
    if (!settings.ok) return settings.code;
    const f = ctx.flags;
    if (f.list("from-env-file").length > 0 && (f.list("from-file").length > 0 || f.list("from-literal").length > 0))
      return ctx.out.error("from-env-file cannot be combined with from-file or from-literal");
    const files = await readFileSources(ctx, f.list("from-file"));
    if (!files.ok) return ctx.out.error(files.message);
    const envFiles: { path: string; content: string }[] = [];
    for (const path of f.list("from-env-file")) {
      const read = await ctx.host.readFile(path);
      if (read.kind === "missing") return ctx.out.error(`error reading ${path}: no such file or directory`);
      if (read.kind === "dir") return ctx.out.error("env config file cannot be a directory");
      envFiles.push({ path, content: read.content });
    }
    const generated = generateConfigMap({
      name: name.name,
      fromFile: files.files,
      fromLiteral: f.list("from-literal"),
      fromEnvFile: envFiles,
      environment: (key) => ctx.host.env[key] ?? "",
      ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
    });
    if (!generated.ok) return generateFailed(ctx, generated);
    return createGenerated(
      ctx,
      settings.value,
      resourceForKind("ConfigMap")!,
      generated.object as Record<string, unknown>,
      "failed to create configmap",
    );
  },
};

export const createCommand: CommandSpec = {
  name: "create",
  short: "Create a resource from a file or from stdin",
  group: "basic-beginner",
  usage: "kubectl create -f FILENAME [options]",
  examples:
    "  # Create a pod using the data in pod.json\n  kubectl create -f ./pod.json\n\n  # Create a pod based on the JSON passed into stdin\n  cat pod.json | kubectl create -f -\n\n  # Edit the data in registry.yaml in JSON then create the resource using the edited data\n  kubectl create -f registry.yaml --edit -o json",
  flags: [
    filenameFlag("to use to create the resource"),
    recursiveFlag,
    writeOutputFlag,
    showManagedFieldsFlag,
    dryRunFlag,
    validateFlag,
    saveConfigFlag,
    selectorFlag,
    fieldManagerFlag("kubectl-create"),
    { name: "edit", type: "bool", usage: "Edit the API resource before creating" },
  ],
  subcommands: [createConfigMap, createDeployment, createNamespace, createService],
  run: runCreate,
};
