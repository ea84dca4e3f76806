/** Writes results/latest.json and results/latest.md. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MarkdownHeader, toMarkdown } from "./markdown.js";
import type { ResultRow } from "./row.js";

export async function writeReport(
  dir: string,
  rows: readonly ResultRow[],
  header: MarkdownHeader,
): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, "latest.json");
  const markdown = join(dir, "latest.md");
  await writeFile(json, `${JSON.stringify(rows, null, 2)}\n`);
  await writeFile(markdown, toMarkdown(rows, header));
  return { json, markdown };
}
