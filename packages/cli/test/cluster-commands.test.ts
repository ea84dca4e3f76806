// leader, state, agents, frameworks, tasks, health, version against the simulator; usage,
// not-found and help behaviour of every subcommand.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mesosLeader } from "@mesos-ts/discovery";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFramework, type TestFramework } from "../../operator/test/helpers/framework.js";
import { closedPort } from "./helpers/closed-port.js";
import { run } from "./helpers/run.js";

let cluster: Cluster;
let fw: TestFramework;
let master: string;
beforeAll(async () => {
  cluster = await startCluster({ masters: 2, agents: 2, heartbeatIntervalMs: 500, allocationIntervalMs: 50 });
  master = cluster.masterUrls[0] as string;
  fw = await startFramework(master, "cli-fw");
  await fw.launch("web-1", "sleep 60");
  await fw.launch("job-1", "true");
  await fw.waitFor("web-1", "TASK_RUNNING");
  await fw.waitFor("job-1", "TASK_FINISHED");
});
afterAll(async () => {
  await fw.close();
  await cluster.close();
});

it("leader: the leading master, found from a follower's redirect", async () => {
  const r = await run(["leader", "--master", `${cluster.masterUrls[1]?.slice(7)},${master.slice(7)}`]);
  expect(r).toMatchObject({ code: 0, stdout: `127.0.0.1:${cluster.masters[0]?.port}\n` });
  const json = await run(["leader", "--json"], { env: { MESOS_MASTER: master } });
  expect(JSON.parse(json.stdout)).toMatchObject({
    port: cluster.masters[0]?.port,
    id: cluster.masters[0]?.info.id,
  });
});

it("leader is mesos-leader: the same output and exit codes for the same question", async () => {
  const old = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await mesosLeader(args, (l) => (stdout += `${l}\n`), {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  };
  const list = `${cluster.masterUrls[1]?.slice(7)},${master.slice(7)}`;
  for (const flags of [[], ["--json"], ["--hostname"], ["--all"]]) {
    const now = await run(["leader", ...flags, "-m", list]);
    expect(now.code).toBe(0);
    expect(now).toEqual(await old([...flags, list]));
  }
  const dead = `127.0.0.1:${await closedPort()}`;
  const refused = await run(["leader", "--timeout", "2", "-m", dead]);
  expect(refused.code).toBe(1);
  expect(refused).toEqual(await old(["--timeout", "2", dead]));
  expect(await run(["leader", "--timeout", "0", "-m", master])).toMatchObject({ code: 2 });
});

it("state: a summary, or GET_STATE as Mesos JSON", async () => {
  const r = await run(["state", "-m", master]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`leader:      ${master}`);
  expect(r.stdout).toContain("agents:      2 (2 active)");
  expect(r.stdout).toMatch(/tasks: +1 TASK_RUNNING/);
  const json = await run(["state", "-m", master, "--json"]);
  expect(JSON.parse(json.stdout).get_agents.agents).toHaveLength(2);
});

it("agents and frameworks: aligned tables, --wide and --json", async () => {
  const agents = await run(["agents", "-m", master]);
  const lines = agents.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^ID +HOSTNAME +ACTIVE +CPUS +MEM$/);
  expect(lines).toHaveLength(3);
  const col = lines[0]?.indexOf("HOSTNAME");
  for (const l of lines.slice(1)) expect(l.indexOf("127.0.0.1")).toBe(col);
  expect((await run(["agents", "-m", master, "--wide"])).stdout.split("\n")[0]).toContain("ATTRIBUTES");
  const json = (await run(["agents", "-m", master, "--json"])).stdout.trim().split("\n");
  expect(json.map((l) => JSON.parse(l).agent_info.id.value).sort()).toEqual(
    cluster.agents.map((a) => a.id).sort(),
  );
  const frameworks = await run(["frameworks", "-m", master]);
  expect(frameworks.stdout).toMatch(new RegExp(`${fw.id()} +cli-fw +yes`));
});

