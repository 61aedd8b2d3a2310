/**
 * What the data path needs from the container runtime (the kubelet implements it): who
 * listens where inside a pod right now, and a container's environment, files, log and
 * per-process state while it answers a request.
 */
import type { HttpHandler, UdpHandler } from "../images/http.ts";
import type { Protocol } from "./types.ts";

export interface ListeningSocket {
  readonly container: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** The image repository of the container (CoreDNS's sockets are answered by the cluster DNS). */
  readonly repository: string;
  readonly http?: HttpHandler;
  readonly udp?: UdpHandler;
}

export interface ContainerRuntime {
  /** The sockets the running containers of a pod listen on, at this instant. */
  listening(podUid: string): readonly ListeningSocket[];
  /** A running container's environment; undefined when it is not running. */
  env(podUid: string, container: string): Readonly<Record<string, string>> | undefined;
  readFile(podUid: string, container: string, path: string): string | undefined;
  writeFile(
    podUid: string,
    container: string,
    path: string,
    content: string,
  ): { readonly ok: true } | { readonly ok: false; readonly message: string };
  /** Remove a file from a running container (false when it has no such file). */
  removeFile(podUid: string, container: string, path: string): boolean;
  /** Every file a running container has: the image's, with what was written or removed since. */
  files(podUid: string, container: string): Readonly<Record<string, string>>;
  appendLog(podUid: string, container: string, stream: "stdout" | "stderr", text: string): void;
  /** State a process keeps across requests; reset when the container restarts. */
  processState(podUid: string, container: string): Record<string, string | number | boolean>;
  /** The first container of the pod (the default for exec and for a pod as a client). */
  defaultContainer(podUid: string): string | undefined;
}
