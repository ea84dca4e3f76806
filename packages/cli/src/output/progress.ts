// "Waiting for …" on stderr while something takes time, only on a terminal (never in pipes or
// --json output), erased when done.
import type { CliIO } from "../io.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export async function withProgress<T>(io: CliIO, label: string, work: Promise<T>): Promise<T> {
  if (io.stderr.isTTY !== true) return work;
  let frame = 0;
  const draw = () => io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`);
  const timer = setInterval(draw, 100);
  draw();
  try {
    return await work;
  } finally {
    clearInterval(timer);
    io.stderr.write(`\r${" ".repeat(label.length + 2)}\r`);
  }
}
