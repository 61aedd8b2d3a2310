/**
 * A client tool as the shell runs it: argv in, stdout/stderr/exit code out, with the
 * network reached only through `NetworkClient`. The same tool name can have several
 * flavours (busybox's nslookup is not bind's); the image says which flavour it ships.
 */
import type { NetworkClient } from "../network/client.ts";

export interface ToolIO {
  readonly stdin: string;
  readonly env: Readonly<Record<string, string>>;
  readonly net: NetworkClient;
  /**
   * Virtual milliseconds the tool may run before it is interrupted as if by Ctrl-C
   * (`ping` without `-c`, `nc -l`); it then stops, prints what a real tool prints on
   * SIGINT, and reports `interrupted`.
   */
  readonly budgetMs: number;
  /** stdout is a terminal (`kubectl exec -t`, an interactive shell): curl hides its meter when not. */
  readonly tty?: boolean;
}

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** Stopped by the budget (the shell prints `^C`). */
  readonly interrupted?: boolean;
}

export type Tool = (argv: readonly string[], io: ToolIO) => ToolResult;

/** Flavours of the same command name; an image row names the one it has (default: the first). */
export type ToolFlavour =
  | "busybox" // busybox ≥ 1.29 applets (nslookup "BIG", wget, ping, nc)
  | "busybox-libc" // busybox ≤ 1.28 nslookup over the libc resolver
  | "bind" // bind-tools / dnsutils nslookup, dig, host
  | "curl" // curl 8.x
  | "iputils" // Debian's ping
  | "openbsd"; // netcat-openbsd
