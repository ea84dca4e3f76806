// The native target's code path, run here on the testkit's stand-in `mesos-master` and
// `mesos-agent` executables (they take the real binaries' flags and run simulated masters and
// agents): the whole suite, on the cluster the native target starts from them.
import { rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { standinBinDir } from "@mesos-ts/testkit";
import { afterAll } from "vitest";
import { defineConformanceSuite } from "./helpers/conformance-suite.js";

const bin = standinBinDir({ tsconfig: join(import.meta.dirname, "..", "..", "tsconfig.dev.json") });
afterAll(() => rmSync(bin, { recursive: true, force: true }));

await defineConformanceSuite({
  ...process.env,
  MESOS_TS_TARGET: "native",
  MESOS_HOME: "",
  PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
});
