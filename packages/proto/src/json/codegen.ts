// Shared switch and helper for the generated readers and writers (compiled-read.ts,
// compiled-write.ts): tests turn generation off to compare with the interpreting walks, and
// a process started with --disallow-code-generation-from-strings gets the walks instead.

let enabled = true;
const resets: (() => void)[] = [];

export const codegenEnabled = (): boolean => enabled;

/** Registers the cache clear of a module whose functions depend on the switch. */
export function onCodegenChange(reset: () => void): void {
  resets.push(reset);
}

/** Test hook: false makes new readers and writers use the interpreting walks. */
export function useCodegen(on: boolean): void {
  enabled = on;
  for (const reset of resets) reset();
}

/** `new Function("h", "r", body)(helpers, refs)`, or undefined where code generation is disallowed. */
export function instantiate<F>(body: string, helpers: object, refs: unknown[]): F | undefined {
  try {
    return new Function("h", "r", body)(helpers, refs) as F;
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
}
