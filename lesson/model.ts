/**
 * The lesson model: what the compiler makes of a Markdown lesson and what the runner runs.
 * Markdown → mdast → `Lesson` (ordered steps with source positions) → run → `LessonResult`.
 * Pure data; every stage is a pure function over it (style anchor 1).
 *
 * ## The authoring format (content/README.md documents it in Korean)
 * Everything kubook reads is invisible on GitHub: fence meta after the language, and HTML
 * comments.
 *
 * - **Frontmatter** (YAML): `title`, `description`, `order`, `cluster: { nodes, proxyMode,
 *   cni, loadBalancer: { pool }, externalHosts: [...], seed }`, optional `budgetSeconds`.
 * - **Files**: a `yaml`/`yml`/`json` fence is a file on the learner's workstation when it is
 *   named, by meta `title="web.yaml"` (or `file=`/`filename=`) or by a first line `# web.yaml`.
 *   It is written before the next shell step runs; multi-document YAML stays as written.
 *   An unnamed manifest is an error (`kubook/unnamed-file`) unless it is illustrative.
 * - **Shell blocks**: `sh`, `bash`, `shell`, `console`, `zsh`. With prompts: a line starting
 *   with `$ ` is a command (`> ` lines continue it; a trailing `\` also continues), and the
 *   lines after it until the next prompt are its expected output; inside a pod shell the
 *   prompts `/ # `, `# `, `~ $ ` and `user@host:dir# ` count too. Without any prompt, every
 *   line is a command and nothing is expected. An untagged fence (no language, or `text`,
 *   `output`, `plaintext`, `console-output`) right after a shell block is the expected output
 *   of that block's last command. Shell state persists from block to block.
 * - **Block attributes** (fence meta, `key="value"` or bare `key`):
 *   `illustrative="reason"` — shown, not run (a fragment, a diagram); the reason is shown.
 *   `exit=N` — the block's last command must exit with N; `fails` — it must exit non-zero.
 *   `match="exact|tolerant"` — exact bytes, or (default) tolerant: trailing spaces ignored and
 *   table rows compared cell by cell so column widths may differ.
 *   Unknown attributes are an error (`kubook/unknown-attribute`).
 * - **Expected output** may contain `...` alone on a line (any number of lines), and typed
 *   placeholders `{{ip}}` `{{cluster-ip}}` `{{pod-ip}}` `{{node-ip}}` `{{node-port}}` `{{port}}`
 *   `{{age}}` `{{hash}}` `{{pod:web}}` (a pod of `web`: `web-<hash>-<5>` or `web-<5>`)
 *   `{{number}}` `{{any}}` (any text up to the end of the cell/line). A placeholder with a name
 *   captures: `{{cluster-ip:WEB_IP}}`; a later `{{WEB_IP}}` must print the same value, and a
 *   command containing `{{WEB_IP}}` runs with the captured value in its place.
 * - **Hidden steps**: `<!-- kubook:hidden` + a fenced block + `-->` runs without being shown
 *   (setup, cleanup, waits).
 * - **Assertions**: `<!-- kubook:assert` + YAML + `-->` (hidden), or a fence
 *   ```` ```yaml kubook="assert" ```` (shown). The YAML is one `Assertion` or a list of them.
 * - **Exercises**: `<!-- kubook:exercise id="fix-selector" title="…" -->` opens one; the prose
 *   after it is the task; each `<details><summary>힌트…</summary>…</details>` is a hint;
 *   `<!-- kubook:check` + YAML + `-->` is the hidden check; `<details><summary>풀이…</summary>`
 *   with shell/file blocks inside is the solution; `<!-- kubook:end-exercise -->` closes it.
 *   `kubook check` runs the check before the solution (it must fail) and after (it must pass).
 */

/** A 1-based position in the Markdown source (mdast's `position.start`). */
export interface SourcePoint {
  readonly line: number;
  readonly column: number;
}

export type Severity = "error" | "warning" | "info";

/**
 * A problem found while compiling, running or auditing, with a stable rule id
 * (`kubook/output-mismatch`) and its message in Korean and English.
 */
export interface Diagnostic {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly at: SourcePoint;
  readonly message: { readonly ko: string; readonly en: string };
  /** Expected and actual text, for a diff. */
  readonly expected?: string;
  readonly actual?: string;
}

export interface ClusterSpec {
  readonly nodes?: number;
  readonly proxyMode?: "iptables" | "ipvs" | "nftables";
  readonly cni?: "kindnet" | "flannel";
  readonly loadBalancer?: { readonly pool: string };
  readonly externalHosts?: readonly unknown[];
  readonly seed?: number;
}

export interface Frontmatter {
  readonly title: string;
  readonly description: string;
  readonly order: number;
  readonly cluster: ClusterSpec;
  /** Virtual seconds one command line may run before it is interrupted (default 30). */
  readonly budgetSeconds?: number;
}

