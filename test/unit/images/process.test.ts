import { describe, expect, it } from "vitest";
import { splitCommands } from "../../../engine/images/process.ts";
import { start } from "./harness.ts";

const sh = (script: string) => start("busybox:1.36", { command: ["sh", "-c", script] }).plan;

describe("container commands read as plans", () => {
  it("stops a shell at once on SIGTERM when it traps the signal, with the trap's exit code", () => {
    expect([
      sh("trap 'exit 0' TERM; while true; do sleep 1; done").sigtermStopMs,
      sh("trap 'exit 0' TERM; while true; do sleep 1; done").sigtermExitCode,
    ]).toEqual([0, 0]);
    const waits = sh("trap : TERM INT; sleep infinity");
    expect([waits.sigtermStopMs, waits.sigtermExitCode]).toEqual([0, 143]);
    const ignores = sh("while true; do sleep 1; done");
    expect([ignores.sigtermStopMs, ignores.sigtermExitCode]).toEqual([undefined, undefined]);
  });

  it("reads a subshell in the background and a wait as plain commands", () => {
    expect(splitCommands("trap : TERM INT; (while true; do sleep 1000; done) & wait")).toEqual([
      ["trap", ":", "TERM", "INT"],
      ["while", "true"],
      ["sleep", "1000"],
      ["done"],
      ["wait"],
    ]);
  });

  it("exits with the script's last status and its echo on stdout", () => {
    const plan = sh("echo started; sleep 5; exit 3");
    expect([plan.exitAfterMs, plan.exitCode, plan.logs]).toEqual([
      5000,
      3,
      [{ atMs: 0, stream: "stdout", text: "started" }],
    ]);
  });
});
