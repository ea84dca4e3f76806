// npm test's closing line: counted from vitest JSON reports, a file that crashed counts.
import { describe, expect, it } from "vitest";
import { closingLine, countReport, countRun } from "../test-count.mjs";

const passing = {
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 1,
  numFailedTestSuites: 0,
  testResults: [
    {
      name: "/repo/packages/a/test/ok.test.ts",
      status: "passed",
      assertionResults: [
        { status: "passed" },
        { status: "passed" },
        { status: "passed" },
        { status: "skipped" },
      ],
    },
  ],
};
// What vitest writes when a test file throws while loading: no assertion, the file failed.
const loadCrash = {
  numPassedTests: 2,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: 1,
  testResults: [
    {
      name: "/repo/packages/b/test/schema.test.ts",
      status: "failed",
      message: "ENOENT: no such file or directory, open '../shared/x.json'",
      assertionResults: [],
    },
    { name: "/repo/packages/b/test/ok.test.ts", status: "passed", assertionResults: [{ status: "passed" }] },
  ],
};
const oneFailure = {
  numPassedTests: 1,
  numFailedTests: 1,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: 1,
  testResults: [
    {
      name: "/repo/packages/c/test/x.test.ts",
      status: "failed",
      assertionResults: [{ status: "passed" }, { status: "failed" }],
    },
  ],
};

describe("countReport", () => {
  it("counts passed, failed, and skipped plus todo", () => {
    expect(countReport(passing)).toEqual({ passed: 3, failed: 0, skipped: 2, brokenFiles: [] });
  });

  it("counts a file that failed to load as one failure", () => {
    expect(countReport(loadCrash)).toEqual({
      passed: 2,
      failed: 1,
      skipped: 0,
      brokenFiles: ["/repo/packages/b/test/schema.test.ts"],
    });
  });

  it("does not count a file twice when its failed tests already say why", () => {
    expect(countReport(oneFailure)).toMatchObject({ failed: 1, brokenFiles: [] });
  });
});

describe("countRun", () => {
  it("sums every package's report", () => {
    const total = countRun([passing, loadCrash, oneFailure], { runFailed: true });
    expect(closingLine(total)).toBe("6 passed, 2 failed, 2 skipped");
    expect(total.unexplained).toBe(false);
  });

  it("a failed run with no failure in any report is one failure, never 0 failed", () => {
    const total = countRun([passing], { runFailed: true });
    expect(closingLine(total)).toBe("3 passed, 1 failed, 2 skipped");
    expect(total.unexplained).toBe(true);
  });

  it("a clean run is clean", () => {
    expect(closingLine(countRun([passing, passing], { runFailed: false }))).toBe(
      "6 passed, 0 failed, 4 skipped",
    );
  });
});
