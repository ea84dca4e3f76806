/**
 * The report as a Markdown table: one line per scenario, one column per content type × target
 * /version, each cell the status and its time; details for failures and not-runnable rows below.
 */
import type { ContentType, ResultRow, RowStatus } from "./row.js";
import { summarize } from "./row.js";

const MARK: Record<RowStatus, string> = { pass: "pass", fail: "**FAIL**", "not-runnable": "not runnable" };

export interface MarkdownHeader {
  readonly generatedAt: string;
  /** Lines about the target choice (why this target, what it could not run). */
  readonly notes: readonly string[];
}

export function toMarkdown(rows: readonly ResultRow[], header: MarkdownHeader): string {
  const columns = uniq(rows.map((r) => columnKey(r)));
  const scenarios = uniq(rows.map((r) => r.scenario));
  const cell = new Map(rows.map((r) => [`${r.scenario}\u0000${columnKey(r)}`, r]));
  const s = summarize(rows);
  const out: string[] = [
    "# Mesos v1 HTTP API conformance",
    "",
    `Generated ${header.generatedAt}. ${s.pass} pass, ${s.fail} fail, ${s.notRunnable} not runnable.`,
    "",
    ...header.notes.map((n) => `- ${escapeCell(n)}`),
    ...(header.notes.length > 0 ? [""] : []),
    `| scenario | ${columns.map(escapeCell).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
  ];
  for (const scenario of scenarios) {
    const cells = columns.map((c) => {
      const r = cell.get(`${scenario}\u0000${c}`);
      if (!r) return "–";
      return r.status === "not-runnable" ? MARK[r.status] : `${MARK[r.status]} (${formatMs(r.ms)})`;
    });
    out.push(`| ${escapeCell(scenario)} | ${cells.join(" | ")} |`);
  }
  const explained = rows.filter((r) => r.status !== "pass" && r.detail !== "");
  if (explained.length > 0) {
    out.push("", "## Details", "");
    for (const r of explained) {
      out.push(`- ${escapeCell(r.scenario)} / ${columnKey(r)}: ${MARK[r.status]}: ${escapeCell(r.detail)}`);
    }
  }
  // What passing rows measured or noted (e.g. the failover timings).
  const noted = rows.filter((r) => r.status === "pass" && r.detail !== "");
  if (noted.length > 0) {
    out.push("", "## Notes", "");
    for (const r of noted) out.push(`- ${escapeCell(r.scenario)} / ${columnKey(r)}: ${escapeCell(r.detail)}`);
  }
  out.push("");
  return out.join("\n");
}

export function columnKey(r: { contentType: ContentType; target: string; mesosVersion: string }): string {
  return `${r.contentType} @ ${r.target} ${r.mesosVersion}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
