import { describe, expect, it } from "vitest";
import { runCommand, UsageError } from "../src/index.js";

const spec = {
  name: "demo-cmd",
  usage: "usage: demo-cmd [--count <n>] [--loud] <thing>",
  help: "Does a thing.\n\nExample:\n  demo-cmd --count 2 x\n",
  packageJson: new URL("../package.json", import.meta.url),
  options: { count: { type: "string" }, loud: { type: "boolean" } },
  positionals: { min: 1, max: 1, name: "thing" },
} as const;

async function invoke(argv: string[], run: Parameters<typeof runCommand>[2] = async () => 0) {
  let out = "";
  let err = "";
  const code = await runCommand(spec, argv, run, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("runCommand: the convention of every mesos-ts command", () => {
  it("-h and --help print usage and help to stdout, exit 0, and run nothing", async () => {
    for (const flag of ["-h", "--help"]) {
      const r = await invoke([flag], async () => {
        throw new Error("ran");
      });
      expect(r).toEqual({ code: 0, out: `${spec.usage}\n\n${spec.help.trim()}\n`, err: "" });
    }
  });

  it("--version prints the package version", async () => {
    expect(await invoke(["--version"])).toEqual({ code: 0, out: "0.1.0\n", err: "" });
  });

  it.each([
    [["--bogus", "x"], "unknown option --bogus"],
    [["-z", "x"], "unknown option -z"],
    [["x", "--count"], "option --count needs a value"],
    [["--loud=yes", "x"], "option --loud takes no value"],
    [[], "missing thing"],
    [["x", "y"], 'unexpected argument "y"'],
  ])("%j: exit 2, `%s` and the usage line on stderr", async (argv, message) => {
    expect(await invoke(argv)).toEqual({ code: 2, out: "", err: `demo-cmd: ${message}\n${spec.usage}\n` });
  });

  it("a UsageError thrown by the command is bad usage too; other errors propagate", async () => {
    const bad = await invoke(["x"], async () => {
      throw new UsageError("--count must be a number");
    });
    expect(bad).toEqual({ code: 2, out: "", err: `demo-cmd: --count must be a number\n${spec.usage}\n` });
    await expect(
      invoke(["x"], async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });

  it("hands the parsed values and positionals to the command and returns its code", async () => {
    let seen: unknown;
    const r = await invoke(["--count", "2", "--loud", "x"], async (parsed) => {
      seen = parsed;
      return 7;
    });
    expect(r.code).toBe(7);
    expect(seen).toEqual({ values: { count: "2", loud: true }, positionals: ["x"] });
  });
});
