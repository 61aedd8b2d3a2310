/**
 * A just-bash transform over each command line's syntax tree that tells kubook's programs
 * two things the interpreter does not: whether their stdout is a pipe, a file or a `$(…)`
 * (curl shows its progress meter then; kubectl colours only a terminal), and whether their
 * statement was started with `&` (just-bash runs every statement in the foreground; a
 * backgrounded `kubectl port-forward` must return at once and keep forwarding). The marks are
 * `KUBOOK_PIPED=1` / `KUBOOK_BACKGROUND=1` in the command's own environment.
 */

type Node = { type?: string; [key: string]: unknown };

export const pipedMark = "KUBOOK_PIPED";
export const backgroundMark = "KUBOOK_BACKGROUND";

const stdoutRedirects = new Set([">", ">>", ">|", "&>", "&>>", ">&"]);

function assignment(name: string) {
  return {
    type: "Assignment",
    name,
    value: { type: "Word", parts: [{ type: "Literal", value: "1" }] },
    append: false,
    array: null,
  };
}

function mark(node: unknown, piped: boolean, background: boolean, depth: number): void {
  if (depth > 400 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) mark(n, piped, background, depth + 1);
    return;
  }
  const n = node as Node;
  if (n.type === "Statement" && n.background === true) {
    n.background = false;
    background = true;
  }
  if (n.type === "Pipeline") {
    const cmds = (n.commands as unknown[]) ?? [];
    cmds.forEach((c, i) => {
      mark(c, piped || i < cmds.length - 1, background, depth + 1);
    });
    return;
  }
  if (n.type === "CommandSubstitution" || n.type === "ProcessSubstitution") {
    mark(n.body, true, background, depth + 1);
    return;
  }
  if (n.type === "SimpleCommand" && n.name) {
    const redirects = (n.redirections as { operator: string; fd: number | null }[]) ?? [];
    const redirected = redirects.some((r) => stdoutRedirects.has(r.operator) && (r.fd === null || r.fd === 1));
    const assignments = n.assignments as unknown[];
    if (piped || redirected) assignments.push(assignment(pipedMark));
    if (background) assignments.push(assignment(backgroundMark));
  }
  for (const [key, value] of Object.entries(n)) if (key !== "type") mark(value, piped, background, depth + 1);
}

/**
 * `$RANDOM` would draw from the host (just-bash calls Math.random); each occurrence becomes a
 * number from the session's seeded stream instead. One draw per occurrence per command line:
 * inside a loop it repeats, which real bash would not do.
 */
function seedRandom(node: unknown, draw: () => number, depth: number): void {
  if (depth > 400 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      const p = n as Node;
      if (p?.type === "ParameterExpansion" && p.parameter === "RANDOM" && p.operation === null)
        node[i] = { type: "Literal", value: String(draw()) };
      else seedRandom(n, draw, depth + 1);
    });
    return;
  }
  for (const [key, value] of Object.entries(node)) if (key !== "type") seedRandom(value, draw, depth + 1);
}

/**
 * Ctrl-C, made of shell: before every top-level statement `__kubook_stop "$?" && exit 130 ||
 * __kubook_restore`, and before every statement of a loop body the same with `break`. While
 * the line's budget lasts the guard is invisible (`$?` is handed back unchanged); once it is
 * spent, loops end and the line stops with status 130, and everything printed so far stays —
 * which just-bash's own cancellation (an AbortSignal) would throw away.
 */
export const stopCommand = "__kubook_stop";
export const restoreCommand = "__kubook_restore";

function guarded(list: unknown[], guard: () => unknown, skipFirst: boolean): unknown[] {
  const out: unknown[] = [];
  list.forEach((st, i) => {
    if (i > 0 || !skipFirst) out.push(guard());
    out.push(st);
  });
  return out;
}

function guardLoops(node: unknown, loopGuard: () => unknown, depth: number): void {
  if (depth > 400 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) guardLoops(n, loopGuard, depth + 1);
    return;
  }
  const n = node as Node;
  for (const [key, value] of Object.entries(n)) if (key !== "type") guardLoops(value, loopGuard, depth + 1);
  if (["While", "Until", "For", "CStyleFor"].includes(n.type ?? "") && Array.isArray(n.body))
    n.body = guarded(n.body, loopGuard, false);
}

export interface MarksOptions {
  /** `$RANDOM`'s seeded stream. */
  readonly draw: () => number;
  /** Parse one statement (the guards are built from shell text, once). */
  readonly parseStatement: (text: string) => unknown;
}

export function marksPlugin(options: MarksOptions) {
  let exitGuard: string | undefined;
  let breakGuard: string | undefined;
  return {
    name: "kubook-marks",
    transform(context: { ast: unknown; metadata: Record<string, unknown> }) {
      exitGuard ??= JSON.stringify(options.parseStatement(`${stopCommand} "$?" && exit 130 || ${restoreCommand}`));
      breakGuard ??= JSON.stringify(options.parseStatement(`${stopCommand} "$?" && break || ${restoreCommand}`));
      const ast = context.ast as { statements: unknown[] };
      mark(ast, false, false, 0);
      seedRandom(ast, options.draw, 0);
      guardLoops(ast, () => JSON.parse(breakGuard!), 0);
      ast.statements = guarded(ast.statements, () => JSON.parse(exitGuard!), true);
      return { ast: ast as never };
    },
  };
}

/** The text of a just-bash ByteString (bytes as latin1 code units), read as UTF-8. */
export function bytesToText(bytes: string): string {
  try {
    return decodeURIComponent(escape(bytes));
  } catch {
    return bytes;
  }
}