/** One command of a shell step and the output the lesson promises for it. */
export interface Command {
  readonly at: SourcePoint;
  /** The command as typed (continuation lines joined with "\n"). */
  readonly text: string;
  /** Expected terminal output (stdout and stderr as the terminal shows them); undefined = not checked. */
  readonly expected?: string;
  readonly expectedAt?: SourcePoint;
}

export type MatchMode = "exact" | "tolerant";

export interface FileStep {
  readonly kind: "file";
  readonly at: SourcePoint;
  readonly name: string;
  readonly content: string;
  readonly hidden: boolean;
}

export interface ShellStep {
  readonly kind: "shell";
  readonly at: SourcePoint;
  readonly lang: string;
  readonly commands: readonly Command[];
  readonly hidden: boolean;
  readonly match: MatchMode;
  /** `exit=N` / `fails`: what the last command's exit status must be. */
  readonly expectExit?: number | "nonzero";
}

export interface AssertStep {
  readonly kind: "assert";
  readonly at: SourcePoint;
  readonly assertions: readonly Assertion[];
  readonly hidden: boolean;
}

export interface IllustrativeStep {
  readonly kind: "illustrative";
  readonly at: SourcePoint;
  readonly lang: string;
  readonly content: string;
  readonly reason: string;
}

export interface ExerciseStep {
  readonly kind: "exercise";
  readonly at: SourcePoint;
  readonly id: string;
  readonly title: string;
  /** The task as Markdown (prose between the opening comment and the first hint/check/solution). */
  readonly task: string;
  readonly hints: readonly string[];
  readonly check: readonly Assertion[];
  readonly checkAt: SourcePoint;
  readonly solution: readonly (FileStep | ShellStep)[];
}

export type Step = FileStep | ShellStep | AssertStep | IllustrativeStep | ExerciseStep;

export interface Lesson {
  /** The path the caller gave (for messages); the compiler never reads files. */
  readonly path: string;
  readonly frontmatter: Frontmatter;
  readonly steps: readonly Step[];
  /** Compile-time problems; a lesson with an error diagnostic does not run. */
  readonly diagnostics: readonly Diagnostic[];
}

// ---- assertions ------------------------------------------------------------------------

/** Where a request or a DNS query starts: `workstation`, `pod/NAME`, `deploy/NAME` (one of its pods), `node/NAME`. */
export type SourceRef = string;

export type Assertion =
  | {
      /** A Service's endpoints (from its EndpointSlices). */
      readonly endpoints: {
        readonly service: string;
        readonly namespace?: string;
        /** All endpoints. */
        readonly count?: number;
        readonly ready?: number;
        readonly ports?: readonly number[];
      };
    }
  | {
      /** N HTTP requests from a source. */
      readonly request: {
        readonly from: SourceRef;
        readonly url: string;
        readonly count?: number;
        readonly status?: number;
        readonly bodyContains?: string;
        readonly bodyMatches?: string;
        /** `{ same: true }`: every answer from one backend pod; `{ atLeast: K }`: K distinct backends. */
        readonly backends?: { readonly same?: boolean; readonly atLeast?: number };
        /** The connection's end when no HTTP answer is expected. */
        readonly outcome?: "connected" | "refused" | "timeout" | "unreachable" | "unresolved";
        /** The trace reason, e.g. `no-endpoints`, `policy-denied`. */
        readonly reason?: string;
      };
    }
  | {
      readonly dns: {
        readonly from: SourceRef;
        readonly name: string;
        readonly type?: "A" | "AAAA" | "SRV" | "PTR" | "CNAME" | "TXT";
        readonly answers?: readonly string[];
        readonly count?: number;
        readonly rcode?: "NOERROR" | "NXDOMAIN" | "SERVFAIL";
      };
    }
  | {
      /** Fields of an object, by dotted path with `[i]` indexes (`spec.ports[0].nodePort`). */
      readonly object: {
        readonly kind: string;
        readonly name: string;
        readonly namespace?: string;
        readonly exists?: boolean;
        readonly fields?: Readonly<Record<string, unknown>>;
      };
    }
  | {
      readonly event: {
        /** `kind/name`, e.g. `pod/web` or `service/web`. */
        readonly object: string;
        readonly namespace?: string;
        readonly reason: string;
        readonly type?: "Normal" | "Warning";
        readonly messageContains?: string;
      };
    };

// ---- results ---------------------------------------------------------------------------

export type BlockStatus = "passed" | "failed" | "skipped";

/** One command as it ran. */
export interface CommandRun {
  readonly at: SourcePoint;
  /** `workstation` or `pod/<ns>/<pod>/<container>`. */
  readonly context: string;
  readonly prompt: string;
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What the terminal showed (stdout and stderr interleaved). */
  readonly output: string;
  readonly interrupted: boolean;
  readonly notes: readonly string[];
}

export interface BlockResult {
  readonly at: SourcePoint;
  readonly kind: Step["kind"];
  readonly status: BlockStatus;
  /** Why it failed or was skipped (Korean and English). */
  readonly message?: { readonly ko: string; readonly en: string };
  readonly commands: readonly CommandRun[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface LessonResult {
  readonly path: string;
  readonly blocks: readonly BlockResult[];
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number };
}
