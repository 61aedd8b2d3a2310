/**
 * The programs kubook adds to just-bash: kubectl on the workstation, the network tools
 * (curl, wget, nslookup, dig, ping, nc) wherever the image ships them, and the small
 * programs whose output depends on the simulated machine (date, hostname, ip, uname, id,
 * whoami) or on the session (watch, jobs, kill, wait). Each is a row: name → program.
 */
import { type Command, defineCommand } from "just-bash";
import { fnv1a32 } from "../core/hash.ts";
import type { KubectlHost } from "../kubectl/host.ts";
import { runKubectl } from "../kubectl/kubectl.ts";
import type { ConnectionTrace, Source } from "../network/types.ts";
import { strftime } from "./date.ts";
import { backgroundMark, bytesToText, pipedMark, restoreCommand, stopCommand } from "./marks.ts";
import type { ShellServices } from "./services.ts";

type Result = { stdout: string; stderr: string; exitCode: number };

function done(stdout: string, stderr = "", exitCode = 0): Result {
  return { stdout, stderr, exitCode };
}

export function kubectlCommand(services: ShellServices, name = "kubectl"): Command {
  return defineCommand(name, async (args, ctx) => {
    const host: KubectlHost = {
      cluster: services.cluster,
      config: services.config,
      env: Object.fromEntries([...ctx.env].filter(([k]) => k !== pipedMark && k !== backgroundMark)),
      stdin: bytesToText(String(ctx.stdin)),
      tty: ctx.env.get(pipedMark) !== "1",
      budgetMs: services.budget().remainingMs,
      background: ctx.env.get(backgroundMark) === "1",
      async readFile(path) {
        const full = ctx.fs.resolvePath(ctx.cwd, path);
        if (!(await ctx.fs.exists(full))) return { kind: "missing" };
        const st = await ctx.fs.stat(full);
        if (st.isDirectory) return { kind: "dir", entries: await ctx.fs.readdir(full) };
        return { kind: "file", content: await ctx.fs.readFile(full) };
      },
      edit: (editor, fileName, content) => services.edit(editor, fileName, content),
      attach: (request) => services.attach(request),
      note: (text) => services.note(text),
      startJob: (job) => {
        services.startJob(job.command, job.stop, job.ports);
      },
      execInContainer: (request) => services.execInContainer(request),
    };
    const r = await runKubectl(args, host);
    for (const c of r.chunks) services.record(c);
    if (r.interrupted) services.budget().interrupt();
    return done(r.stdout, r.stderr, r.exitCode);
  });
}

/** A client tool from engine/tools, run at `source` through the data path. */
export function networkToolCommand(services: ShellServices, name: string, source: Source): Command {
  return defineCommand(name, async (args, ctx) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.exportedEnv ?? Object.fromEntries(ctx.env)))
      if (k !== pipedMark && k !== backgroundMark) env[k] = v;
    const before = services.cluster.network.traces(1)[0];
    const r = services.cluster.network.run(source, [name, ...args], {
      stdin: bytesToText(String(ctx.stdin)),
      budgetMs: Math.max(1, services.budget().remainingMs),
      tty: ctx.env.get(pipedMark) !== "1",
      env,
    });
    if (r.interrupted) services.budget().interrupt();
    if (source.kind === "workstation") announceForwardedConnections(services, before);
    services.record({ stream: "stderr", text: r.stderr });
    services.record({ stream: "stdout", text: r.stdout });
    return done(r.stdout, r.stderr, r.exitCode);
  });
}

/**
 * A background `kubectl port-forward` writes `Handling connection for 8080` to the terminal
 * each time the workstation connects to its port — between the prompt and the client's output.
 */
function announceForwardedConnections(services: ShellServices, before: ConnectionTrace | undefined): void {
  const ports = new Set(services.jobs.flatMap((j) => j.ports));
  if (ports.size === 0) return;
  const recent = services.cluster.network.traces();
  const start = before ? recent.lastIndexOf(before) + 1 : 0;
  for (const t of recent.slice(start))
    if (t.from.source.kind === "workstation" && ports.has(t.to.port) && ["127.0.0.1", "::1"].includes(t.to.ip))
      services.record({ stream: "stdout", text: `Handling connection for ${t.to.port}\n`, direct: true });
}

