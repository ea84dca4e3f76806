// Where things are, relative to this package, so tests run from any working directory.
import { join, resolve } from "node:path";

export const packageDir = resolve(import.meta.dirname, "..", "..");
export const repoRoot = resolve(packageDir, "..", "..");
export const protoDir = join(repoRoot, "proto");
export const bufBin = join(repoRoot, "node_modules", ".bin", "buf");
export const fixturesDir = join(packageDir, "test", "fixtures");
