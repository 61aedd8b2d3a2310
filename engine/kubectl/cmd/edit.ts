/**
 * `kubectl edit (TYPE/NAME | TYPE NAME | -f FILE)` (k8s.io/kubectl pkg/cmd/edit/edit.go,
 * pkg/cmd/util/editor/editoptions.go, editor.go). The object (several as a `v1 List`) is
 * written as YAML under kubectl's header comment to a temporary file, `$KUBE_EDITOR` (else
 * `$EDITOR`) runs over it in the learner's shell, and the result is written back:
 * `service/web edited`, `Edit cancelled, no changes made.`, or kubectl's messages for files
 * that do not parse or objects the server rejects — in which case kubectl reopens the file
 * with the failures in its header, as here (a scripted editor such as `sed -i` usually makes
 * no further change, so the edit ends with `Edit cancelled, no valid changes were saved.`).
 *
 * Not simulated: `vi` (the workstation has no full-screen editor; kubook says to set
 * KUBE_EDITOR), `--output-patch`, `--subresource`, `edit-last-applied`. The write is an update
 * with the edited object rather than a two-way strategic merge patch; with no concurrent
 * writer in the simulation the outcome is the same.
 */
import { load, YAML11_SCHEMA } from "js-yaml";
import { goJson } from "../../api/field.ts";
import type { StoredObject } from "../../api/object.ts";
import { qualifiedResource, type ResourceInfo } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import { fnv1a32 } from "../../core/hash.ts";
import { type JsonObject, LAST_APPLIED_ANNOTATION, lastAppliedConfiguration } from "../apply/index.ts";
import { toJson } from "../apply/json.ts";
import { parseManifestText, parseTargets, type ResourceTarget, readManifests } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { formatApiError } from "../errors.ts";
import { fetchTargets } from "../fetch.ts";
import * as printers from "../printers/index.ts";
import {
  checkValidate,
  fieldManagerFlag,
  filenameFlag,
  listOfObjects,
  mapDocument,
  parseWriteOutput,
  printWritten,
  recursiveFlag,
  saveConfigFlag,
  showManagedFieldsFlag,
  validateFlag,
  writeOutputFlag,
} from "./write.ts";

export const editHeader =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

interface EditReason {
  readonly head: string;
  readonly other: readonly string[];
}

/** hashOnLineBreak: continuation lines of a reason stay comments. */
function hashOnLineBreak(s: string): string {
  let r = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\n" && i + 1 < s.length && s[i + 1] !== "#") r += "\n# ";
    else r += ch;
  }
  return r;
}

/** editHeader.writeTo: the fixed header, then one block per reason the edit must be retried. */
export function headerWith(reasons: readonly EditReason[]): string {
  let out = editHeader;
  for (const r of reasons) {
    out += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += "#\n";
  }
  return out;
}

/** cmdutil.ManualStrip: drop comment lines (not `#!`). */
export function manualStrip(text: string): string {
  const lines = text.split("\n");
  const kept: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith("#") && !t.startsWith("#!")) return;
    kept.push(i < lines.length - 1 ? `${line}\n` : line);
  });
  return kept.join("");
}

/** cmdutil.StripComments: the document as JSON (comments and layout gone), else ManualStrip. */
export function stripComments(text: string): string {
  try {
    return goJson(toJson(load(text, { schema: YAML11_SCHEMA })));
  } catch {
    return manualStrip(text);
  }
}

/** hasLines: any line that is neither blank nor a comment. */
export function hasLines(text: string): boolean {
  return text.split("\n").some((l) => {
    const t = l.trim();
    return t.length > 0 && t[0] !== "#";
  });
}

/**
 * NewDefaultEditor: KUBE_EDITOR, then EDITOR (kubectl's last resort, `vi`, is not on the
 * workstation). An editor with spaces is split on them, unless it has quotes or backslashes,
 * in which case it runs under `$SHELL -c`; `display` is how kubectl's errors quote it.
 */
