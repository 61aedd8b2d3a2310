/**
 * The `kubook` command line. Subcommands are rows in one table that feeds the parser and
 * `--help`; each returns an exit code and writes through the given sinks, so tests run it
 * in-process. This is the Node side: file and terminal I/O live here, never in the engine.
 */

import { kubernetesVersion } from "#engine";
import packageJson from "../../package.json" with { type: "json" };
import { lessonsCommand } from "./lessons.ts";
import { shellCommand } from "./shell.ts";

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Everything on stdin, when it is not a terminal (`kubook shell < script.sh`). */
  readonly readAll?: () => Promise<string>;
  /** Whether stderr is a terminal (progress lines). */
  readonly progressTty?: boolean;
  /** The terminal, when stdin is one (`kubook shell`'s prompt). */
  readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

interface Subcommand {
  readonly name: string;
  readonly summary: string;
  readonly run: (args: readonly string[], io: CliIO) => Promise<number> | number;
}

const subcommands: readonly Subcommand[] = [
  {
    name: "help",
    summary: "Show this help, or a subcommand's help",
    run: (_args, io) => {
      io.stdout(helpText());
      return 0;
    },
  },
  {
    name: "check",
    summary: "Check lessons: run every block on a simulated cluster and compare with what the lesson says",
    run: (args, io) => lessonsCommand("check", args, io),
  },
  {
    name: "run",
    summary: "Print a lesson's transcript: each command with the simulated cluster's output",
    run: (args, io) => lessonsCommand("run", args, io),
  },
  {
    name: "audit",
    summary: "Run Markdown written for no tool (blog posts, notes) and report what breaks and why",
    run: (args, io) => lessonsCommand("audit", args, io),
  },
  {
    name: "shell",
    summary: "Practise kubectl on a simulated cluster (reads a script from stdin when it is not a terminal)",
    run: (args, io) => shellCommand(args, io),
  },
  {
    name: "version",
    summary: "Print kubook's version and the Kubernetes version it simulates",
    run: (_args, io) => {
      io.stdout(versionText());
      return 0;
    },
  },
];

export function versionText(): string {
  return `kubook ${packageJson.version} (simulates Kubernetes ${kubernetesVersion} on a kind-style cluster)\n`;
}

export function helpText(): string {
  const width = Math.max(...subcommands.map((c) => c.name.length)) + 3;
  const rows = subcommands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n");
  return `kubook — an interactive Kubernetes networking textbook with a simulated cluster

Usage:
  kubook <command> [options]

Commands:
${rows}

Options:
  -h, --help      Show this help
  -V, --version   Print the version

\`kubook check content/\` verifies the lessons; \`kubook shell\` opens a terminal on a simulated
cluster. Each command has --help.
`;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help") {
    io.stdout(helpText());
    return first === undefined ? 0 : 0;
  }
  if (first === "-V" || first === "--version") {
    io.stdout(versionText());
    return 0;
  }
  if (first.startsWith("-")) {
    io.stderr(`kubook: unknown option ${JSON.stringify(first)}\nRun 'kubook --help' for usage.\n`);
    return 2;
  }
  const command = subcommands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`kubook: unknown command ${JSON.stringify(first)}\nRun 'kubook --help' for usage.\n`);
    return 2;
  }
  return command.run(rest, io);
}
