import { describe, expect, it } from "vitest";
import { buildNote } from "../src/report/build.js";
import { formatMs, toMarkdown } from "../src/report/markdown.js";
import { Progress } from "../src/report/progress.js";
import { type ResultRow, summarize, verdict } from "../src/report/row.js";

const row = (over: Partial<ResultRow>): ResultRow => ({
  scenario: "subscribe",
  contentType: "json",
  target: "local",
  mesosVersion: "1.11.0",
  status: "pass",
  ms: 12,
  detail: "",
  ...over,
});

describe("verdict", () => {
  it("fails an empty run, any failure, and a run where nothing was runnable", () => {
    expect(verdict([])).toBe("no scenario ran");
    expect(verdict([row({}), row({ status: "fail" })])).toMatch(/1 of 2 rows failed/);
    expect(verdict([row({ status: "not-runnable" }), row({ status: "not-runnable" })])).toMatch(
      /nothing was checked/,
    );
    expect(verdict([row({}), row({ status: "not-runnable" })])).toBeUndefined();
  });

  it("counts", () => {
    expect(summarize([row({}), row({ status: "fail" }), row({ status: "not-runnable" })])).toEqual({
      pass: 1,
      fail: 1,
      notRunnable: 1,
    });
  });
});

describe("toMarkdown", () => {
  const rows = [
    row({ scenario: "subscribe", contentType: "json", ms: 12 }),
    row({ scenario: "subscribe", contentType: "protobuf", ms: 1500 }),
    row({
      scenario: "docker task",
      contentType: "json",
      status: "not-runnable",
      ms: 0,
      detail: "no | docker",
    }),
    row({ scenario: "kill", contentType: "protobuf", status: "fail", ms: 30_000, detail: "timed out" }),
  ];
  const md = toMarkdown(rows, { generatedAt: "2026-11-22T00:00:00Z", notes: ["target: local"] });

  it("has one column per content type × target/version and one line per scenario", () => {
    expect(md).toContain("| scenario | json @ local 1.11.0 | protobuf @ local 1.11.0 |");
    expect(md).toContain("| subscribe | pass (12 ms) | pass (1.5 s) |");
    expect(md).toContain("| docker task | not runnable | – |");
    expect(md).toContain("| kill | – | **FAIL** (30.0 s) |");
  });

  it("explains failures and not-runnable rows, escaping table syntax", () => {
    expect(md).toContain("- kill / protobuf @ local 1.11.0: **FAIL**: timed out");
    expect(md).toContain("no \\| docker");
    expect(md).toContain("1 pass".replace("1", "2"));
    expect(md).toContain("- target: local");
  });

  it("formats times", () => {
    expect(formatMs(999)).toBe("999 ms");
    expect(formatMs(61_234)).toBe("61.2 s");
  });
});

describe("Progress", () => {
  it("writes one line per row in logs, a rewritten line on a terminal", () => {
    const log: string[] = [];
    const p = new Progress(12, { isTTY: false, write: (t) => log.push(t) });
    p.started("subscribe/json");
    p.finished(row({}));
    p.finished(row({ status: "fail", detail: "boom" }));
    expect(log).toEqual([
      "[ 1/12] subscribe/json: PASS 12 ms\n",
      "[ 2/12] subscribe/json: FAIL 12 ms (boom)\n",
    ]);
    const tty: string[] = [];
    const t = new Progress(2, { isTTY: true, write: (x) => tty.push(x) });
    t.started("kill/json");
    expect(tty[0]).toBe("\r\x1b[2K[1/2] kill/json …");
  });
});

describe("notes of passing rows", () => {
  it("are listed under Notes (the failover timings)", () => {
    const md = toMarkdown(
      [row({ scenario: "leading-master failover", detail: "kill → SUBSCRIBED 4086 ms" })],
      {
        generatedAt: "now",
        notes: [],
      },
    );
    expect(md).toContain(
      "## Notes\n\n- leading-master failover / json @ local 1.11.0: kill → SUBSCRIBED 4086 ms",
    );
  });
});

describe("buildNote", () => {
  it("names the version and whichever build facts GET_VERSION gave", () => {
    expect(
      buildNote({
        version: "1.12.0",
        build_date: "2020-11-16 00:00:00",
        build_user: "root",
        git_sha: "c1b42f79d0123456789",
        git_tag: "1.12.0",
      }),
    ).toBe(
      "Mesos under test (GET_VERSION): 1.12.0 (build 2020-11-16 00:00:00, by root, git c1b42f79d, tag 1.12.0)",
    );
    // A source build without git facts (as the 1.12.0 recorded for issue 13).
    expect(buildNote({ version: "1.12.0", build_date: "2020-11-16", build_user: "" })).toBe(
      "Mesos under test (GET_VERSION): 1.12.0 (build 2020-11-16)",
    );
    expect(buildNote(undefined)).toBe("Mesos build: GET_VERSION named none");
  });
});
