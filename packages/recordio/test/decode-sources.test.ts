import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AbortError, decode, encode, RecordIOError, TruncatedRecordError } from "../src/index.js";
import { asAsync, concat, decodeAll, splitEvery, text, utf8 } from "./helpers/bytes.js";

const payloads = ["one", "", "three ✓", "x".repeat(300)];
const stream = concat(payloads.map((p) => encode(utf8(p))));
const chunks = splitEvery(stream, 5);

/** A ReadableStream that records how many chunks were pulled and whether it was cancelled. */
function trackedStream(parts: Uint8Array[]) {
  const state = { pulled: 0, cancelled: false as boolean, reason: undefined as unknown };
  const readable = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const part = parts[state.pulled++];
        if (part === undefined) controller.close();
        else controller.enqueue(part);
      },
      cancel(reason) {
        state.cancelled = true;
        state.reason = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { readable, state };
}

/** An async iterable that never yields: a stalled connection. */
function stalled(): AsyncIterable<Uint8Array> & { returned: boolean } {
  const source = {
    returned: false,
    [Symbol.asyncIterator]() {
      return {
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: async () => {
          source.returned = true;
          return { done: true as const, value: undefined };
        },
      };
    },
  };
  return source;
}

describe("decode() sources", () => {
  it("reads an async generator", async () => {
    const { records } = await decodeAll(asAsync(chunks));
    expect(records.map(text)).toEqual(payloads);
  });

  it("reads a plain array of chunks", async () => {
    expect((await decodeAll(chunks)).records.map(text)).toEqual(payloads);
  });

  it("reads a Node Readable of Buffers", async () => {
    const readable = Readable.from(chunks.map((c) => Buffer.from(c)));
    expect((await decodeAll(readable)).records.map(text)).toEqual(payloads);
  });

  it("reads a WHATWG ReadableStream and releases it at the end", async () => {
    const { readable, state } = trackedStream(chunks);
    expect((await decodeAll(readable)).records.map(text)).toEqual(payloads);
    expect(state.cancelled).toBe(false);
    expect(readable.locked).toBe(false);
  });

  it("reads the body of a fetch Response", async () => {
    const response = new Response(new Blob([stream]));
    expect((await decodeAll(response.body as ReadableStream<Uint8Array>)).records.map(text)).toEqual(
      payloads,
    );
  });

  it("rejects a Readable in string mode with a TypeError", async () => {
    const readable = Readable.from(["3\nabc"], { objectMode: true });
    const { error } = await decodeAll(readable as AsyncIterable<Uint8Array>);
    expect(error).toBeInstanceOf(TypeError);
  });

  it("rejects a source that is not iterable at the first next(), then reports done", async () => {
    const iterator = decode(42 as unknown as Iterable<Uint8Array>);
    await expect(iterator.next()).rejects.toBeInstanceOf(TypeError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it("after any error, further next() calls report done instead of hanging or re-reading", async () => {
    let reads = 0;
    const source = {
      [Symbol.iterator]: () => ({ next: () => ({ done: reads++ > 5, value: utf8("1\nx?") }) }),
    } as Iterable<Uint8Array>;
    const iterator = decode(source);
    expect(text((await iterator.next()).value as Uint8Array)).toBe("x");
    await expect(iterator.next()).rejects.toBeInstanceOf(RecordIOError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(reads).toBe(1);
  });

  it("checks options at the call, not at the first iteration", () => {
    expect(() => decode(chunks, { maxRecordBytes: -1 })).toThrow(RangeError);
  });

  it("passes a source error through unchanged", async () => {
    const boom = new Error("connection reset");
    async function* failing() {
      yield utf8("2\nok");
      throw boom;
    }
    const { records, error } = await decodeAll(failing());
    expect(records.map(text)).toEqual(["ok"]);
    expect(error).toBe(boom);
  });

  it("serves concurrent next() calls in order", async () => {
    const iterator = decode(asAsync(chunks));
    const results = await Promise.all(payloads.map(() => iterator.next()));
    expect(results.map((r) => (r.done ? "done" : text(r.value)))).toEqual(payloads);
    expect((await iterator.next()).done).toBe(true);
  });
});

describe("backpressure and cancellation", () => {
  it("pulls one chunk at a time: a consumer that stops reading stops the reads", async () => {
    const many = Array.from({ length: 100 }, (_, i) => encode(utf8(`record ${i}`)));
    const { readable, state } = trackedStream(many);
    const iterator = decode(readable);
    await iterator.next();
    await iterator.next();
    // Give a greedy implementation every chance to read ahead.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.pulled).toBeLessThanOrEqual(3);
    await iterator.return?.();
    expect(state.cancelled).toBe(true);
  });

  it("breaking out of for-await cancels the ReadableStream", async () => {
    const { readable, state } = trackedStream(chunks);
    for await (const _record of decode(readable)) break;
    expect(state.cancelled).toBe(true);
  });

  it("breaking out of for-await destroys a Node Readable", async () => {
    const readable = Readable.from(chunks.map((c) => Buffer.from(c)));
    for await (const _record of decode(readable)) break;
    expect(readable.destroyed).toBe(true);
  });

  it("a decode error cancels the source", async () => {
    const { readable, state } = trackedStream([utf8("1\na"), utf8("!"), utf8("1\nb")]);
    const { records, error } = await decodeAll(readable);
    expect(records.map(text)).toEqual(["a"]);
    expect(error).toBeInstanceOf(RecordIOError);
    expect(state.cancelled).toBe(true);
  });
});

describe("abort", () => {
  it("an already-aborted signal fails at once with AbortError carrying the reason", async () => {
    const reason = new Error("shutting down");
    const { records, error } = await decodeAll(chunks, { signal: AbortSignal.abort(reason) });
    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toBeInstanceOf(RecordIOError);
    expect((error as AbortError).code).toBe("MESOS_RECORDIO_ABORTED");
    expect((error as AbortError).name).toBe("AbortError");
    expect((error as AbortError).cause).toBe(reason);
  });

  it("interrupts a read that is waiting on a stalled source, and cancels the source", async () => {
    const controller = new AbortController();
    const source = stalled();
    const pending = decodeAll(source, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const { error } = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(source.returned).toBe(true);
  });

  it("interrupts a stalled ReadableStream and cancels it with the abort error", async () => {
    const controller = new AbortController();
    let cancelled: unknown;
    const readable = new ReadableStream<Uint8Array>({
      cancel(reason) {
        cancelled = reason;
      },
    });
    const pending = decodeAll(readable, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const { error } = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(cancelled).toBe(error);
  });

  it("stops between records of one chunk, after delivering the ones already taken", async () => {
    const controller = new AbortController();
    const records: string[] = [];
    let error: unknown;
    try {
      for await (const record of decode([stream], { signal: controller.signal })) {
        records.push(text(record));
        if (records.length === 2) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(records).toEqual(payloads.slice(0, 2));
    expect(error).toBeInstanceOf(AbortError);
  });

  it("removes its abort listener after each read (no listener leak over many chunks)", async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      remove(...args);
    }) as typeof remove;
    const { records } = await decodeAll(asAsync(splitEvery(stream, 1)), { signal });
    expect(records).toHaveLength(payloads.length);
    expect(added).toBeGreaterThan(100);
    expect(removed).toBe(added);
  });

  it("a truncated stream is still reported when a signal is given", async () => {
    const { error } = await decodeAll([utf8("5\nab")], { signal: new AbortController().signal });
    expect(error).toBeInstanceOf(TruncatedRecordError);
  });
});
