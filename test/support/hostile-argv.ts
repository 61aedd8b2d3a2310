/**
 * Bad input for client tools: argv built from a tool's own options, their near misses and
 * junk, run against a network where everything can go wrong. A tool must answer each with
 * a result (an exit code and text), never throw, and stop within its budget.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { Tool } from "../../engine/tools/types.ts";
import { FakeNetworkClient, nginxLike } from "./fake-network.ts";

const junk = [
  "",
  "-",
  "--",
  "---",
  "-=",
  "--=",
  "=",
  "%",
  "%{",
  "\\",
  "\u0000",
  "é",
  "💥",
  "-1",
  "0",
  "99999999999999999999",
  "NaN",
];

const targets = [
  "web",
  "web:80",
  "web:81",
  "http://web/loop",
  "http://web:82/",
  "10.96.12.34",
  "10.96.12.34:80",
  "nope",
  "http://[::1]/",
  "https://web",
  "web:8080",
  "10.96.99.1",
  "a:b:c",
];

/** Runs `tool` on many hostile command lines (fixed seed) and checks each ends well. */
export function expectNeverThrows(tool: Tool, prog: string[], options: readonly string[], runs = 300): void {
  const token = fc.oneof(
    fc.constantFrom(...options),
    fc.constantFrom(...junk, ...targets),
    fc.string({ maxLength: 6 }),
  );
  fc.assert(
    fc.property(
      fc.array(token, { maxLength: 7 }),
      fc.constantFrom("", "GET / HTTP/1.0\r\n\r\n", "x"),
      (args, stdin) => {
        const net = new FakeNetworkClient({
          names: { web: ["10.96.12.34"], slow: { failure: "timeout" } },
          endpoints: {
            "10.96.12.34:80": { kind: "http", handler: nginxLike },
            "10.96.12.34:82": { kind: "empty" },
            "10.96.12.34:8080": { kind: "timeout" },
            "10.96.99.1:80": { kind: "unreachable" },
          },
          pings: { "10.96.12.34": { rttMs: 0.1 } },
        });
        const budgetMs = 20_000;
        const r = tool([...prog, ...args], { stdin, env: {}, net, budgetMs });
        expect(typeof r.stdout).toBe("string");
        expect(typeof r.stderr).toBe("string");
        expect(Number.isInteger(r.exitCode)).toBe(true);
        // Only a drop with no timeout of the tool's own may outlast the budget (the kernel's SYN give-up).
        expect(net.elapsedMs).toBeLessThanOrEqual(Math.max(budgetMs, 130_000) * 4);
      },
    ),
    { seed: 20251121, numRuns: runs },
  );
}
