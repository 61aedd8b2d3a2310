/**
 * What the commands kubook adds to a shell (kubectl, curl, watch, jobs …) share with the
 * session running them: the cluster and kubeconfig, the current command line's budget and
 * output record, the background-job table, and the session's requests (attach a container
 * shell, note something not simulated).
 */
import type { ExecRequest, InteractiveRequest, KubeConfig } from "../kubectl/host.ts";
import type { OutputChunk } from "../kubectl/output.ts";
import type { Cluster } from "../simulation/cluster.ts";
import type { VirtualBudget } from "./budget.ts";

export interface Job {
  readonly id: number;
  readonly pid: number;
  readonly command: string;
  readonly stop: () => void;
  /** The workstation ports a background `kubectl port-forward` listens on. */
  readonly ports: readonly number[];
}

export interface ShellServices {
  readonly cluster: Cluster;
  readonly config: KubeConfig;
  /** The budget of the command line now running. */
  budget(): VirtualBudget;
  record(chunk: OutputChunk): void;
  /** `$RANDOM`: 0–32767 from the session's seeded stream. */
  random(): number;
  note(text: string): void;
  attach(request: InteractiveRequest): void;
  readonly jobs: Job[];
  startJob(command: string, stop: () => void, ports?: readonly number[]): Job;
  execInContainer(
    request: ExecRequest,
  ): Promise<{ stdout: string; stderr: string; exitCode: number; missing?: boolean }>;
  /** Run `editor file` in the workstation shell over `content`; the file afterwards. */
  edit(
    editor: string,
    fileName: string,
    content: string,
  ): Promise<{ ok: true; content: string } | { ok: false; message: string }>;
}
