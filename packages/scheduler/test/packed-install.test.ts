// `npm install @mesos-ts/scheduler` compiles nothing, and a framework over http:// never loads
// the ZooKeeper binding (issue 12): the packages are packed, installed from their tarballs into
// an empty folder (--prefer-offline: from npm's cache where it can), and hello-framework.ts runs there against a
// testkit cluster. A zk:// URL there fails with a typed error that says how to install it.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..", "..");
const PACKAGES = ["proto", "recordio", "discovery", "transport", "scheduler"];

/** Every native addon (`*.node`) under `dir`. */
function addons(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".node")) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

describe("packed install without zookeeper", () => {
  let dir = "";
  let app = "";
  let installLog = "";
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mesos-ts-packed-"));
    app = join(dir, "app");
    await run("npx", ["tsc", "-b", ...PACKAGES.map((p) => `packages/${p}`)], { cwd: root });
    await run(
      "npm",
      ["pack", "--silent", "--pack-destination", dir, ...PACKAGES.flatMap((p) => ["-w", `packages/${p}`])],
      {
        cwd: root,
      },
    );
    const tarballs = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
    expect(tarballs).toHaveLength(PACKAGES.length);
    await run("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    const installed = await run(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--foreground-scripts",
        "--loglevel=info",
        ...tarballs.map((t) => join(dir, t)),
      ],
      { cwd: app, env: { ...process.env, npm_config_nodedir: "" } },
    );
    installLog = `${installed.stdout}\n${installed.stderr}`;
    cluster = await startCluster({ masters: 1, agents: 1 });
  }, 240_000);

  afterAll(async () => {
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs the scheduler without zookeeper and without compiling anything", () => {
    expect(existsSync(join(app, "node_modules", "@mesos-ts", "scheduler", "dist", "index.js"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "zookeeper"))).toBe(false);
    expect(addons(join(app, "node_modules"))).toEqual([]);
    expect(installLog).not.toMatch(/node-gyp|gyp info/);
  });

  it("runs hello-framework over http:// there, and no native binding is ever loaded", async () => {
    copyFileSync(join(import.meta.dirname, "..", "examples", "hello-framework.ts"), join(app, "hello.ts"));
    // Records every native addon the process loads (the zookeeper binding is one) and whether
    // `zookeeper` can even be resolved, then prints it as the last line.
    writeFileSync(
      join(app, "probe.mjs"),
      `const loaded = [];
const dlopen = process.dlopen;
process.dlopen = function (module, file, ...rest) { loaded.push(file); return dlopen.call(this, module, file, ...rest); };
process.on("exit", () => {
  let resolvable = true;
  try { import.meta.resolve("zookeeper"); } catch { resolvable = false; }
  console.log(JSON.stringify({ probe: true, addons: loaded, zookeeperResolvable: resolvable }));
});
`,
    );
    const tsx = join(root, "node_modules", "tsx", "dist", "esm", "index.mjs");
    const env: NodeJS.ProcessEnv = { ...process.env, MESOS_MASTER: cluster?.masterUrls[0] ?? "" };
    delete env.TSX_TSCONFIG_PATH;
    delete env.NODE_OPTIONS;
    const { stdout } = await run("node", ["--import", "./probe.mjs", "--import", tsx, "hello.ts"], {
      cwd: app,
      env,
      timeout: 60_000,
    });
    const lines = stdout.trim().split("\n");
    expect(lines).toContain("hello-1 TASK_FINISHED");
    const probe = JSON.parse(lines.at(-1) ?? "{}") as { addons: string[]; zookeeperResolvable: boolean };
    expect(probe.zookeeperResolvable).toBe(false);
    expect(probe.addons.filter((f) => /zookeeper/i.test(f))).toEqual([]);
  }, 90_000);

  it("a zk:// URL there fails at once with a typed error that says how to install the binding", async () => {
    writeFileSync(
      join(app, "zk.mjs"),
      `import { createScheduler } from "@mesos-ts/scheduler";
const client = createScheduler({ master: "zk://127.0.0.1:1/mesos", framework: { user: "u", name: "zk" } });
const error = await client.ready().catch((e) => e);
console.log(JSON.stringify({ code: error.code, reason: error.reason, cause: error.cause?.code, message: error.message }));
`,
    );
    const { stdout } = await run("node", ["zk.mjs"], { cwd: app, timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, string>;
    expect(result).toMatchObject({
      code: "MESOS_SCHEDULER_TERMINAL_ERROR",
      reason: "leader-detection-failed",
      cause: "MESOS_DISCOVERY_ZOOKEEPER_BINDING_MISSING",
    });
    expect(result.message).toContain("npm install zookeeper");
  }, 60_000);
});
