// Aligned tables without borders (like kubectl), colour-aware: each cell's display width comes
// from `string-width` (ANSI codes and wide characters measured right), so coloured cells stay
// aligned. Linear in the cells: 100,000 tasks render in well under a second (cli-table3, tried
// first, took 4.4 s for 10,000 rows and grew faster than linearly).
import stringWidth from "string-width";

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Shown only with --wide. */
  readonly wide?: boolean;
}

const GAP = "  ";

export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  wide: boolean,
): string {
  const shown = columns.filter((c) => wide || !c.wide);
  const cells: string[][] = [shown.map((c) => c.header)];
  for (const row of rows) cells.push(shown.map((c) => c.value(row).replace(/[\r\n\t]+/g, " ")));
  const widths = shown.map(() => 0);
  const measured = cells.map((line) =>
    line.map((cell, i) => {
      const w = stringWidth(cell);
      if (w > (widths[i] as number)) widths[i] = w;
      return w;
    }),
  );
  const out: string[] = [];
  for (const [r, line] of cells.entries()) {
    let text = "";
    for (const [i, cell] of line.entries()) {
      if (i === line.length - 1)
        text += cell; // no padding after the last column
      else text += cell + " ".repeat((widths[i] as number) - (measured[r]?.[i] as number)) + GAP;
    }
    out.push(text.trimEnd());
  }
  return `${out.join("\n")}\n`;
}
