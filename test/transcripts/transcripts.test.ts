import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { newShell, transcript } from "../support/transcript.ts";

/**
 * Each scripts/NAME.sh runs in a fresh shell on a fresh cluster (seed 1); its whole terminal
 * output must equal scripts/NAME.out. Header lines configure the run:
 *   #! files: web.yaml svc.yaml     (copied from files/ into the workstation's home)
 *   #! cluster: {"nodes": 2}        (cluster options as JSON)
 *   # source: …                     (where the expected text comes from — required)
 * `UPDATE=1 npx vitest run test/transcripts` rewrites the .out files after a reviewed change.
 */
const dir = fileURLToPath(new URL(".", import.meta.url));
const scripts = readdirSync(join(dir, "scripts"))
  .filter((f) => f.endsWith(".sh"))
  .sort();

describe("golden transcripts", () => {
  for (const name of scripts) {
    it(`${name} prints exactly what its .out file records`, async () => {
      const script = readFileSync(join(dir, "scripts", name), "utf8");
      expect(script, "every transcript says where its expected text comes from").toMatch(/^# source: \S/m);
      const files: Record<string, string> = {};
      for (const f of /^#! files: (.*)$/m.exec(script)?.[1]?.split(/\s+/).filter(Boolean) ?? [])
        files[f] = readFileSync(join(dir, "files", f), "utf8");
      const cluster = JSON.parse(/^#! cluster: (.*)$/m.exec(script)?.[1] ?? "{}");
      const body = script
        .split("\n")
        .filter((l) => !/^#[!] /.test(l) && !/^# source: /.test(l))
        .join("\n");
      const actual = await transcript(newShell({ ...cluster, files }), body);
      const golden = join(dir, "scripts", name.replace(/\.sh$/, ".out"));
      if (process.env.UPDATE || !existsSync(golden)) writeFileSync(golden, actual);
      expect(actual).toBe(readFileSync(golden, "utf8"));
    });
  }
});
