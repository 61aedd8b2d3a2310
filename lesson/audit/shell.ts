/**
 * Reading shell text the way Korean blog posts write it: prompts of every flavour, known command
 * words, continuation (backslash, open quotes, heredocs, loops), simple commands split into words,
 * `kubectl` invocations, heredoc bodies, files a command creates, and `kubectl exec -it … sh` /
 * `kubectl run -it …` opening an interactive pod shell. No execution; all of it is heuristics
 * over text, good enough to classify and to lint, not a shell parser.
 */
import { closest, hangulChar } from "./text.ts";

/** Commands a line may start with to count as a command (after an optional prompt, `sudo`, `VAR=value`). */
export const knownCommands: ReadonlySet<string> = new Set([
  "kubectl",
  "k",
  "kubens",
  "kubectx",
  "kind",
  "minikube",
  "helm",
  "curl",
  "wget",
  "nslookup",
  "dig",
  "host",
  "ping",
  "nc",
  "netcat",
  "telnet",
  "cat",
  "echo",
  "printf",
  "for",
  "while",
  "until",
  "if",
  "export",
  "unset",
  "alias",
  "source",
  "sleep",
  "grep",
  "egrep",
  "awk",
  "sed",
  "cut",
  "sort",
  "uniq",
  "head",
  "tail",
  "wc",
  "tee",
  "tr",
  "xargs",
  "jq",
  "yq",
  "base64",
  "openssl",
  "ls",
  "cd",
  "pwd",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "touch",
  "chmod",
  "env",
  "printenv",
  "hostname",
  "ip",
  "ifconfig",
  "route",
  "iptables",
  "iptables-save",
  "ipvsadm",
  "conntrack",
  "ss",
  "netstat",
  "ps",
  "kill",
  "watch",
  "timeout",
  "seq",
  "date",
  "id",
  "whoami",
  "uname",
  "which",
  "vi",
  "vim",
  "nano",
  "clear",
  "exit",
  "logout",
  "true",
  "sh",
  "bash",
  "zsh",
  "ash",
  "docker",
  "crictl",
  "systemctl",
  "journalctl",
  "apt",
  "apt-get",
  "apk",
  "yum",
  "ssh",
  "git",
  "tcpdump",
  "traceroute",
]);

export const shells: ReadonlySet<string> = new Set([
  "sh",
  "bash",
  "ash",
  "zsh",
  "/bin/sh",
  "/bin/bash",
  "/bin/ash",
  "/bin/zsh",
  "/usr/bin/bash",
]);

/** `kubect`, `kubctl`, `kuebctl`: a word that is almost `kubectl`. */
export function isKubectlTypo(word: string): boolean {
  return word !== "kubectl" && word.startsWith("ku") && closest(word, ["kubectl"]) === "kubectl";
}

const leadingKeywords = new Set(["do", "then", "else", "!", "{", "(", "time", "nohup"]);

/** The word a simple command runs, after `sudo`, `VAR=value` prefixes and loop keywords. */
export function commandName(words: readonly string[]): { name: string | undefined; index: number } {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (w === "sudo" || leadingKeywords.has(w) || (/^[A-Za-z_]\w*=/.test(w) && i + 1 < words.length)) i++;
    else break;
  }
  return { name: words[i], index: i };
}

/** Does this line (prompt already removed) start a command? Comments and blank lines do not. */
export function isCommandLine(line: string): boolean {
  const t = line.trim();
  if (t === "" || t.startsWith("#")) return false;
  const words = t.split(/\s+/);
  if (/^[A-Za-z_]\w*=\S/.test(words[0]!)) return true;
  const { name } = commandName(words);
  if (name === undefined) return false;
  if (knownCommands.has(name)) return true;
  if (/^(\.{1,2}\/|\/)[\w./-]*\.sh$/.test(name) || /^\/(usr\/)?s?bin\/[\w.-]+$/.test(name)) return true;
  return isKubectlTypo(name);
}

export interface PromptMatch {
  readonly prompt: string;
  readonly rest: string;
}

