// Aligned tables through cli-table3 without borders (like kubectl), colour-aware: widths are
// measured without ANSI codes, so coloured cells stay aligned.
import Table from "cli-table3";

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Shown only with --wide. */
  readonly wide?: boolean;
}

const NO_BORDER = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  wide: boolean,
): string {
  const shown = columns.filter((c) => wide || !c.wide);
  const table = new Table({
    head: shown.map((c) => c.header),
    chars: NO_BORDER,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  for (const row of rows) table.push(shown.map((c) => c.value(row)));
  return `${table
    .toString()
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")}\n`;
}