it("framework inspect and agent inspect (by id or hostname); --json; unknown ids exit 3", async () => {
  const f = await run(["framework", "inspect", fw.id(), "-m", master]);
  expect(f.code).toBe(0);
  expect(f.stdout).toMatch(/name: +cli-fw/);
  expect(f.stdout).toMatch(/tasks: +1 live \(TASK_RUNNING\)/);
  expect(
    JSON.parse((await run(["framework", "inspect", fw.id(), "-m", master, "--json"])).stdout).framework_info
      .name,
  ).toBe("cli-fw");
  const agentId = cluster.agents[0]?.id as string;
  const a = await run(["agent", "inspect", agentId, "-m", master]);
  expect(a.stdout).toMatch(/total: +cpus:4 mem:4096 disk:10240 ports:31000-32000/);
  expect((await run(["agent", "inspect", "nope", "-m", master])).code).toBe(3);
  expect((await run(["framework", "inspect", "nope", "-m", master])).code).toBe(3);
});

describe("tasks", () => {
  it("lists live tasks; --all adds completed ones", async () => {
    const live = await run(["tasks", "-m", master]);
    expect(live.stdout).toMatch(/web-1 +web-1 +TASK_RUNNING +cli-fw +127\.0\.0\.1/);
    expect(live.stdout).not.toContain("job-1");
    expect((await run(["tasks", "-m", master, "--all"])).stdout).toMatch(/job-1 .*TASK_FINISHED/);
  });

  it("filters by state, framework (id or name) and agent (id or hostname)", async () => {
    const ids = async (...args: string[]) =>
      (await run(["tasks", "-m", master, "--all", "--json", ...args])).stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).task_id.value)
        .sort();
    expect(await ids("--state", "running")).toEqual(["web-1"]);
    expect(await ids("--state", "TASK_FINISHED")).toEqual(["job-1"]);
    expect(await ids("--framework", "cli-fw")).toEqual(["job-1", "web-1"]);
    expect(await ids("--framework", fw.id())).toEqual(["job-1", "web-1"]);
    expect(await ids("--framework", "other")).toEqual([]);
    const web = (await run(["task", "inspect", "web-1", "-m", master, "--json"])).stdout;
    const agentId = JSON.parse(web).agent_id.value as string;
    expect(await ids("--agent", agentId)).toContain("web-1");
    expect(await ids("--agent", "no-such-host")).toEqual([]);
    expect((await run(["tasks", "-m", master, "--state", "sleepy"])).code).toBe(2);
  });
});

it("health and version", async () => {
  expect(await run(["health", "-m", master])).toMatchObject({ code: 0, stdout: "healthy\n" });
  const agentHealth = await run([
    "health",
    "-m",
    master,
    "--agent",
    cluster.agents[0]?.id as string,
    "--json",
  ]);
  expect(agentHealth).toMatchObject({ code: 0, stdout: '{"healthy":true}\n' });
  const version = await run(["version", "-m", master]);
  expect(version.stdout).toMatch(/^master: +1\.\d+\.\d+.*\nmesos-ts: 0\.1\.0\n$/);
});

