/** Shared fixtures for the printer tests: stored objects built by hand, with a fixed clock. */
import type { StoredObject } from "../../../../engine/index.ts";

export const nowMs = Date.parse("2026-01-01T12:00:00Z");

/** An RFC 3339 timestamp `seconds` before nowMs. */
export function ago(seconds: number): string {
  return new Date(nowMs - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

type Meta = Partial<StoredObject["metadata"]>;

export function stored<T extends object>(
  apiVersion: string,
  kind: string,
  name: string,
  ageSeconds: number,
  rest: T,
  metadata: Meta = {},
): StoredObject & T {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      resourceVersion: "1",
      creationTimestamp: ago(ageSeconds),
      ...metadata,
    },
    ...rest,
  } as StoredObject & T;
}
