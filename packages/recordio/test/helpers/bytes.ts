import { type DecodeOptions, decode } from "../../src/index.js";

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

/** Cuts `bytes` at the given offsets (any order, duplicates and out-of-range ones ignored). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  return chunks;
}

export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let pos = 0; pos < bytes.length; pos += size) chunks.push(bytes.slice(pos, pos + size));
  return chunks;
}

/** The hostile chunkings every codec test runs: whole, 1 byte at a time, halves, 7-byte pieces. */
export function chunkings(bytes: Uint8Array): Array<[string, Uint8Array[]]> {
  return [
    ["whole", [bytes]],
    ["1-byte chunks", splitEvery(bytes, 1)],
    ["halves", splitAt(bytes, [Math.floor(bytes.length / 2)])],
    ["7-byte chunks", splitEvery(bytes, 7)],
  ];
}

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Decodes everything; on failure returns the records delivered before the error, and the error. */
export async function decodeAll(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: DecodeOptions,
): Promise<{ records: Uint8Array[]; error: unknown }> {
  const records: Uint8Array[] = [];
  try {
    for await (const record of decode(chunks, options)) records.push(record);
    return { records, error: undefined };
  } catch (error) {
    return { records, error };
  }
}
