import { afterEach } from "vitest";
import { FakeMaster } from "./fake-master.js";

type Cleanup = () => Promise<void> | void;

/**
 * Undo what each test started, in reverse order, after each test of the calling file; and a
 * fake master that is closed that way. Call once at the top level of a test file.
 */
export function cleanupAfterEach(): {
  cleanups: Cleanup[];
  master: (options?: ConstructorParameters<typeof FakeMaster>[0]) => Promise<FakeMaster>;
} {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    cleanups,
    async master(options = {}) {
      const m = await FakeMaster.start(options);
      cleanups.push(() => m.close());
      return m;
    },
  };
}
