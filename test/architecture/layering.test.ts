import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const engine = join(root, "engine");

/** Which engine folder may import which (engine/README.md draws the same picture). */
const allowed: Record<string, readonly string[]> = {
  core: [],
  api: ["core"],
  store: ["core", "api"],
  registry: ["core", "api", "store"],
  images: ["core"],
  controllers: ["core", "api", "store", "registry"],
  nodes: ["core", "api", "store", "images", "controllers"],
  dns: ["core", "api", "store"],
  proxy: ["core", "api", "store"],
  network: ["core", "api", "store", "images", "controllers", "dns", "proxy"],
  tools: ["core", "images", "dns", "network"],
  simulation: [
    "core",
    "api",
    "store",
    "registry",
    "images",
    "controllers",
    "nodes",
    "dns",
    "proxy",
    "network",
    "tools",
  ],
  kubectl: [
    "core",
    "api",
    "store",
    "registry",
    "images",
    "controllers",
    "nodes",
    "dns",
    "proxy",
    "network",
    "tools",
    "simulation",
  ],
  shell: [
    "core",
    "api",
    "store",
    "registry",
    "images",
    "controllers",
    "nodes",
    "dns",
    "proxy",
    "network",
    "tools",
    "simulation",
    "kubectl",
  ],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function folderOf(path: string): string {
  return relative(engine, path).split("/")[0]!;
}

describe("the engine's layers", () => {
  it("import only downward, as the table of allowed imports says", () => {
    const violations: string[] = [];
    for (const file of files(engine)) {
      const from = folderOf(file);
      if (!(from in allowed)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "(\.\.?\/[^"]+)"/g)) {
        const target = folderOf(join(file, "..", m[1]!));
        if (target !== from && !allowed[from]!.includes(target))
          violations.push(`${relative(root, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("never reads wall time, chance or Node outside engine/node", () => {
    const offenders: string[] = [];
    for (const file of files(engine)) {
      if (file.startsWith(join(engine, "node"))) continue;
      const text = readFileSync(file, "utf8");
      const bad = text.match(
        /Date\.now\(|Math\.random\(|setTimeout\(|setInterval\(|performance\.now\(|from "node:|require\(/g,
      );
      if (bad) offenders.push(`${relative(root, file)}: ${[...new Set(bad)].join(", ")}`);
    }
    expect(offenders).toEqual([]);
  });

  it("keeps Node-only code behind the front door: engine/node imports the engine only through #engine", () => {
    const offenders: string[] = [];
    for (const file of files(join(engine, "node"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/from "(\.\.\/[^"]+)"/g)) {
        if (!m[1]!.endsWith("package.json")) offenders.push(`${relative(root, file)} imports ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("gives every engine folder a README saying what lives there", () => {
    const missing = readdirSync(engine)
      .filter((name) => statSync(join(engine, name)).isDirectory())
      .filter((name) => {
        try {
          return statSync(join(engine, name, "README.md")).size < 100;
        } catch {
          return true;
        }
      });
    expect(missing).toEqual([]);
  });
});