/** `date` on the simulated clock (busybox and coreutils print the same default in the C locale). */
export function dateCommand(services: ShellServices): Command {
  return defineCommand("date", async (args) => {
    const now = services.cluster.nowMs;
    const format = args.find((a) => a.startsWith("+"));
    const bad = args.find((a) => !a.startsWith("+") && a !== "-u" && a !== "--utc");
    if (bad) return done("", `date: invalid date '${bad}'\n`, 1);
    return done(`${strftime(format ? format.slice(1) : "%a %b %e %H:%M:%S %Z %Y", now)}\n`);
  });
}

export function hostnameCommand(hostname: string, podIP: string): Command {
  return defineCommand("hostname", async (args) => {
    if (args.includes("-i")) return done(`${podIP}\n`);
    if (args.length > 0 && !args[0]!.startsWith("-"))
      return done("", "hostname: sethostname: Operation not permitted\n", 1);
    return done(`${hostname}\n`);
  });
}

/** `ip addr` / `ip a` as busybox prints it in a kind pod: loopback and the veth end (eth0@ifN). */
export function ipCommand(podIP: string, ifIndex: number): Command {
  return defineCommand("ip", async (args) => {
    const [object = "", ...rest] = args;
    if (!["a", "addr", "address", "r", "route"].includes(object) || (rest.length > 0 && rest[0] !== "show"))
      return done("", `kubook: ip ${args.join(" ")} is not simulated (ip addr and ip route are)\n`, 1);
    if (object === "r" || object === "route") {
      const gw = podIP.split(".").slice(0, 3).join(".");
      return done(
        `default via ${gw}.1 dev eth0 \n${gw}.0/24 via ${gw}.1 dev eth0  src ${podIP} \n${gw}.1 dev eth0 scope link  src ${podIP} \n`,
      );
    }
    // A veth end's MAC is random and locally administered (second bit of the first byte set).
    const h = `${fnv1a32(`mac/${podIP}`).toString(16).padStart(8, "0")}${fnv1a32(`mac2/${podIP}`).toString(16).padStart(8, "0")}`;
    const bytes = h.slice(0, 12).match(/../g)!;
    bytes[0] = ((Number.parseInt(bytes[0]!, 16) & 0xfe) | 0x02).toString(16).padStart(2, "0");
    const mac = bytes.join(":");
    return done(
      [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
        "    inet6 ::1/128 scope host ",
        "       valid_lft forever preferred_lft forever",
        `2: eth0@if${ifIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue `,
        `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`,
        `    inet ${podIP}/24 brd ${podIP.split(".").slice(0, 3).join(".")}.255 scope global eth0`,
        "       valid_lft forever preferred_lft forever",
        "",
      ].join("\n"),
    );
  });
}

export function identityCommands(user: string, hostname: string): Command[] {
  const root = user === "root" || user === "0";
  const uid = root ? 0 : 100;
  return [
    defineCommand("whoami", async () => done(`${root ? "root" : user}\n`)),
    defineCommand("id", async () =>
      done(
        root
          ? "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
          : `uid=${uid}(${user}) gid=101(${user}) groups=101(${user})\n`,
      ),
    ),
    defineCommand("uname", async (args) => {
      if (args.includes("-a")) return done(`Linux ${hostname} 6.8.0-kubook #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n`);
      if (args.includes("-r")) return done("6.8.0-kubook\n");
      return done("Linux\n");
    }),
  ];
}

/** A binary the image has but kubook does not model: say so, distinguishably from a real error. */
export function notSimulatedCommand(name: string): Command {
  return defineCommand(name, async () => done("", `kubook: ${name} is not simulated\n`, 1));
}

