// mesos-ts-sim as a process among processes: what is left when it is stopped, killed or orphaned.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scheduler, type v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { launchCall, RawSubscription, subscribeCall } from "./helpers/raw-client.js";

const root = join(import.meta.dirname, "../../..");
const cli = join(import.meta.dirname, "../src/cli.ts");
const env = { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json") };
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** [pid, parent pid, command name] of every live (not zombie) process. */
function processes(): Array<{ pid: number; ppid: number; name: string }> {
  const list: Array<{ pid: number; ppid: number; name: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z") list.push({ pid: Number(entry), ppid: Number(ppid), name });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

const alive = (pid: number) => processes().some((p) => p.pid === pid);
const childrenOf = (pid: number) => processes().filter((p) => p.ppid === pid);

function start(
  command: string,
  args: string[],
): { child: ChildProcess; stdout: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, exited };
}

const simArgs = ["--import", "tsx", cli, "--json", "--zk", "embedded", "--agents", "1"];

/** Waits for the ready line, then returns the pid of the sim's Java ZooKeeper. */
async function readyWithJava(sim: number, stdout: () => string): Promise<number> {
  await expect.poll(stdout, { timeout: 40_000, interval: 100 }).toMatch(/\n/);
  expect(JSON.parse(stdout()).zk).toMatch(/^zk:\/\/127\.0\.0\.1:\d+\/mesos$/);
  const java = childrenOf(sim).find((p) => p.name === "java");
  expect(java, "the embedded ZooKeeper's JVM").toBeDefined();
  return java?.pid as number;
}

describe.runIf(process.platform === "linux")("mesos-ts-sim leaves nothing running", () => {
  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)(
    "%s: exit 0, ZooKeeper's JVM gone",
    async (signal) => {
      const sim = start(process.execPath, simArgs);
      const java = await readyWithJava(sim.child.pid as number, sim.stdout);
      sim.child.kill(signal);
      expect(await sim.exited).toBe(0);
      await expect.poll(() => alive(java), { timeout: 10_000 }).toBe(false);
    },
    60_000,
  );

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "%s with a task running: the task's processes end with it",
    async (signal) => {
      const sim = start(process.execPath, [
        "--import",
        "tsx",
        cli,
        "--json",
        "--allocation-interval",
        "0.05",
      ]);
      await expect.poll(sim.stdout, { timeout: 40_000, interval: 100 }).toMatch(/\n/);
      const master = (JSON.parse(sim.stdout()) as { leader: string }).leader;
      const sub = new RawSubscription(master, "application/x-protobuf");
      try {
        await sub.open(subscribeCall({}));
        const offer = (await sub.next((e) => e.type === scheduler.Event_Type.OFFERS)).offers
          ?.offers?.[0] as v1.Offer;
        await sub.call(
          launchCall(sub.frameworkId as string, offer, [
            {
              name: "s",
              task_id: { value: "s" },
              agent_id: offer.agent_id,
              resources: [],
              command: { value: "sleep 300" },
            },
          ]),
        );
        const descendants = () => {
          const all = processes();
          const mine = new Set([sim.child.pid as number]);
          for (let grew = true; grew; ) {
            grew = false;
            for (const p of all) {
              if (!mine.has(p.ppid) || mine.has(p.pid)) continue;
              mine.add(p.pid);
              grew = true;
            }
          }
          return all.filter((p) => mine.has(p.pid) && p.pid !== sim.child.pid);
        };
        await expect
          .poll(() => descendants().some((p) => p.name === "sleep"), { timeout: 10_000 })
          .toBe(true);
        const task = descendants().filter((p) => p.name !== "java");
        sim.child.kill(signal);
        expect(await sim.exited).toBe(signal === "SIGTERM" ? 0 : null);
        await expect.poll(() => task.filter((p) => alive(p.pid)), { timeout: 10_000 }).toEqual([]);
      } finally {
        sub.close();
      }
    },
    60_000,
  );

  it("SIGKILL: ZooKeeper's JVM does not outlive it", async () => {
    const sim = start(process.execPath, simArgs);
    const java = await readyWithJava(sim.child.pid as number, sim.stdout);
    sim.child.kill("SIGKILL");
    await sim.exited;
    await expect.poll(() => alive(java), { timeout: 10_000 }).toBe(false);
  }, 60_000);

  it("its parent killed (an npx that died): it stops by itself, and its JVM with it", async () => {
    // sh stands for npx: it runs the sim as its child and is killed without passing anything on.
    const quoted = [process.execPath, ...simArgs].map((a) => `'${a}'`).join(" ");
    const parent = start("/bin/sh", ["-c", `${quoted} & wait`]);
    await expect.poll(() => childrenOf(parent.child.pid as number).length, { timeout: 10_000 }).toBe(1);
    const sim = childrenOf(parent.child.pid as number)[0]?.pid as number;
    const java = await readyWithJava(sim, parent.stdout);
    parent.child.kill("SIGKILL");
    await expect.poll(() => alive(sim), { timeout: 15_000 }).toBe(false);
    expect(alive(java)).toBe(false);
  }, 60_000);
});
