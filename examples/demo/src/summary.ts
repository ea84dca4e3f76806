import type { FrameworkResult, TaskResult } from "./framework.js";
import { DOCKER_CONTAINER_PORT, DOCKER_IMAGE } from "./tasks.js";

/** Extra facts the summary shows besides the framework's own result. */
export interface SummaryContext {
  /** "embedded simulator" or the --master value. */
  cluster: string;
  /** Where the embedded cluster's sandboxes are. */
  workDir?: string;
}

function verdict(t: TaskResult): string {
  if (t.ok) return t.simulated ? "ok (simulated)" : "ok";
  if (t.state === "NOT_LAUNCHED") return "NOT LAUNCHED";
  if (t.states.length > 0 && !isFinal(t)) return "UNFINISHED";
  return "UNEXPECTED";
}

function isFinal(t: TaskResult): boolean {
  return /^TASK_(FINISHED|FAILED|KILLED|ERROR|LOST|DROPPED|GONE|GONE_BY_OPERATOR)$/.test(t.state);
}

function duration(t: TaskResult): string {
  const first = t.states[0];
  const last = t.states[t.states.length - 1];
  if (first === undefined || last === undefined) return "-";
  return `${(last.at - first.at).toFixed(2)}s`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** The human summary: a table of tasks, each command task's stdout, and the verdict. */
export function renderSummary(result: FrameworkResult, context: SummaryContext): string[] {
  const lines: string[] = ["", "Summary"];
  lines.push(
    ...table([
      ["TASK", "KIND", "HOST", "STATE", "EXPECTED", "RAN", "RESULT"],
      ...result.tasks.map((t) => [t.id, t.kind, t.host ?? "-", t.state, t.expected, duration(t), verdict(t)]),
    ]).map((l) => `  ${l}`),
  );
  lines.push("");
  lines.push(
    `  cluster:        ${context.cluster}${result.leader ? ` (leader ${new URL(result.leader).host})` : ""}`,
  );
  if (result.redirects.length > 0) {
    lines.push(
      `  redirects:      ${result.redirects.map((r) => `${new URL(r.from).host} -> ${new URL(r.to).host}`).join(", ")}`,
    );
  }
  lines.push(`  content type:   ${result.contentType}`);
  if (result.frameworkId)
    lines.push(`  framework:      ${result.frameworkId}${result.tornDown ? " (torn down)" : ""}`);
  lines.push(
    `  acknowledged:   ${result.acknowledged} status update(s); declined ${result.declinedOffers} offer(s)`,
  );
  if (context.workDir) lines.push(`  sandboxes:      ${context.workDir}`);
  const withOutput = result.tasks.filter((t) => t.output !== undefined || t.simulated !== undefined);
  if (withOutput.length > 0) {
    lines.push("", "Task output (stdout)");
    for (const t of withOutput) {
      lines.push(`  ${t.id}${t.output?.location ? ` - ${t.output.location}` : ""}`);
      if (t.kind === "docker" && t.hostPort !== undefined) {
        lines.push(
          `    (${DOCKER_IMAGE}, BRIDGE network, host port ${t.hostPort} -> container port ${DOCKER_CONTAINER_PORT})`,
        );
      }
      if (t.simulated) lines.push(`    (${t.simulated})`);
      if (t.output?.error) lines.push(`    (not available: ${t.output.error})`);
      const text = t.output?.stdout?.replace(/\n$/, "");
      if (text) for (const l of text.split("\n")) lines.push(`    | ${l}`);
      else if (t.output?.stdout !== undefined) lines.push("    (empty)");
    }
  }
  lines.push("");
  const total = result.tasks.length;
  const good = result.tasks.filter((t) => t.ok).length;
  lines.push(
    result.ok
      ? `OK: ${good}/${total} tasks ended as expected in ${result.seconds.toFixed(1)} s`
      : `FAILED: ${good}/${total} tasks ended as expected - ${result.error ?? result.outcome}`,
  );
  return lines;
}

/** The --json summary: one line. */
export function summaryJson(result: FrameworkResult, context: SummaryContext): string {
  return JSON.stringify({
    ok: result.ok,
    outcome: result.outcome,
    ...(result.error !== undefined ? { error: result.error } : {}),
    cluster: context.cluster,
    master: result.master,
    leader: result.leader ?? null,
    redirects: result.redirects,
    contentType: result.contentType,
    frameworkId: result.frameworkId ?? null,
    acknowledged: result.acknowledged,
    declinedOffers: result.declinedOffers,
    tornDown: result.tornDown,
    seconds: result.seconds,
    ...(context.workDir ? { sandboxes: context.workDir } : {}),
    tasks: result.tasks.map((t) => ({
      id: t.id,
      kind: t.kind,
      state: t.state,
      expected: t.expected,
      ok: t.ok,
      host: t.host ?? null,
      agentId: t.agentId ?? null,
      ...(t.hostPort !== undefined ? { hostPort: t.hostPort } : {}),
      message: t.message ?? null,
      ...(t.simulated ? { simulated: t.simulated } : {}),
      states: t.states,
      stdout: t.output?.stdout ?? null,
      ...(t.output?.location ? { stdoutLocation: t.output.location } : {}),
      ...(t.output?.error ? { stdoutError: t.output.error } : {}),
    })),
  });
}
