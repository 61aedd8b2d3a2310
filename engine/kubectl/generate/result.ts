/**
 * What every generator returns: the object kubectl would send (and print with
 * `--dry-run=client -o yaml`), or the error kubectl would print. Errors are values.
 */

/**
 * A failure, as kubectl prints it minus the `error: ` prefix that cmdutil.CheckErr adds.
 * `usage: true` marks cmdutil.UsageErrorf errors: kubectl prints them as
 * `error: <message>\nSee '<command path> -h' for help and examples` (the command layer's
 * `usageError` does exactly that); all others as `error: <message>`.
 */
export interface GenerateFailure {
  readonly ok: false;
  readonly message: string;
  readonly usage?: true;
}

export type Generated<T> = { readonly ok: true; readonly object: T } | GenerateFailure;

export function fail(message: string): GenerateFailure {
  return { ok: false, message };
}

export function usageFail(message: string): GenerateFailure {
  return { ok: false, message, usage: true };
}

export function ok<T>(object: T): Generated<T> {
  return { ok: true, object };
}

/** A string-keyed map of label or annotation values. */
export type StringMap = Record<string, string>;
