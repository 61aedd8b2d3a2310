/**
 * What kubectl needs from the machine it runs on: the cluster it talks to, the files of the
 * learner's workstation, the environment, stdin, the kubeconfig, and hooks for the few
 * commands that reach back into the shell (an editor for `edit`, an interactive shell for
 * `exec -it`/`run -it`). The shell provides it; tests provide a small one.
 */
import type { Cluster } from "../simulation/cluster.ts";

export interface KubeContext {
  readonly cluster: string;
  readonly user: string;
  namespace?: string;
}

/** The learner's ~/.kube/config as kind writes it: one context `kind-<cluster>`. */
export interface KubeConfig {
  currentContext: string;
  readonly contexts: Map<string, KubeContext>;
}

export function kindKubeConfig(clusterName: string): KubeConfig {
  const name = `kind-${clusterName}`;
  return { currentContext: name, contexts: new Map([[name, { cluster: name, user: name }]]) };
}

export type FileRead =
  | { readonly kind: "file"; readonly content: string }
  | { readonly kind: "dir"; readonly entries: readonly string[] }
  | { readonly kind: "missing" };

export interface InteractiveRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly argv: readonly string[];
  /** `kubectl run --rm`: delete the pod when the shell exits. */
  readonly removeOnExit: boolean;
  /** What kubectl prints when the session ends (`Session ended, resume using …`, or the delete line). */
  readonly kind: "exec" | "run";
}

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly argv: readonly string[];
  readonly stdin: string;
}

export interface KubectlHost {
  readonly cluster: Cluster;
  readonly config: KubeConfig;
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
  /** Whether stdin/stdout are a terminal (`-t` warns when they are not). */
  readonly tty: boolean;
  /** Virtual milliseconds a watch, follow or foreground port-forward may run before it is interrupted. */
  readonly budgetMs: number;
  /** Whether the shell runs this command in the background (`&`). */
  readonly background: boolean;
  readFile(path: string): Promise<FileRead>;
  /**
   * Run `editor file` in the learner's shell (KUBE_EDITOR / EDITOR) over a temporary file
   * holding `content`; the file's content afterwards, or the shell's failure.
   */
  edit?(
    editor: string,
    fileName: string,
    content: string,
  ): Promise<{ ok: true; content: string } | { ok: false; message: string }>;
  /**
   * Run a program in a container (`kubectl exec`, `kubectl run -i … -- cmd`): the image's
   * binary with the container's environment and files. `missing` when the image has no such
   * executable (the runtime's error is kubectl's to print).
   */
  execInContainer?(
    request: ExecRequest,
  ): Promise<{ stdout: string; stderr: string; exitCode: number; missing?: boolean }>;
  /** `exec -it … sh` / `run -it … sh`: the shell switches to this container until `exit`. */
  attach?(request: InteractiveRequest): void;
  /** Note something the simulation does not model (printed by the shell as a `kubook:` note). */
  note?(text: string): void;
  /** A background job the shell can list and kill (`kubectl port-forward … &`). */
  startJob?(job: { readonly command: string; readonly stop: () => void; readonly ports?: readonly number[] }): void;
}
