import { AbortedError } from "./errors.js";

/** A controller aborted by any of `signals`; `dispose()` removes its listeners. */
export function linkedController(...signals: Array<AbortSignal | undefined>): {
  controller: AbortController;
  dispose(): void;
} {
  const controller = new AbortController();
  const listeners: Array<[AbortSignal, () => void]> = [];
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const on = () => controller.abort(s.reason);
    s.addEventListener("abort", on, { once: true });
    listeners.push([s, on]);
  }
  return {
    controller,
    dispose: () => {
      for (const [s, on] of listeners) s.removeEventListener("abort", on);
    },
  };
}

/** setTimeout as a promise that rejects with AbortedError on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