export function editorFromEnv(
  env: Readonly<Record<string, string>>,
): { command: string; display: string; shell: boolean } | undefined {
  const editor = env.KUBE_EDITOR || env.EDITOR || "";
  if (editor === "") return undefined;
  if (!editor.includes(" ")) return { command: editor, display: editor, shell: false };
  if (!/["'\\]/.test(editor)) return { command: editor, display: editor.split(" ").join(" "), shell: false };
  return { command: editor, display: `${env.SHELL || "/bin/bash"} -c ${editor}`, shell: true };
}

const noResources =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

interface Original {
  readonly resource: ResourceInfo;
  readonly object: StoredObject;
}

function resourceString(r: ResourceInfo): string {
  return qualifiedResource(r);
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const validate = checkValidate(f.str("validate"));
  if (validate) return out.error(validate);
  const output = parseWriteOutput(f.str("output"));
  if (!output.ok) return out.error(output.message);
  const json = f.str("output") === "json";

  // The objects, fetched fresh from the server (Latest()).
  const targets: ResourceTarget[] = [];
  const namespaces: string[] = [];
  const files = f.list("filename");
  if (files.length > 0) {
    const read = await readManifests(host, files, { recursive: f.bool("recursive") });
    if (!read.ok) return out.error(read.message);
    for (const doc of read.documents) {
      const mapped = mapDocument(ctx, doc);
      if (!mapped.ok) return out.error(mapped.message);
      targets.push({ resource: mapped.value.resource, name: mapped.value.name });
      namespaces.push(mapped.value.namespace || ctx.namespace);
    }
  }
  if (f.args.length > 0) {
    const parsed = parseTargets(f.args);
    if (!parsed.ok) return out.error(parsed.message);
    for (const t of parsed.targets) {
      targets.push(t);
      namespaces.push(ctx.namespace);
    }
  }
  if (targets.length === 0) return out.error(noResources);
  const originals: Original[] = [];
  for (const [i, t] of targets.entries()) {
    const fetched = fetchTargets(host.cluster, [t], {
      namespace: namespaces[i]!,
      allNamespaces: false,
      selector: "",
      fieldSelector: "",
    });
    if (!fetched.ok) return out.error(fetched.message);
    if (fetched.errors.length > 0) {
      out.err(formatApiError(fetched.errors[0]!));
      return 1;
    }
    for (const g of fetched.groups) for (const o of g.objects) originals.push({ resource: g.resource, object: o });
  }
  if (originals.length === 0) return out.error("edit cancelled, no objects found");

  const editor = editorFromEnv(host.env);
  if (!editor || !host.edit) {
    out.err(
      `kubook: kubectl edit opens $KUBE_EDITOR (else $EDITOR, else vi), and this workstation has no vi. Set an editor that works without a screen, for example:\nkubook:   KUBE_EDITOR="sed -i 's/replicas: 1/replicas: 3/'" kubectl edit ${f.args.join(" ") || "deployment/web"}\n`,
    );
    return 1;
  }

  const single = originals.length === 1;
  const originalObj: unknown = single ? originals[0]!.object : listOfObjects(originals.map((o) => o.object));
  const body = json ? printers.printJson(originalObj) : printers.printYaml(originalObj);
  const header = (reasons: readonly EditReason[]) => (json ? "" : headerWith(reasons));
  const original = header([]) + body;
  let edited = "";
  let containsError = false;
  let reasons: EditReason[] = [];
  let resultFile = "";
  let printed = 0;
  let wrote = false;
  const seed = `${originals[0]!.object.metadata.uid}/${host.cluster.nowMs}`;
  const preserved = (path: string, message: string): number => {
    if (path) out.err(`A copy of your changes has been stored to "${path}"\n`);
    return out.error(message);
  };

  for (let pass = 0; pass < 10; pass++) {
    const buffer = containsError ? header(reasons) + manualStrip(edited) : original;
    const fileName = `kubectl-edit-${fnv1a32(`${seed}/${pass}`)}.${json ? "json" : "yaml"}`;
    const path = `/tmp/${fileName}`;
    const editedBefore = edited;
    const launched = await host.edit(editor.command, fileName, buffer);
    if (!launched.ok) {
      const notFound = /command not found|not found/.test(launched.message);
      // The editor's own stderr reached the terminal; the shell's stand-in text did not.
      const own = /^editor exited with \d+$/.test(launched.message) ? "" : launched.message;
      if (own && !(notFound && !editor.shell)) out.err(`${own}\n`);
      const what = notFound && !editor.shell ? "unable to launch the editor" : "there was a problem with the editor";
      return preserved(path, `${what} "${editor.display}"`);
    }
    edited = launched.content;
    if (containsError && stripComments(editedBefore) === stripComments(edited))
      return preserved(path, "Edit cancelled, no valid changes were saved.");
    if (stripComments(original) === stripComments(edited)) {
      out.err("Edit cancelled, no changes made.\n");
      return 0;
    }
    if (!hasLines(edited)) {
      out.err("Edit cancelled, saved file was empty.\n");
      return 0;
    }
    resultFile = path;
    reasons = [];
    const parsed = parseManifestText("edited-file", edited);
    const docs = parsed.ok ? parsed.documents.map((d) => mapDocument({ ...ctx, namespaceExplicit: false }, d)) : [];
    const bad = !parsed.ok ? parsed.message : docs.find((d) => !d.ok);
    if (bad) {
      const message = typeof bad === "string" ? bad : !bad.ok ? bad.message : "";
      containsError = true;
      reasons = [{ head: `The edited file had a syntax error: ${message}`, other: [] }];
      continue;
    }
    containsError = false;
    const updated = docs.map((d) => (d.ok ? d.value : undefined)!);
    // RequireNamespace: the objects stay in the namespace they were read from.
    for (const u of updated) {
      const own = ((u.object.metadata ?? {}) as { namespace?: string }).namespace ?? "";
      if (u.resource.namespaced && own !== "" && own !== ctx.namespace)
        return preserved(
          resultFile,
          `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
        );
    }
    let retryable = 0;
    let notfound = 0;
    let invalid = 0;
    for (const u of updated) {
      const uid = ((u.object.metadata ?? {}) as { uid?: string }).uid;
      const orig = originals.find((o) => o.object.metadata.uid === uid);
      if (!orig) return preserved(resultFile, `no original object found for ${goJson(u.object)}`);
      const origJson = goJson(orig.object);
      const editedJson = goJson(toJson(u.object));
      if (origJson === editedJson) {
        const line = printWritten(u.resource, u.object, output.format, "skipped", printed++);
        if (line.ok) out.out(line.text);
        continue;
      }
      const m = (u.object.metadata ?? {}) as { name?: string };
      if (
        u.object.apiVersion !== orig.object.apiVersion ||
        u.object.kind !== orig.object.kind ||
        m.name !== orig.object.metadata.name
      )
        return preserved(resultFile, "At least one of apiVersion, kind and name was changed");
      let object: Record<string, unknown> = u.object;
      if (f.bool("save-config")) {
        const meta = (object.metadata ?? {}) as Record<string, unknown>;
        const annotations = (meta.annotations ?? {}) as Record<string, string>;
        object = {
          ...object,
          metadata: {
            ...meta,
            annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: lastAppliedConfiguration(object as JsonObject) },
          },
        };
      }
      const where = u.resource.namespaced ? { namespace: orig.object.metadata.namespace ?? ctx.namespace } : {};
      const r = host.cluster.update(object, where);
      const name = orig.object.metadata.name;
      if (!r.ok) {
        const what = `${resourceString(u.resource)} "${name}"`;
        const s: ApiStatus = r.status;
        if (s.reason === "Invalid") {
          invalid++;
          reasons.push({
            head: `${what} was not valid`,
            other: (s.details?.causes ?? []).map((c) => `${c.field ?? ""}: ${c.message}`),
          });
          out.err(`error: ${what} is invalid\n`);
        } else if (s.reason === "NotFound") {
          notfound++;
          out.err(`error: ${what} could not be found on the server\n`);
        } else {
          retryable++;
          out.err(`error: ${what} could not be patched: ${s.message}\n`);
        }
        continue;
      }
      wrote = true;
      const line = printWritten(u.resource, r.value, output.format, "edited", printed++);
      if (line.ok) out.out(line.text);
    }
    if (wrote) host.cluster.settle();
    if (retryable > 0) {
      out.err(`You can run \`kubectl replace -f ${resultFile}\` to try this update again.\n`);
      return 1;
    }
    if (notfound > 0) {
      out.err(`The edits you made on deleted resources have been saved to "${resultFile}"\n`);
      return 1;
    }
    if (invalid === 0) return 0;
    containsError = true;
  }
  return preserved(resultFile, "Edit cancelled, no valid changes were saved.");
}

export const editCommand: CommandSpec = {
  name: "edit",
  short: "Edit a resource on the server",
  group: "basic",
  usage: "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]",
  examples:
    "  # Edit the service named 'registry'\n  kubectl edit svc/registry\n\n  # Use an alternative editor\n  KUBE_EDITOR=\"nano\" kubectl edit svc/registry\n\n  # Edit the job 'myjob' in JSON using the v1 API format\n  kubectl edit job.v1.batch/myjob -o json\n\n  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation\n  kubectl edit deployment/mydeployment -o yaml --save-config",
  flags: [
    filenameFlag("to use to edit the resource"),
    recursiveFlag,
    writeOutputFlag,
    showManagedFieldsFlag,
    validateFlag,
    saveConfigFlag,
    fieldManagerFlag("kubectl-edit"),
    { name: "output-patch", type: "bool", usage: "Output the patch if the resource is edited." },
    {
      name: "windows-line-endings",
      type: "bool",
      usage: "Defaults to the line ending native to your platform.",
    },
  ],
  run,
};
