// Runs `mesos-ts` in-process with captured output (the same main() the bin runs).
import { Readable } from "node:stream";
import { main } from "../../src/index.js";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  readonly signal?: AbortSignal;
  /** Pretend stdout and stderr are terminals (colour, progress). */
  readonly tty?: boolean;
  /** Called with each stdout write (for following output as it comes). */
  readonly onStdout?: (text: string) => void;
}

export async function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: {
      isTTY: options.tty === true,
      write: (t: string | Uint8Array) => {
        const text = typeof t === "string" ? t : Buffer.from(t).toString();
        stdout += text;
        options.onStdout?.(text);
        return true;
      },
    },
    stderr: {
      isTTY: options.tty === true,
      write: (t: string | Uint8Array) => {
        stderr += typeof t === "string" ? t : Buffer.from(t).toString();
        return true;
      },
    },
    stdin: Readable.from(options.stdin ?? []),
    env: { ...options.env },
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}
