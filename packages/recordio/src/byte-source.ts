import { AbortError } from "./errors.js";

/** The reader half of a WHATWG ReadableStream: all that `decode` needs of one. */
export interface ReadableStreamLike<T> {
  getReader(): {
    read(): Promise<{ done: true; value?: T | undefined } | { done: false; value: T }>;
    cancel(reason?: unknown): Promise<void>;
    releaseLock(): void;
  };
}

/**
 * Anything a Node user holds bytes in: an async iterable (Node Readable, undici body, async
 * generator), a WHATWG ReadableStream, or a plain iterable (an array of chunks).
 */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStreamLike<Uint8Array>;

/** One pull-based cursor over a source, with a way to cancel it that works mid-read. */
export interface SourceCursor<T> {
  next(): Promise<IteratorResult<T, unknown>>;
  /** Releases the source; `cancel` stops it (consumer left early, error or abort). */
  close(cancel: boolean, reason?: unknown): Promise<void>;
}

export function openSource<T>(
  source: AsyncIterable<T> | Iterable<T> | ReadableStreamLike<T>,
): SourceCursor<T> {
  // ReadableStream first: Node's is also async-iterable, but only the reader can cancel a
  // pending read.
  if (typeof (source as ReadableStreamLike<T>).getReader === "function") {
    const reader = (source as ReadableStreamLike<T>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<T, unknown>>,
      async close(cancel, reason) {
        if (cancel) await reader.cancel(reason);
        else reader.releaseLock();
      },
    };
  }
  if (typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === "function") {
    const iterator = (source as AsyncIterable<T>)[Symbol.asyncIterator]();
    return { next: () => iterator.next(), close: (cancel) => closeIterator(iterator, cancel, source) };
  }
  if (typeof (source as Iterable<T>)[Symbol.iterator] === "function") {
    const iterator = (source as Iterable<T>)[Symbol.iterator]();
    return {
      next: async () => iterator.next(),
      async close(cancel) {
        if (cancel) iterator.return?.();
      },
    };
  }
  throw new TypeError("RecordIO: the source must be an AsyncIterable, an Iterable or a ReadableStream");
}

async function closeIterator<T>(iterator: AsyncIterator<T>, cancel: boolean, source: unknown): Promise<void> {
  if (!cancel) return;
  // A Node stream's iterator is an async generator: its return() waits behind a pending
  // next(), forever if the stream stalls. destroy() ends it at once.
  const destroy = (source as { destroy?: unknown }).destroy;
  if (typeof destroy === "function") {
    destroy.call(source);
    return;
  }
  await iterator.return?.();
}

/**
 * Pulls the next item, rejecting with AbortError as soon as `signal` aborts, even while the
 * source is still waiting for data. No listener outlives the call.
 */
export function pull<T>(
  cursor: SourceCursor<T>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<T, unknown>> {
  if (signal === undefined) return cursor.next();
  if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AbortError(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    cursor.next().then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs `cursor.close`, best effort: a source that fails while being cancelled must not hide
 * the error that made us stop. Does not wait when a read may still be pending (abort): some
 * sources settle a pending read only when data arrives.
 */
export async function closeSource<T>(
  cursor: SourceCursor<T>,
  cancel: boolean,
  reason: unknown,
  readPending: boolean,
): Promise<void> {
  let closing: Promise<void>;
  try {
    closing = cursor.close(cancel, reason);
  } catch {
    return;
  }
  if (readPending) closing.catch(() => {});
  else await closing.catch(() => {});
}
