// Types of test-count.mjs (a plain script, so that `npm test` runs before any build).

/** The parts of vitest's `json` reporter output that are counted. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status: string; assertionResults?: { status: string }[] }[];
}

export interface Count {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed as a whole (did not load, or a hook outside any test threw). */
  brokenFiles: string[];
}

export function countReport(report: VitestReport): Count;
export function countRun(
  reports: VitestReport[],
  options: { runFailed: boolean },
): Count & { /** The run failed and no report says why: counted as one failure. */ unexplained: boolean };
export function closingLine(count: Pick<Count, "passed" | "failed" | "skipped">): string;
