import type { ServerResponse } from "node:http";

/** Writes `bytes` in 64 KiB chunks, waiting for `drain` whenever the socket is full (benches' masters). */
export function writeInChunks(res: ServerResponse, bytes: Uint8Array, chunk = 65536): void {
  let off = 0;
  const pump = () => {
    while (off < bytes.length) {
      const end = Math.min(off + chunk, bytes.length);
      const ok = res.write(bytes.subarray(off, end));
      off = end;
      if (!ok) return void res.once("drain", pump);
    }
  };
  pump();
}
