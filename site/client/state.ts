/**
 * `window.__kubook`: what tests (and curious readers) can observe. Documented in README.md.
 */
export interface KubookState {
  /** Resolves once main.ts has wired the page (buttons, progress marks, terminal placeholder). */
  ready: Promise<void>;
  /** Whether the lazy chunk (engine + lesson runtime) has been loaded and started. */
  loaded: boolean;
  /** Completed Run clicks, Check clicks and Resets (each counted when it has finished). */
  runs: number;
  checks: number;
  resets: number;
  /** Terminal command lines handed to the shell. */
  lines: number;
  /** Whether a Run/Check/Reset/terminal line is in progress. */
  busy: boolean;
  /** Resolves when nothing is queued (loads the runtime only if it was already requested). */
  idle: () => Promise<void>;
}

declare global {
  interface Window {
    __kubook?: KubookState;
  }
}

export function kubookState(): KubookState {
  if (!window.__kubook)
    window.__kubook = {
      ready: Promise.resolve(),
      loaded: false,
      runs: 0,
      checks: 0,
      resets: 0,
      lines: 0,
      busy: false,
      idle: () => Promise.resolve(),
    };
  return window.__kubook;
}
