import { connect } from "node:net";

/** Sends a ZooKeeper four-letter command (`ruok`, `srvr`, …) over TCP and returns the whole reply. */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to ${word} in ${timeoutMs} ms`)));
    socket.on("connect", () => socket.end(word));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/**
 * Polls until the server answers `ruok` with `imok` and `srvr` with its status (ZooKeeper says
 * `imok` a moment before it serves requests), or the deadline passes.
 */
export async function waitForImok(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (
        (await fourLetterWord(host, port, "ruok", 500)) === "imok" &&
        (await fourLetterWord(host, port, "srvr", 500)).startsWith("Zookeeper version")
      ) {
        return true;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
