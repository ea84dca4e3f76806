/** Where human-readable lines go (stdout normally, stderr with --json). */
export type LineWriter = (line: string) => void;

/**
 * Progress display: one line per step or task state change, prefixed with the elapsed time.
 * Plain lines (no cursor tricks), so it reads the same in a terminal, a pipe or a CI log.
 */
export class Progress {
  readonly #write: LineWriter;
  readonly #start: number;

  constructor(write: LineWriter, start = performance.now()) {
    this.#write = write;
    this.#start = start;
  }

  /** Seconds since the start. */
  elapsed(): number {
    return (performance.now() - this.#start) / 1000;
  }

  line(message: string): void {
    this.#write(`[${this.elapsed().toFixed(2).padStart(6)}s] ${message}`);
  }

  task(taskId: string, state: string, detail: string): void {
    this.line(`${taskId.padEnd(10)} ${state.padEnd(15)} ${detail}`);
  }

  /** A line without the time prefix (summary, outputs). */
  raw(text: string): void {
    this.#write(text);
  }
}
