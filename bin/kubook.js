#!/usr/bin/env node
// kubook runs its TypeScript sources directly on Node's type stripping, which needs Node 24
// (pinned in devDependencies, so `npx kubook` and npm scripts pick it up).
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `kubook: this is Node ${process.version}; kubook needs Node 24 or newer.\n` +
      "Run it as `npx kubook …` or through `npm run`, which use the Node 24 that `npm install` put in node_modules.\n",
  );
  process.exit(1);
}
const { main } = await import("../engine/node/cli.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progressTty: process.stderr.isTTY === true,
  ...(process.stdin.isTTY
    ? { terminal: { input: process.stdin, output: process.stdout } }
    : {
        readAll: async () => {
          const parts = [];
          for await (const chunk of process.stdin) parts.push(chunk);
          return Buffer.concat(parts).toString("utf8");
        },
      }),
});
