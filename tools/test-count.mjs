// The closing line of `npm test`, counted from vitest's JSON reports (one per package).
// A test file that fails as a whole (it cannot load, or a hook outside any test throws) has
// no failed assertion to count; it is one failure of its own, so a crash is never "0 failed".

// Types: test-count.d.mts.

/** One package's vitest `json` report. */
export function countReport(report) {
  const brokenFiles = (report.testResults ?? [])
    .filter((file) => file.status === "failed")
    .filter((file) => !(file.assertionResults ?? []).some((a) => a.status === "failed"))
    .map((file) => file.name);
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
    brokenFiles,
  };
}

/**
 * Sums the reports of one run. `runFailed` is the test runner's own verdict: when it failed
 * and no report shows why (a package whose vitest died before writing one), that is a failure.
 */
export function countRun(reports, { runFailed }) {
  const total = { passed: 0, failed: 0, skipped: 0, brokenFiles: [] };
  for (const report of reports) {
    const c = countReport(report);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    total.brokenFiles.push(...c.brokenFiles);
  }
  const unexplained = runFailed && total.failed === 0;
  if (unexplained) total.failed = 1;
  return { ...total, unexplained };
}

/** `N passed, N failed, N skipped`: the line CI and people read last. */
export function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