it("colour on a terminal keeps the columns aligned; NO_COLOR and pipes get none; --protobuf talks protobuf", async () => {
  const coloured = await run(["tasks", "-m", master], { tty: true });
  expect(coloured.stdout).toContain("\u001b[");
  const plain = await run(["tasks", "-m", master], { tty: true, env: { NO_COLOR: "1" } });
  expect(plain.stdout).not.toContain("\u001b[");
  const strip = (t: string) => t.replace(/\u001b\[[0-9;]*m/g, "");
  expect(strip(coloured.stdout)).toBe(plain.stdout);
  expect((await run(["tasks", "-m", master])).stdout).not.toContain("\u001b[");
  const pb = await run(["tasks", "-m", master, "--protobuf", "--json"]);
  expect(JSON.parse(pb.stdout.trim()).task_id.value).toBe("web-1");
  const received = cluster.recorder.requests
    .filter((r) => (r as { operatorCall?: unknown }).operatorCall !== undefined)
    .at(-1);
  expect(received?.headers["content-type"]).toBe("application/x-protobuf");
});

describe("usage, errors and help", () => {
  it("exit 2 for usage errors, 3 for what is not there, 1 for failures", async () => {
    expect((await run(["tasks"])).code).toBe(2); // no master
    expect((await run(["bogus", "-m", master])).code).toBe(2);
    expect((await run(["task", "-m", master])).code).toBe(2);
    const missing = await run(["task", "inspect", "nope", "-m", master]);
    expect(missing).toMatchObject({ code: 3, stderr: "mesos-ts: no task nope\n" });
    expect((await run(["teardown", "nope", "-m", master])).code).toBe(3);
    const port = await closedPort();
    const down = await run(["state", "-m", `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^mesos-ts: ECONNREFUSED: .*\n$/);
    expect(down.stderr).toContain(`127.0.0.1:${port}`);
  });

  it("credentials from the environment or a file are never printed", async () => {
    const file = join(tmpdir(), `mesos-ts-cred-${process.pid}`);
    writeFileSync(file, "ops s3cr3t-file\n");
    const a = await run(["state", "-m", "http://127.0.0.1:1", "--credentials", file]);
    const b = await run(["state"], {
      env: {
        MESOS_MASTER: "http://ops:s3cr3t-url@127.0.0.1:1",
        MESOS_PRINCIPAL: "ops",
        MESOS_SECRET: "s3cr3t-env",
      },
    });
    writeFileSync(file, "{not json s3cr3t-bad");
    const c = await run(["state", "-m", master, "--credentials", file]);
    expect(c.code).toBe(1);
    for (const r of [a, b, c]) expect(r.stdout + r.stderr).not.toMatch(/s3cr3t/);
  });

  it.each([
    ["leader"],
    ["state"],
    ["agents"],
    ["frameworks"],
    ["tasks"],
    ["health"],
    ["version"],
    ["events"],
    ["quota"],
    ["teardown"],
    ["task", "inspect"],
    ["framework", "inspect"],
    ["agent", "inspect"],
    ["task", "logs"],
    ["task", "exec"],
    ["task", "attach"],
    ["task", "kill"],
    ["maintenance", "schedule"],
    ["maintenance", "status"],
    ["maintenance", "down"],
    ["maintenance", "up"],
  ])("%s %s --help shows usage and an example", async (...command) => {
    for (const flag of ["--help", "-h"]) {
      const r = await run([...command.filter(Boolean), flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`mesos-ts ${command.filter(Boolean).join(" ")}`);
      expect(r.stdout).toContain("Examples:");
    }
  });

  it("task kill --help says which terminal state a real agent reports", async () => {
    const r = await run(["task", "kill", "--help"]);
    expect(r.stdout.replace(/\s+/g, " ")).toContain("TASK_FAILED with REASON_EXECUTOR_TERMINATED");
  });

  it("--version, and completion scripts for bash and zsh", async () => {
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const bash = await run(["completion"], { env: { SHELL: "/bin/bash" } });
    expect(bash.stdout).toContain(
      "complete -o bashdefault -o default -F _mesos-ts_yargs_completions mesos-ts",
    );
    const previous = process.env.SHELL;
    process.env.SHELL = "/usr/bin/zsh"; // yargs reads the shell from the process environment
    try {
      const zsh = await run(["completion"]);
      expect(zsh.stdout).toContain("compdef _mesos-ts_yargs_completions mesos-ts");
    } finally {
      process.env.SHELL = previous;
    }
    const words = await run(["--get-yargs-completions", "mesos-ts", "ta"]);
    expect(words.stdout.split("\n")).toEqual(expect.arrayContaining(["tasks", "task"]));
  });
});
