/** One line of the conformance report: a scenario in one content type on one target. */
export type ContentType = "json" | "protobuf";
export type RowStatus = "pass" | "fail" | "not-runnable";

export interface ResultRow {
  readonly scenario: string;
  readonly contentType: ContentType;
  readonly target: string;
  readonly mesosVersion: string;
  readonly status: RowStatus;
  readonly ms: number;
  readonly detail: string;
}

export interface RunSummary {
  readonly pass: number;
  readonly fail: number;
  readonly notRunnable: number;
}

export function summarize(rows: readonly ResultRow[]): RunSummary {
  let pass = 0;
  let fail = 0;
  let notRunnable = 0;
  for (const r of rows) {
    if (r.status === "pass") pass++;
    else if (r.status === "fail") fail++;
    else notRunnable++;
  }
  return { pass, fail, notRunnable };
}

/**
 * Why a run is not a success: any failure, or nothing run at all (a suite that skipped every
 * scenario has not checked anything). `undefined` when the run is good.
 */
export function verdict(rows: readonly ResultRow[]): string | undefined {
  const s = summarize(rows);
  if (rows.length === 0) return "no scenario ran";
  if (s.fail > 0) return `${s.fail} of ${rows.length} rows failed`;
  if (s.pass === 0) return `all ${rows.length} rows were not runnable: nothing was checked`;
  return undefined;
}
