import { styleText } from "node:util";

export type Paint = (kind: "ok" | "bad" | "warn" | "dim" | "bold", text: string) => string;

const STYLES = { ok: "green", bad: "red", warn: "yellow", dim: "gray", bold: "bold" } as const;

export function painter(enabled: boolean): Paint {
  // The decision is ours (the command's own stdout, NO_COLOR, FORCE_COLOR): styleText must not
  // re-check process.stdout, which is not what we write to in tests or when embedded.
  return enabled
    ? (kind, text) => styleText(STYLES[kind], text, { validateStream: false })
    : (_kind, text) => text;
}

/** TASK_RUNNING green, failures red, transitional yellow. */
export function stateKind(state: string): "ok" | "bad" | "warn" | "dim" {
  if (state === "TASK_RUNNING" || state === "TASK_FINISHED") return "ok";
  if (/FAILED|ERROR|LOST|DROPPED|GONE|UNREACHABLE/.test(state)) return "bad";
  if (state === "TASK_KILLED") return "dim";
  return "warn";
}

export function formatTime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return "-";
  return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}