/** Prompts that are prompts whatever follows them. */
const strongPrompts: readonly RegExp[] = [
  /^(\[[^\]\n]*\]\s?[$#] ?)(.*)$/, // [root@request-pod /]# , [ root@curl-1:/ ]$
  /^([\w.-]+@[\w.-]+:[^\n$#]*[$#] ?)(.*)$/, // user@host:~$ , lee@cloudshell:~/yaml (proj)$
  /^([\w.-]+:[~/][^\s$#]*[$#] ?)(.*)$/, // controlplane:~$
  /^([/~][\w./-]*\s?[$#] )(.*)$/, // / # , ~ $ , /app #
  /^(\$)(?: (.*))?$/, // $ cmd
];

/** Prompts that count only when a known command follows. */
const weakPrompts: readonly RegExp[] = [/^(> ?)(.*)$/, /^([\w.-]+ [$#] )(.*)$/];

/**
 * The prompt at the start of a line, if any. `# ` counts as a prompt (root, or inside a pod)
 * only when `hashPrompt` says so and a known command follows; otherwise it is a comment.
 */
export function promptOf(line: string, hashPrompt: boolean): PromptMatch | undefined {
  const t = line.trimStart();
  for (const re of strongPrompts) {
    const m = re.exec(t);
    if (m) return { prompt: m[1]!, rest: m[2] ?? "" };
  }
  for (const re of weakPrompts) {
    const m = re.exec(t);
    if (m && isCommandLine(m[2]!)) return { prompt: m[1]!, rest: m[2]! };
  }
  if (hashPrompt) {
    const m = /^(# )(.*)$/.exec(t);
    if (m && isCommandLine(m[2]!)) return { prompt: m[1]!, rest: m[2]! };
  }
  return undefined;
}

const heredocOpener = /(?<!<)<<(?!<)(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/g;

/** Lines of `text` with heredoc bodies (and their delimiter lines) removed. */
export function withoutHeredocBodies(text: string): { lines: string[]; open: boolean } {
  const out: string[] = [];
  let pending: { delimiter: string; strip: boolean }[] = [];
  for (const line of text.split("\n")) {
    if (pending.length > 0) {
      const head = pending[0]!;
      if ((head.strip ? line.replace(/^\t+/, "") : line).trim() === head.delimiter) pending = pending.slice(1);
      continue;
    }
    out.push(line);
    for (const m of line.matchAll(heredocOpener)) pending.push({ delimiter: m[3]!, strip: m[1] === "-" });
  }
  return { lines: out, open: pending.length > 0 };
}

/** Quote state after scanning `text`, and `text` with quoted parts blanked out. */
function scanQuotes(text: string): { open: boolean; bare: string } {
  let quote: "'" | '"' | undefined;
  let bare = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && c === "\\") {
      bare += "  ";
      i++;
      continue;
    }
    if (quote === '"' && c === "\\") {
      i++;
      continue;
    }
    if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (quote === c) quote = undefined;
    else if (quote === undefined) bare += c;
  }
  return { open: quote !== undefined, bare };
}

/** Is the command still being typed: trailing `\`, `|` or `&&`, an open quote, heredoc or loop? */
export function isOpen(text: string): boolean {
  const { lines, open } = withoutHeredocBodies(text);
  if (open) return true;
  const joined = lines.join("\n");
  const { open: quoted, bare } = scanQuotes(joined);
  if (quoted) return true;
  if (/(\\|\||&&)\s*$/.test(joined)) return true;
  const count = (re: RegExp): number => bare.match(re)?.length ?? 0;
  const opens = count(/(^|[;&|\s])(do|then|case)(?=$|[\s;])/gm);
  const closes = count(/(^|[;&|\s])(done|fi|esac)(?=$|[\s;)])/gm);
  return opens > closes;
}

const anglePlaceholder = /<([^<>\s|&;]|[^<>\s|&;][^<>|&;\n]{0,38}[^<>\s|&;])>/y;

/** `<pod-name>` or `<포드 이름>` at `i`: a placeholder, not two redirections. */
function placeholderAt(src: string, i: number): string | undefined {
  anglePlaceholder.lastIndex = i;
  const m = anglePlaceholder.exec(src);
  if (!m || !(hangulChar.test(m[1]!) || /^[A-Za-z][\w.-]*$/.test(m[1]!))) return undefined;
  return m[0];
}

export interface Word {
  readonly text: string;
  /** An operator or redirection (`|`, `>`, `2>&1`), not a word. */
  readonly op: boolean;
}

/** Words of the command text (heredoc bodies dropped, `\`-newlines joined, quotes removed). */
export function words(text: string): Word[] {
  const src = withoutHeredocBodies(text).lines.join("\n").replace(/\\\n/g, " ");
  const out: Word[] = [];
  let cur = "";
  let has = false;
  let quote: "'" | '"' | undefined;
  const flush = (): void => {
    if (has) out.push({ text: cur, op: false });
    cur = "";
    has = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (quote === '"' && c === "\\" && i + 1 < src.length) cur += src[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === "\\" && i + 1 < src.length) {
      cur += src[++i];
      has = true;
    } else if (c === " " || c === "\t") {
      flush();
    } else if (c === "<" && placeholderAt(src, i) !== undefined) {
      const ph = placeholderAt(src, i)!;
      cur += ph;
      has = true;
      i += ph.length - 1;
    } else if (c === "\n" || c === ";" || c === "|" || c === "&" || c === ">" || c === "<") {
      const redirectFd = /^\d$/.test(cur) && (c === ">" || c === "<");
      const fd = redirectFd ? cur : "";
      if (redirectFd) {
        cur = "";
        has = false;
      }
      flush();
      let op = fd + c;
      const two = src.slice(i, i + 2);
      if (two === "||" || two === "&&" || two === ">>" || two === "<<" || two === ";;" || two === "&>") {
        op = fd + two;
        i++;
      }
      if (op.endsWith(">") && src.slice(i + 1, i + 3) === "&1") {
        op += "&1";
        i += 2;
      }
      out.push({ text: op, op: true });
    } else {
      cur += c;
      has = true;
    }
  }
  flush();
  return out;
}

const separators = new Set(["\n", ";", "|", "||", "&&", "&", ";;"]);

/** The simple commands of a command text, each as its words (redirections included as ops). */
export function simpleCommands(text: string): Word[][] {
  const out: Word[][] = [[]];
  for (const w of words(text)) {
    if (w.op && separators.has(w.text)) out.push([]);
    else out[out.length - 1]!.push(w);
  }
  return out.filter((c) => c.length > 0);
}

/** Plain words of a simple command, redirections and their targets removed. */
export function argv(command: readonly Word[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < command.length; i++) {
    const w = command[i]!;
    if (w.op) {
      if (!w.text.endsWith("&1")) i++;
      continue;
    }
    out.push(w.text);
  }
  return out;
}

/** Files a command writes: `> x`, `>> x`, `tee [-a] x`. */
export function writtenFiles(text: string): string[] {
  const out: string[] = [];
  for (const command of simpleCommands(text)) {
    for (let i = 0; i < command.length; i++) {
      const w = command[i]!;
      const next = command[i + 1];
      if (w.op && /^(\d|&)?>>?$/.test(w.text) && next && !next.op && next.text !== "/dev/null") out.push(next.text);
    }
    const args = argv(command);
    const { name, index } = commandName(args);
    if (name === "tee") out.push(...args.slice(index + 1).filter((a) => !a.startsWith("-")));
  }
  return out;
}

export interface Heredoc {
  /** 0-based line of the body's first line within the command text. */
  readonly line: number;
  readonly body: string;
  /** The file the opener line redirects it into, if any. */
  readonly target?: string;
  /** `… | kubectl apply|create|replace -f -`. */
  readonly toKubectl: boolean;
}

export function heredocs(text: string): Heredoc[] {
  const lines = text.split("\n");
  const out: Heredoc[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opener = lines[i]!;
    const m = [...opener.matchAll(heredocOpener)][0];
    if (!m) continue;
    const strip = m[1] === "-";
    let j = i + 1;
    while (j < lines.length && (strip ? lines[j]!.replace(/^\t+/, "") : lines[j]!).trim() !== m[3]) j++;
    const target = writtenFiles(opener)[0];
    out.push({
      line: i + 1,
      body: lines.slice(i + 1, j).join("\n"),
      ...(target === undefined ? {} : { target }),
      toKubectl: /\b(kubectl|k)\s+(apply|create|replace)\b.*\s-f\s*-(\s|$)/.test(opener),
    });
    i = j;
  }
  return out;
}

/** Global kubectl flags that take a value and may stand before the verb. */
const globalValueFlags = new Set([
  "-n",
  "--namespace",
  "--context",
  "--kubeconfig",
  "--cluster",
  "--user",
  "-s",
  "--server",
]);

/** Flags (of the verbs we look at) that take the next word as their value when not written `--flag=value`. */
export const valueFlags: ReadonlySet<string> = new Set([
  ...globalValueFlags,
  "-c",
  "--container",
  "-f",
  "--filename",
  "-l",
  "--selector",
  "-o",
  "--output",
  "--image",
  "--port",
  "--restart",
  "--labels",
  "--env",
  "--overrides",
  "--image-pull-policy",
  "--serviceaccount",
  "--timeout",
  "--pod-running-timeout",
  "--type",
  "--name",
  "--target-port",
  "--protocol",
  "--replicas",
  "--field-selector",
  "--sort-by",
  "-p",
  "--patch",
  "--from-literal",
  "--from-file",
  "--tcp",
  "--cluster-ip",
  "--external-ip",
  "--load-balancer-ip",
  "--session-affinity",
  "--grace-period",
  "-L",
  "--label-columns",
  "--tail",
  "--since",
  "--to-revision",
]);

export interface KubectlCall {
  /** The words as written, from `kubectl` on. */
  readonly words: readonly string[];
  /** `kubectl` or `k` (or the typo the author wrote). */
  readonly program: string;
  readonly verb: string | undefined;
  /** Words after the verb and before `--`. */
  readonly args: readonly string[];
  /** Words after `--`, if there is a `--`. */
  readonly command?: readonly string[];
}

/** Every `kubectl`/`k` (or almost-`kubectl`) invocation in a command text, in order. */
export function kubectlCalls(text: string): KubectlCall[] {
  const out: KubectlCall[] = [];
  for (const command of simpleCommands(text)) {
    const all = argv(command);
    const { name, index } = commandName(all);
    if (name === undefined || !(name === "kubectl" || name === "k" || isKubectlTypo(name))) continue;
    const ws = all.slice(index);
    let i = 1;
    while (i < ws.length && ws[i]!.startsWith("-")) i += globalValueFlags.has(ws[i]!) ? 2 : 1;
    const verb = ws[i];
    const rest = ws.slice(i + 1);
    const dd = rest.indexOf("--");
    out.push({
      words: ws,
      program: name,
      verb,
      args: dd < 0 ? rest : rest.slice(0, dd),
      ...(dd < 0 ? {} : { command: rest.slice(dd + 1) }),
    });
  }
  return out;
}

/** The value of a flag (`--image=x`, `--image x`, `-n x`), the last one wins. */
export function flagValue(args: readonly string[], ...names: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n && i + 1 < args.length) found = args[i + 1];
      else if (a.startsWith(`${n}=`)) found = a.slice(n.length + 1);
    }
  }
  return found;
}

/** Positional words (not flags, not flag values). */
export function positionals(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("-") && a !== "-") {
      if (!a.includes("=") && valueFlags.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Is a boolean short flag set (`-it`, `-ti`, `-i -t`, `--stdin`)? */
export function hasShortFlag(args: readonly string[], letter: string, long: string): boolean {
  return args.some((a) => a === long || (/^-[A-Za-z]+$/.test(a) && a.includes(letter)));
}

/** Images whose default command is a shell, so `kubectl run -it --image=X` opens one. */
const shellImages = /(^|\/)(busybox|alpine|ubuntu|debian|busyboxplus|netshoot|centos|fedora)(:|@|$)/;

export interface PodShell {
  readonly how: "exec" | "run";
  /** The pod (`web`), or `deploy/web`, as the command names it. */
  readonly pod: string | undefined;
  readonly image: string | undefined;
}

/** Does this command open an interactive shell in a pod (`kubectl exec -it web -- sh`, `kubectl run -it … busybox`)? */
export function podShellOpener(text: string): PodShell | undefined {
  const calls = kubectlCalls(text);
  if (calls.length !== 1) return undefined;
  const call = calls[0]!;
  if (call.verb !== "exec" && call.verb !== "run") return undefined;
  if (!hasShortFlag(call.args, "i", "--stdin")) return undefined;
  const pos = positionals(call.args);
  const command = call.command ?? pos.slice(1);
  const isShell = command.length === 1 && shells.has(command[0]!);
  if (call.verb === "exec") {
    if (!isShell) return undefined;
    return { how: "exec", pod: pos[0]?.replace(/^(pods?|po)\//, ""), image: undefined };
  }
  const image = flagValue(call.args, "--image");
  if (!(isShell || (command.length === 0 && image !== undefined && shellImages.test(image)))) return undefined;
  return { how: "run", pod: pos[0], image };
}

export function isExit(text: string): boolean {
  return /^\s*(exit|logout)(\s+\d+)?\s*$/.test(text);
}

/** For each character of `text`, whether it is inside single or double quotes. */
export function quotedMask(text: string): boolean[] {
  const mask: boolean[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && (c === "'" || c === '"')) {
      quote = c;
      mask.push(true);
    } else if (quote !== undefined && c === quote) {
      quote = undefined;
      mask.push(true);
    } else mask.push(quote !== undefined);
  }
  return mask;
}
