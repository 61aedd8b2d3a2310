/**
 * `kubook audit`'s compiler: Markdown written for no tool (blog posts, study notes) → the same
 * `Lesson` the strict compiler makes, plus a Diagnostic for every guess. Each code block is
 * classified by its content, the fence tag only a weak prior: a manifest (apiVersion + kind),
 * commands (an optional prompt + a known command), expected output (kubectl's tables and
 * messages, nslookup blocks, a Korean cue before it, or simply an untagged block right after a
 * command block), or something only to show (diagrams, DNS names, fragments, prose). Mixed
 * blocks are split at prompt lines; unnamed manifests get a file name from a first-line comment,
 * a caption, `title=`, an editor command before them, or the next `kubectl apply|create -f X`
 * that names no known file; `kubectl exec -it … sh` / `kubectl run -it …` are followed into the
 * pod until `exit`.
 */
import { load } from "js-yaml";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type {
  ClusterSpec,
  Command,
  Diagnostic,
  FileStep,
  Frontmatter,
  IllustrativeStep,
  Lesson,
  ShellStep,
  SourcePoint,
  Step,
} from "../model.ts";
import { repairMojibake } from "./mojibake.ts";
import {
  heredocs,
  isCommandLine,
  isExit,
  isOpen,
  kubectlCalls,
  podShellOpener,
  promptOf,
  writtenFiles,
} from "./shell.ts";
import { type Bilingual, hangulChar } from "./text.ts";

interface MdNode {
  readonly type: string;
  readonly value?: string;
  readonly lang?: string | null;
  readonly meta?: string | null;
  readonly depth?: number;
  readonly children?: readonly MdNode[];
  readonly position?: { readonly start: { readonly line: number; readonly column: number } };
}

interface Block {
  readonly at: SourcePoint;
  readonly lang: string;
  readonly meta: string;
  readonly value: string;
  /** Source line of the block's first content line. */
  readonly firstLine: number;
  /** The last paragraph or heading between the previous block and this one. */
  readonly prose: string | undefined;
}

interface MutableCommand {
  at: SourcePoint;
  text: string;
  expected?: string;
  expectedAt?: SourcePoint;
}

type Proto =
  | {
      kind: "file";
      at: SourcePoint;
      name: string | undefined;
      content: string;
      block: Block;
      firstLineName: string | undefined;
    }
  | { kind: "shell"; at: SourcePoint; lang: string; commands: MutableCommand[] }
  | { kind: "illustrative"; at: SourcePoint; lang: string; content: string; reason: string };

const shellTags = new Set(["sh", "bash", "shell", "console", "zsh", "terminal", "shell-session", "shellsession"]);
const outputTags = new Set(["", "text", "txt", "none", "output", "plaintext", "plain", "console-output", "log"]);
const manifestTags = new Set(["yaml", "yml", "json"]);
const diagramTags = new Set(["mermaid", "plantuml", "puml", "dot", "graphviz", "ditaa", "svgbob", "ascii", "diagram"]);

const diagnostic = (ruleId: string, severity: "warning" | "info", at: SourcePoint, message: Bilingual): Diagnostic => ({
  ruleId,
  severity,
  at,
  message,
});

function textOf(node: MdNode): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value ?? "";
  if (node.type === "break") return "\n";
  return (node.children ?? []).map(textOf).join("");
}

