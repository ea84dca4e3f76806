/**
 * A progress display for report mode: on a terminal one line rewritten in place
 * (`[ 7/26] subscribe/protobuf …`), elsewhere (CI logs) one line per finished row.
 */

import { formatMs } from "./markdown.js";
import type { ResultRow } from "./row.js";

export interface ProgressSink {
  readonly isTTY?: boolean | undefined;
  write(text: string): unknown;
}

export class Progress {
  #done = 0;

  constructor(
    readonly total: number,
    readonly out: ProgressSink,
  ) {}

  started(label: string): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.#prefix(this.#done + 1)} ${label} …`);
  }

  finished(row: ResultRow): void {
    this.#done++;
    const status = row.status === "not-runnable" ? "not runnable" : row.status.toUpperCase();
    const detail = row.status === "pass" ? "" : ` (${row.detail})`;
    const line = `${this.#prefix(this.#done)} ${row.scenario}/${row.contentType}: ${status} ${formatMs(row.ms)}${detail}`;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  #prefix(n: number): string {
    const width = String(this.total).length;
    return `[${String(n).padStart(width)}/${this.total}]`;
  }
}
