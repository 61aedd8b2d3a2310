/**
 * Assertions detect bugs in kubook, never user mistakes: user mistakes are values
 * (an API Status, stderr and an exit code). A failed assertion means the engine is wrong.
 */
export class KubookBug extends Error {
  constructor(message: string) {
    super(`kubook bug: ${message} (please report it with the lesson or commands that led here)`);
    this.name = "KubookBug";
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new KubookBug(message);
}