/** Code blocks in document order, each with the prose right before it. */
function collectBlocks(root: MdNode, source: readonly string[]): { blocks: Block[]; firstHeading?: string } {
  const blocks: Block[] = [];
  let prose: string | undefined;
  let firstHeading: string | undefined;
  const visit = (node: MdNode): void => {
    if (node.type === "code") {
      const start = node.position!.start;
      const fenced = /^\s*(```|~~~)/.test(source[start.line - 1] ?? "");
      blocks.push({
        at: { line: start.line, column: start.column },
        lang: (node.lang ?? "").toLowerCase(),
        meta: node.meta ?? "",
        value: node.value ?? "",
        firstLine: fenced ? start.line + 1 : start.line,
        prose,
      });
      prose = undefined;
      return;
    }
    if (node.type === "heading" || node.type === "paragraph" || node.type === "tableRow") {
      const text = textOf(node).trim();
      if (node.type === "heading" && firstHeading === undefined && text !== "") firstHeading = text;
      prose = text;
      return;
    }
    if (node.type === "html") {
      if (!/^\s*<!--/.test(node.value ?? "")) prose = node.value;
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return firstHeading === undefined ? { blocks } : { blocks, firstHeading };
}

// ---- what a block looks like --------------------------------------------------------------

const outputCue = /결과|출력|나타난다|나타납니다|표시될|표시된다|표시됩니다|보인다|보입니다|확인할 수 있|output/i;

export function looksLikeOutput(text: string): boolean {
  return text
    .split("\n")
    .some(
      (l) =>
        /^(NAME|NAMESPACE|LAST SEEN)\s{2,}\S/.test(l) ||
        /^[\w.-]+\/[\w.-]+\s+(created|configured|exposed|deleted|unchanged|patched|labeled|annotated|scaled|edited|replaced|serverside-applied)\b/.test(
          l,
        ) ||
        /^[\w.]+ "[^"]+" deleted\b/.test(l) ||
        /^(Name|Server|Namespace|Labels|Selector|Endpoints):\s/.test(l) ||
        /^Address( \d+)?:\s/.test(l) ||
        /^(Error from server|error: |No resources found|If you don't see a command prompt)/.test(l) ||
        /^(<!DOCTYPE html>|<html>|Welcome to nginx!|Hello Kubernetes!|Welcome! )/i.test(l) ||
        /^(nameserver|search|options) \S/.test(l) ||
        /^(wget|curl|sh|nslookup|ping): /.test(l) ||
        /^(PING |\d+ bytes from |Connecting to )/.test(l),
    );
}

export function isManifest(text: string): boolean {
  return /(^|[{,\s])"?apiVersion"?\s*:\s*\S/m.test(text) && /(^|[{,\s])"?kind"?\s*:\s*\S/m.test(text);
}

function isKubeOutputYaml(text: string): boolean {
  return /^\s*(creationTimestamp|resourceVersion|uid|managedFields):/m.test(text) || /^status:\s*$/m.test(text);
}

const dnsName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\.?$/i;
const drawing = /[─│┌┐└┘├┤┬┴┼═║╔╗╚╝▶►▼▲→←↑↓]|[+|]-{3,}|-{2,}>|<-{2,}|\+-+\+/;

function meaningful(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

const proseLine = /^(or|and|또는|혹은|그리고)$/i;

function isProse(line: string, command: string | undefined): boolean {
  if (command?.includes(line)) return false;
  if (proseLine.test(line)) return true;
  return hangulChar.test(line) && /[다요죠음함임됨까]\s*[.!?:]?$/.test(line) && !/\S\s{2,}\S/.test(line);
}

// ---- shell blocks ---------------------------------------------------------------------------

interface ShellState {
  inPod: boolean;
}

interface ShellParse {
  readonly commands: MutableCommand[];
  readonly promptMode: boolean;
  readonly outputs: number;
  readonly diagnostics: Diagnostic[];
}

function columnOf(source: readonly string[], line: number, text: string, fallback: number): number {
  const src = source[line - 1] ?? "";
  const i = text === "" ? -1 : src.indexOf(text);
  return i >= 0 ? i + 1 : fallback;
}

function parseShell(block: Block, state: ShellState, source: readonly string[]): ShellParse {
  const lines = block.value.split("\n");
  const promptMode = lines.some((l) => promptOf(l, false) !== undefined);
  const commands: MutableCommand[] = [];
  const diagnostics: Diagnostic[] = [];
  let cur: { cmd: MutableCommand; out: string[]; outLine: number; applied: boolean } | undefined;
  let commentOutput = false;
  let outputs = 0;

  const applyState = (): void => {
    if (!cur || cur.applied) return;
    cur.applied = true;
    const opener = podShellOpener(cur.cmd.text);
    if (opener && !state.inPod) {
      state.inPod = true;
      const pod = opener.pod ?? (opener.how === "run" ? "(이름 없음)" : "?");
      diagnostics.push(
        diagnostic("audit/pod-shell", "info", cur.cmd.at, {
          ko: `이 명령이 파드 ${pod} 안의 셸을 연다. 이어지는 명령은 \`exit\`까지 그 파드 안에서 실행된다.`,
          en: `This command opens a shell in pod ${opener.pod ?? "(unnamed)"}; the commands after it run in that pod until \`exit\`.`,
        }),
      );
    } else if (state.inPod && isExit(cur.cmd.text)) {
      state.inPod = false;
    }
  };
  const finish = (): void => {
    if (!cur) return;
    applyState();
    while (cur.out.length > 0 && cur.out[cur.out.length - 1]!.trim() === "") cur.out.pop();
    if (cur.out.length > 0) {
      cur.cmd.expected = cur.out.join("\n");
      const first = cur.out[0]!;
      cur.cmd.expectedAt = {
        line: cur.outLine,
        column: columnOf(source, cur.outLine, first.trimStart(), block.at.column),
      };
      outputs++;
    }
    cur = undefined;
  };
  const start = (text: string, line: number): void => {
    finish();
    commentOutput = false;
    if (text.trim() === "") return;
    const cmd: MutableCommand = { at: { line, column: columnOf(source, line, text, block.at.column) }, text };
    commands.push(cmd);
    cur = { cmd, out: [], outLine: 0, applied: false };
  };
  const addOutput = (line: string, at: number): void => {
    if (!cur) return;
    if (cur.out.length === 0) {
      if (line.trim() === "") return;
      cur.outLine = at;
    }
    cur.out.push(line);
  };
  /** Is the next line that is not blank and not a comment the start of a command (or the end)? */
  const commandFollows = (from: number): boolean => {
    for (let j = from; j < lines.length; j++) {
      const t = lines[j]!.trim();
      if (t === "" || (t.startsWith("#") && !promptOf(t, state.inPod || promptMode))) continue;
      return promptOf(t, state.inPod || promptMode) !== undefined || (!promptMode && isCommandLine(t));
    }
    return true;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const at = block.firstLine + i;
    if (cur && isOpen(cur.cmd.text) && cur.out.length === 0) {
      cur.cmd.text += `\n${promptMode ? raw.replace(/^\s*> ?/, "") : raw}`;
      continue;
    }
    applyState();
    const t = raw.trim();
    if (t === "") {
      if (cur && cur.out.length > 0) cur.out.push("");
      continue;
    }
    const p = promptOf(raw, state.inPod || promptMode);
    if (p) {
      start(p.rest, at);
      continue;
    }
    if (t.startsWith("#")) {
      if (/출력|결과|output/i.test(t) && cur) {
        commentOutput = true;
        continue;
      }
      if (commentOutput && cur) {
        addOutput(t.replace(/^#\s?/, ""), at);
        continue;
      }
      if (cur && cur.out.length > 0 && !commandFollows(i + 1)) addOutput(raw, at);
      continue;
    }
    if (isProse(t, cur?.cmd.text)) {
      diagnostics.push(
        diagnostic(
          "audit/prose-in-block",
          "info",
          { line: at, column: columnOf(source, at, t, block.at.column) },
          {
            ko: `명령도 출력도 아닌 줄을 뺐다: "${t}"`,
            en: `Left out a line that is neither a command nor output: "${t}"`,
          },
        ),
      );
      continue;
    }
    if ((!promptMode || !cur || cur.out.length === 0) && isCommandLine(t)) {
      start(t, at);
      continue;
    }
    if (cur) addOutput(raw, at);
    else
      diagnostics.push(
        diagnostic(
          "audit/prose-in-block",
          "info",
          { line: at, column: columnOf(source, at, t, block.at.column) },
          {
            ko: `명령도 출력도 아닌 줄을 뺐다: "${t}"`,
            en: `Left out a line that is neither a command nor output: "${t}"`,
          },
        ),
      );
  }
  finish();
  return { commands, promptMode, outputs, diagnostics };
}

// ---- file names -----------------------------------------------------------------------------

const yamlName = /([\w.\-/]*[\w-]\.(?:ya?ml|json))\b/g;

function firstLineName(value: string): string | undefined {
  const first = meaningful(value)[0]?.trim() ?? "";
  const m = /^#\s*([\w.\-/]+\.(?:ya?ml|json))(?:\s|$)/.exec(first);
  return m?.[1];
}

function captionName(prose: string | undefined): { name: string; line: string } | undefined {
  if (prose === undefined) return undefined;
  const lines = prose.split("\n").filter((l) => l.trim() !== "");
  const last = lines[lines.length - 1]?.trim();
  if (last === undefined) return undefined;
  const names = [...last.matchAll(yamlName)].map((m) => m[1]!);
  const name = names[names.length - 1];
  if (name === undefined || /(^|\s)-f\s/.test(last)) return undefined;
  return { name, line: last };
}

function metaName(meta: string): string | undefined {
  const m = /(?:^|\s)(?:title|file|filename)=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

const plain = (name: string): string => name.replace(/^\.\//, "");

/** `-f` values of `kubectl apply|create|replace` in a command (comma lists split). */
export function fileArguments(text: string, verbs: readonly string[] = ["apply", "create", "replace"]): string[] {
  const out: string[] = [];
  for (const call of kubectlCalls(text)) {
    if (call.verb === undefined || !verbs.includes(call.verb)) continue;
    const args = call.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      let value: string | undefined;
      if (a === "-f" || a === "--filename") value = args[++i];
      else if (/^(-f|--filename)=/.test(a)) value = a.slice(a.indexOf("=") + 1);
      else if (/^-f[^-]/.test(a)) value = a.slice(2);
      if (value !== undefined) out.push(...value.split(",").filter((v) => v !== ""));
    }
  }
  return out;
}

const editors = /^\s*(?:sudo\s+)?(vi|vim|nano)\s+(\S+\.(?:ya?ml|json))\s*$/;

// ---- the audit ------------------------------------------------------------------------------

function parseFrontmatter(
  root: MdNode,
  firstHeading: string | undefined,
  path: string,
  diagnostics: Diagnostic[],
): Frontmatter {
  const node = root.children?.[0]?.type === "yaml" ? root.children[0] : undefined;
  let data: Record<string, unknown> = {};
  if (node) {
    try {
      const loaded = load(node.value ?? "");
      if (loaded && typeof loaded === "object" && !Array.isArray(loaded)) data = loaded as Record<string, unknown>;
    } catch (e) {
      diagnostics.push(
        diagnostic(
          "audit/bad-frontmatter",
          "warning",
          { line: 1, column: 1 },
          {
            ko: `머리말(frontmatter)을 YAML로 읽지 못해 기본값을 썼다: ${(e as Error).message.split("\n")[0]}`,
            en: `Could not read the frontmatter as YAML, so defaults were used: ${(e as Error).message.split("\n")[0]}`,
          },
        ),
      );
    }
  }
  const fallbackTitle = firstHeading ?? (path.split("/").pop() ?? path).replace(/\.(md|markdown)$/i, "");
  const title = typeof data.title === "string" && data.title.trim() !== "" ? data.title : undefined;
  if (title === undefined) {
    const from = firstHeading === undefined ? "파일 이름" : "첫 제목";
    const fromEn = firstHeading === undefined ? "the file name" : "the first heading";
    diagnostics.push(
      diagnostic(
        "audit/default-frontmatter",
        "info",
        { line: 1, column: 1 },
        node
          ? {
              ko: `머리말에 title이 없어 ${from} "${fallbackTitle}"을(를) 제목으로 썼다.`,
              en: `The frontmatter has no title, so ${fromEn}, "${fallbackTitle}", is the title.`,
            }
          : {
              ko: `머리말(frontmatter)이 없어 제목은 ${from} "${fallbackTitle}", 순서는 0, 클러스터는 기본값으로 정했다.`,
              en: `No frontmatter: the title is ${fromEn}, "${fallbackTitle}"; the order is 0 and the cluster is the default one.`,
            },
      ),
    );
  }
  const cluster =
    data.cluster && typeof data.cluster === "object" && !Array.isArray(data.cluster)
      ? (data.cluster as ClusterSpec)
      : {};
  return {
    title: title ?? fallbackTitle,
    description: typeof data.description === "string" ? data.description : "",
    order: typeof data.order === "number" ? data.order : 0,
    cluster,
    ...(typeof data.budgetSeconds === "number" ? { budgetSeconds: data.budgetSeconds } : {}),
  };
}

interface IllustrativeReason {
  readonly ko: string;
  readonly en: string;
}

function illustrativeReason(block: Block): IllustrativeReason {
  const lang = block.lang;
  if (diagramTags.has(lang)) return { ko: `다이어그램 (${lang})`, en: `a diagram (${lang})` };
  const lines = meaningful(block.value).map((l) => l.trim());
  if (lines.length === 0) return { ko: "빈 블록", en: "an empty block" };
  if (lines.every((l) => l.startsWith("#"))) return { ko: "주석뿐인 블록", en: "only comments" };
  if (lines.every((l) => dnsName.test(l))) return { ko: "DNS 이름 목록", en: "a list of DNS names" };
  if (lines.some((l) => drawing.test(l))) return { ko: "그림 (ASCII)", en: "an ASCII drawing" };
  if (manifestTags.has(lang) && lang !== "json")
    return { ko: "apiVersion/kind가 없는 YAML 조각", en: "a YAML fragment without apiVersion/kind" };
  if (!shellTags.has(lang) && !outputTags.has(lang) && !manifestTags.has(lang))
    return { ko: `${lang} 코드`, en: `${lang} code` };
  return { ko: "명령도 매니페스트도 출력도 아님", en: "neither commands, a manifest nor output" };
}

const categoryName = {
  commands: { ko: "명령", en: "commands" },
  manifest: { ko: "매니페스트", en: "a manifest" },
  output: { ko: "출력", en: "output" },
} as const;

function expectedCategory(lang: string): keyof typeof categoryName | undefined {
  if (shellTags.has(lang)) return "commands";
  if (manifestTags.has(lang)) return "manifest";
  if (lang !== "" && outputTags.has(lang)) return "output";
  return undefined;
}

/**
 * Audits Markdown written for no tool: the lesson the strict compiler would have produced had
 * the author followed the format, plus info/warning Diagnostics explaining every guess. Static
 * mistake detectors are separate (`auditFindings`).
 */
export function auditLesson(path: string, source: string): Lesson {
  const diagnostics: Diagnostic[] = [];
  const repair = repairMojibake(source);
  const text = repair.text;
  if (repair.repaired && repair.note)
    diagnostics.push(diagnostic("audit/mojibake-repaired", "warning", { line: 1, column: 1 }, repair.note));
  const lines = text.split("\n");
  const root = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]).parse(text) as MdNode;
  const { blocks, firstHeading } = collectBlocks(root, lines);
  const frontmatter = parseFrontmatter(root, firstHeading, path, diagnostics);

  const protos: Proto[] = [];
  const state: ShellState = { inPod: false };
  const reclassified = (block: Block, got: keyof typeof categoryName): void => {
    const want = expectedCategory(block.lang);
    if (want === undefined || want === got || (want === "commands" && block.lang === "console" && got === "output"))
      return;
    diagnostics.push(
      diagnostic("audit/reclassified", "info", block.at, {
        ko: `펜스 언어는 \`${block.lang}\`이지만 내용으로 보아 ${categoryName[got].ko}이다.`,
        en: `The fence says \`${block.lang}\` but the content is ${categoryName[got].en}.`,
      }),
    );
  };
  const illustrate = (block: Block, reason: IllustrativeReason): void => {
    protos.push({ kind: "illustrative", at: block.at, lang: block.lang, content: block.value, reason: reason.ko });
    diagnostics.push(
      diagnostic("audit/illustrative", "info", block.at, {
        ko: `실행하지 않고 보여 주기만 한다: ${reason.ko}`,
        en: `Shown, not run: ${reason.en}`,
      }),
    );
  };
  /** The command a following output block would belong to. */
  const openCommand = (): MutableCommand | undefined => {
    const last = protos[protos.length - 1];
    if (last?.kind !== "shell") return undefined;
    const cmd = last.commands[last.commands.length - 1];
    return cmd && cmd.expected === undefined ? cmd : undefined;
  };
  const attachOutput = (block: Block, cmd: MutableCommand, why: Bilingual): void => {
    const outLines = block.value.split("\n");
    const firstIdx = outLines.findIndex((l) => l.trim() !== "");
    cmd.expected = block.value.replace(/\n+$/, "").replace(/^\n+/, "");
    const line = block.firstLine + Math.max(firstIdx, 0);
    cmd.expectedAt = { line, column: columnOf(lines, line, outLines[firstIdx]?.trimStart() ?? "", block.at.column) };
    const shown = cmd.text.split("\n")[0]!;
    diagnostics.push(
      diagnostic("audit/inferred-output", "info", block.at, {
        ko: `이 블록을 앞 명령 \`${shown}\`의 예상 출력으로 봤다 (${why.ko}).`,
        en: `Took this block as the expected output of the command before it, \`${shown}\` (${why.en}).`,
      }),
    );
  };

  for (const block of blocks) {
    if (diagramTags.has(block.lang)) {
      illustrate(block, illustrativeReason(block));
      continue;
    }
    const body = meaningful(block.value);
    const firstCode = body.find((l) => !(l.trim().startsWith("#") && promptOf(l, state.inPod) === undefined));
    const startsWithCommand =
      firstCode !== undefined && (promptOf(firstCode, state.inPod) !== undefined || isCommandLine(firstCode));
    const hasPrompt = body.some((l) => promptOf(l, false) !== undefined);
    const cue = block.prose !== undefined && outputCue.test(block.prose);
    const open = openCommand();
    const adjacent = block.prose === undefined;

    if (!startsWithCommand && isManifest(block.value)) {
      if (
        open !== undefined &&
        (adjacent || cue) &&
        /\s-o\s*=?\s*(yaml|json)\b/.test(open.text) &&
        writtenFiles(open.text).length === 0 &&
        isKubeOutputYaml(block.value)
      ) {
        reclassified(block, "output");
        attachOutput(block, open, { ko: "`-o yaml` 명령의 결과", en: "the result of an `-o yaml` command" });
        continue;
      }
      reclassified(block, "manifest");
      protos.push({
        kind: "file",
        at: block.at,
        name: undefined,
        content: block.value,
        block,
        firstLineName: firstLineName(block.value),
      });
      continue;
    }
    if (
      startsWithCommand ||
      hasPrompt ||
      (state.inPod && body.some((l) => promptOf(l, true) !== undefined || isCommandLine(l)))
    ) {
      const parsed = parseShell(block, state, lines);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.commands.length === 0) {
        illustrate(block, illustrativeReason(block));
        continue;
      }
      reclassified(block, "commands");
      if (parsed.promptMode && (parsed.commands.length > 1 || parsed.outputs > 0))
        diagnostics.push(
          diagnostic("audit/split-block", "info", block.at, {
            ko: `프롬프트가 있는 줄을 명령으로, 그 사이 줄을 출력으로 나눴다: 명령 ${parsed.commands.length}개, 출력 ${parsed.outputs}개.`,
            en: `Split the block at its prompt lines: commands: ${parsed.commands.length}, outputs: ${parsed.outputs}.`,
          }),
        );
      else if (!parsed.promptMode && parsed.outputs > 0)
        diagnostics.push(
          diagnostic("audit/split-block", "info", block.at, {
            ko: `프롬프트가 없어 명령이 아닌 줄을 바로 앞 명령의 출력으로 봤다: 명령 ${parsed.commands.length}개, 출력 ${parsed.outputs}개.`,
            en: `No prompts: lines that are not commands were taken as the output of the command before them: commands: ${parsed.commands.length}, outputs: ${parsed.outputs}.`,
          }),
        );
      protos.push({
        kind: "shell",
        at: block.at,
        lang: shellTags.has(block.lang) ? block.lang : "sh",
        commands: parsed.commands,
      });
      continue;
    }
    const outputish = outputTags.has(block.lang) || shellTags.has(block.lang);
    const shaped = looksLikeOutput(block.value);
    if (outputish && open !== undefined && (cue || adjacent || shaped) && body.length > 0) {
      reclassified(block, "output");
      attachOutput(
        block,
        open,
        cue
          ? { ko: "앞 문장이 출력을 예고함", en: "the sentence before it announces output" }
          : adjacent
            ? { ko: "명령 블록 바로 뒤", en: "right after the command block" }
            : { ko: "출력처럼 보임", en: "it looks like output" },
      );
      continue;
    }
    if (outputish && (cue || shaped) && body.length > 0) {
      illustrate(block, { ko: "앞에 붙일 명령이 없는 출력", en: "output with no command before it to belong to" });
      continue;
    }
    illustrate(block, illustrativeReason(block));
  }

  nameFiles(protos, diagnostics);
  const steps = protos.flatMap((p): Step[] => {
    if (p.kind === "file") {
      if (p.name === undefined) return [];
      const step: FileStep = { kind: "file", at: p.at, name: p.name, content: p.content, hidden: false };
      return [step];
    }
    if (p.kind === "shell") {
      if (p.commands.length === 0) return [];
      const step: ShellStep = {
        kind: "shell",
        at: p.at,
        lang: p.lang,
        commands: p.commands.map((c): Command => ({ ...c })),
        hidden: false,
        match: "tolerant",
      };
      return [step];
    }
    const step: IllustrativeStep = {
      kind: "illustrative",
      at: p.at,
      lang: p.lang,
      content: p.content,
      reason: p.reason,
    };
    return [step];
  });
  return { path, frontmatter, steps, diagnostics: sortDiagnostics(diagnostics) };
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.at.line - b.at.line || a.at.column - b.at.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** Gives every unnamed manifest a file name, or turns it into an illustrative step with a warning. */
function nameFiles(protos: Proto[], diagnostics: Diagnostic[]): void {
  const defined = new Set<string>();
  for (const p of protos) {
    if (p.kind === "file") {
      const explicit = metaName(p.block.meta);
      if (explicit !== undefined) p.name = explicit;
    }
    if (p.kind === "shell")
      for (const c of p.commands) {
        for (const f of writtenFiles(c.text)) defined.add(plain(f));
        for (const h of heredocs(c.text)) if (h.target !== undefined) defined.add(plain(h.target));
      }
  }
  const inferred = (p: Proto & { kind: "file" }, name: string, why: Bilingual): void => {
    p.name = name;
    defined.add(plain(name));
    diagnostics.push(
      diagnostic("audit/inferred-file", "info", p.at, {
        ko: `이름 없는 매니페스트를 \`${name}\` 파일로 봤다 (${why.ko}).`,
        en: `Took this unnamed manifest as the file \`${name}\` (${why.en}).`,
      }),
    );
  };
  // Names the block itself or the text right before it gives.
  for (let i = 0; i < protos.length; i++) {
    const p = protos[i]!;
    if (p.kind !== "file") continue;
    if (p.firstLineName !== undefined && p.name === undefined) {
      inferred(p, p.firstLineName, { ko: "첫 줄 주석", en: "its first-line comment" });
      continue;
    }
    const caption = captionName(p.block.prose);
    if (caption !== undefined && p.name === undefined) {
      inferred(p, caption.name, { ko: `앞 줄 "${caption.line}"`, en: `the line before it, "${caption.line}"` });
      continue;
    }
    if (p.name !== undefined) {
      defined.add(plain(p.name));
      continue;
    }
    const prev = protos[i - 1];
    const last = prev?.kind === "shell" ? prev.commands[prev.commands.length - 1] : undefined;
    const editor = last ? editors.exec(last.text) : null;
    if (prev?.kind === "shell" && last && editor) {
      prev.commands.pop();
      inferred(p, editor[2]!, {
        ko: `앞 명령 \`${last.text.trim()}\`; 편집기 명령은 이 파일 쓰기로 대신한다`,
        en: `the command before it, \`${last.text.trim()}\`; writing this file replaces the editor command`,
      });
    }
  }
  // The next `kubectl apply|create -f X` whose X no file defines.
  for (let i = 0; i < protos.length; i++) {
    const p = protos[i]!;
    if (p.kind !== "file" || p.name !== undefined) continue;
    search: for (let j = i + 1; j < protos.length; j++) {
      const q = protos[j]!;
      if (q.kind !== "shell") continue;
      for (const c of q.commands) {
        for (const f of fileArguments(c.text, ["apply", "create"])) {
          if (f === "-" || /^https?:\/\//.test(f) || /[<>{}[\]]/.test(f) || defined.has(plain(f))) continue;
          const shown = c.text.split("\n")[0]!.trim();
          inferred(p, plain(f), {
            ko: `${c.at.line}행 \`${shown}\`이(가) 적용하는, 아직 정의되지 않은 파일`,
            en: `the not yet defined file that \`${shown}\` on line ${c.at.line} applies`,
          });
          break search;
        }
      }
    }
    if (p.name === undefined) {
      const reason = { ko: "이름을 알 수 없는 매니페스트", en: "a manifest with no file name" };
      const index = protos.indexOf(p);
      protos[index] = { kind: "illustrative", at: p.at, lang: p.block.lang, content: p.content, reason: reason.ko };
      diagnostics.push(
        diagnostic("audit/unnamed-manifest", "warning", p.at, {
          ko: '이 매니페스트의 파일 이름을 알 수 없어 실행하지 않는다. 첫 줄에 `# 이름.yaml` 주석을 달거나, 펜스에 title="이름.yaml"을 쓰거나, 뒤에서 `kubectl apply -f 이름.yaml`로 적용한다.',
          en: 'This manifest has no file name, so it is not run. Add a first line `# name.yaml`, a fence title="name.yaml", or apply it later with `kubectl apply -f name.yaml`.',
        }),
      );
    }
  }
}
