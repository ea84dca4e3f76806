// Where the command reads and writes: the process by default, buffers in tests.
import { Readable } from "node:stream";

export interface CliIO {
  readonly stdout: { write(text: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stdin: AsyncIterable<Uint8Array> & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Fires on SIGINT/SIGTERM (or a test's abort). */
  readonly signal: AbortSignal;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin as Readable & { isTTY?: boolean },
    env: process.env,
    signal,
  };
}

/** Colour when writing to a terminal, unless NO_COLOR; FORCE_COLOR forces it. */
export function colourEnabled(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

export function emptyStdin(): AsyncIterable<Uint8Array> {
  return Readable.from([]);
}
