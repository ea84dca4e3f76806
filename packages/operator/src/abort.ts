/** A controller aborted by any of `signals` (with its reason); `dispose()` removes its listeners. */
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
