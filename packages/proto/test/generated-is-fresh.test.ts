// src/gen is committed; it must be exactly what `npm run generate` writes today (fresh), and
// generating twice must give the same bytes (reproducible). Regenerates into temp dirs with
// the package's own buf.gen.yaml (`buf generate -o`) and the schema-table script.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bufBin, packageDir, repoRoot } from "./helpers/paths.js";

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function generate(): string {
  const out = mkdtempSync(join(tmpdir(), "mesos-proto-gen-"));
  scratch.push(out);
  execFileSync(bufBin, ["generate", "-o", out], { cwd: packageDir, stdio: "pipe" });
  const schemaTable = join(out, "src", "gen", "schema.ts");
  execFileSync(process.execPath, [join(repoRoot, "tools", "proto", "write-schema-table.mjs"), schemaTable], {
    stdio: "pipe",
  });
  return join(out, "src", "gen");
}

function snapshot(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8", withFileTypes: false }).sort();
  const out = new Map<string, Buffer>();
  for (const f of files) {
    try {
      out.set(f.split("\\").join("/"), readFileSync(join(dir, f)));
    } catch {
      // a directory
    }
  }
  return out;
}

describe("src/gen", () => {
  const first = snapshot(generate());
  const second = snapshot(generate());

  it("regeneration is reproducible (two runs, same bytes)", () => {
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes), name).toBe(true);
  });

  it("the committed src/gen is exactly what `npm run generate` writes", () => {
    const committed = snapshot(join(packageDir, "src", "gen"));
    expect([...committed.keys()]).toEqual([...first.keys()]);
    expect(first.size).toBeGreaterThan(10);
    const stale = [...first].filter(([name, bytes]) => !committed.get(name)?.equals(bytes)).map(([n]) => n);
    expect(stale, "stale generated files: run `npm run generate` in packages/proto").toEqual([]);
  });
});