/** `watch [-n SECS] [-t] COMMAND`: the last screen it would show when interrupted. */
export function watchCommand(services: ShellServices): Command {
  return defineCommand("watch", async (args, ctx) => {
    let interval = 2;
    let title = true;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-n" || a === "--interval") interval = Number(args[++i]);
      else if (a.startsWith("-n")) interval = Number(a.slice(2));
      else if (a === "-t" || a === "--no-title") title = false;
      else break;
    }
    if (!Number.isFinite(interval) || interval <= 0) return done("", "watch: failed to parse argument\n", 1);
    const command = args.slice(i).join(" ");
    if (!command || !ctx.exec) return done("", "Usage:\n watch [options] command\n", 1);
    let screen = "";
    for (let n = 0; n < 10_000; n++) {
      const r = await ctx.exec(command, { cwd: ctx.cwd });
      screen = r.stdout + r.stderr;
      const budget = services.budget();
      if (budget.remainingMs <= interval * 1000) {
        budget.sleep(budget.remainingMs);
        break;
      }
      budget.sleep(interval * 1000);
    }
    const header = title ? watchHeader(interval, command, services.cluster.nowMs) : "";
    services.budget().interrupt();
    return done(header + screen);
  });
}

/** procps watch's title line: `Every 2.0s: CMD` and `host: date` at the right of an 80-column screen. */
function watchHeader(interval: number, command: string, nowMs: number): string {
  const left = `Every ${interval.toFixed(1)}s: ${command}`;
  const right = `kubook: ${strftime("%a %b %e %H:%M:%S %Y", nowMs)}`;
  const gap = Math.max(1, 80 - left.length - right.length);
  return `${left}${" ".repeat(gap)}${right}\n\n`;
}

/** `jobs`, `kill`, `wait` over the session's background jobs (port-forwards keep running). */
export function jobCommands(services: ShellServices): Command[] {
  const find = (spec: string) => {
    if (spec.startsWith("%")) {
      const id = spec === "%%" || spec === "%+" ? services.jobs.at(-1)?.id : Number(spec.slice(1));
      return services.jobs.find((j) => j.id === id);
    }
    return services.jobs.find((j) => String(j.pid) === spec);
  };
  return [
    defineCommand("jobs", async (args) => {
      const lines = services.jobs.map((j, i) => {
        const mark = i === services.jobs.length - 1 ? "+" : i === services.jobs.length - 2 ? "-" : " ";
        const pid = args.includes("-l") ? `${j.pid} ` : "";
        return `[${j.id}]${mark}  ${pid}${"Running".padEnd(24)}${j.command} &\n`;
      });
      return done(lines.join(""));
    }),
    defineCommand("kill", async (args) => {
      const targets: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === "-s" || a === "-n") i++;
        else if (!a.startsWith("-")) targets.push(a);
      }
      if (targets.length === 0)
        return done(
          "",
          "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
          2,
        );
      let code = 0;
      let err = "";
      for (const t of targets) {
        const job = find(t);
        if (!job) {
          err += t.startsWith("%") ? `bash: kill: ${t}: no such job\n` : `bash: kill: (${t}) - No such process\n`;
          code = 1;
          continue;
        }
        job.stop();
        services.jobs.splice(services.jobs.indexOf(job), 1);
      }
      return done("", err, code);
    }),
    defineCommand("wait", async () => {
      // Background port-forwards never end on their own: wait blocks until Ctrl-C.
      if (services.jobs.length > 0) {
        const b = services.budget();
        b.sleep(b.remainingMs);
        return done("", "", 130);
      }
      return done("");
    }),
  ];
}

/** The guards marks.ts puts between statements: stop when the budget is spent, else give `$?` back. */
export function guardCommands(services: ShellServices): Command[] {
  let saved = 0;
  return [
    defineCommand(stopCommand, async (args) => {
      saved = Number(args[0] ?? 0);
      return done("", "", services.budget().step() ? 0 : 1);
    }),
    defineCommand(restoreCommand, async () => done("", "", saved)),
  ];
}

/** `sudo cmd` on the workstation: the learner is allowed; run the command as is. */
export function sudoCommand(): Command {
  return defineCommand("sudo", async (args, ctx) => {
    if (args.length === 0 || !ctx.exec) return done("", "usage: sudo command\n", 1);
    const quoted = args.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ");
    return ctx.exec(quoted, { cwd: ctx.cwd, stdin: bytesToText(String(ctx.stdin)) });
  });
}
