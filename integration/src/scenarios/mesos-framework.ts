/**
 * The third-party `mesos-framework` client (JSON only) launches a command task against the
 * cluster in a child process; the master's operator API must show its framework and the task
 * finished.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createDetector } from "@mesos-ts/discovery";
import { expectClusterTaskState, S } from "./helpers.js";
import type { Scenario } from "./scenario.js";
import { CT, ET, openWire } from "./wire.js";

const CHILD = join(import.meta.dirname, "..", "..", "src", "third-party", "mesos-framework-child.cjs");

interface ChildLine {
  event: string;
  frameworkId?: string;
  taskId?: string;
  state?: string;
  message?: string;
}

export const mesosFrameworkClient: Scenario = {
  name: "mesos-framework client launches a task",
  contentTypes: ["json"],
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const wire = await openWire(ctx);
    const detector = createDetector(ctx.cluster.masterUrl);
    let host: string;
    let port: number;
    try {
      const leader = await detector.leader({ timeout: 15_000, signal: ctx.signal });
      host = leader.address?.ip ?? leader.hostname ?? "127.0.0.1";
      port = leader.address?.port ?? leader.port ?? 5050;
    } finally {
      await detector.close();
    }
    const logDir = mkdtempSync(join(tmpdir(), "mesos-framework-"));
    const name = `mesos-ts-conformance mesos-framework ${process.pid}`;
    const child = spawn(process.execPath, [CHILD], {
      env: {
        ...process.env,
        MF_MASTER_HOST: host,
        MF_MASTER_PORT: String(port),
        MF_FRAMEWORK_NAME: name,
        MF_USER: userInfo().username,
        MF_LOG_DIR: logDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: ChildLine[] = [];
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
    });
    const finished = new Promise<ChildLine[]>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        try {
          const parsed = JSON.parse(line) as ChildLine;
          lines.push(parsed);
          if (parsed.event === "updated_task" && parsed.state === "TASK_FINISHED") resolve(lines);
          if (
            parsed.event === "updated_task" &&
            ["TASK_FAILED", "TASK_ERROR", "TASK_LOST"].includes(parsed.state ?? "")
          ) {
            reject(new Error(`mesos-framework task ended ${parsed.state}`));
          }
        } catch {
          // the package may print non-JSON lines; they are in its log file
        }
      });
      child.on("exit", (code) =>
        reject(new Error(`mesos-framework child exited (${code}) before TASK_FINISHED`)),
      );
      // Our own deadline, before the runner's, so the failure carries the package's log.
      const timer = setTimeout(() => reject(new Error("no TASK_FINISHED within 45 s")), 45_000);
      child.on("exit", () => clearTimeout(timer));
      ctx.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    });
    try {
      await finished;
      const frameworkId = lines.find((l) => l.event === "subscribed")?.frameworkId;
      const taskId = lines.find((l) => l.event === "updated_task" && l.state === "TASK_FINISHED")?.taskId;
      assert.ok(frameworkId, "mesos-framework never reported SUBSCRIBED");
      assert.ok(taskId, "no task id");
      const task = await expectClusterTaskState(ctx, taskId, S.TASK_FINISHED);
      assert.equal(
        task.framework_id?.value,
        frameworkId,
        "operator API: the task belongs to another framework",
      );
      if (wire) {
        // The master's side: what the third-party client really sent (JSON), and that it acknowledged.
        // Matched by type, not name: the package rewrites spaces in the name to dashes.
        const sub = await wire.call(
          "mesos-framework's SUBSCRIBE",
          (c) =>
            c.type === CT.SUBSCRIBE &&
            (c.subscribe?.framework_info?.name ?? "").includes(String(process.pid)),
        );
        assert.equal(sub.contentType, "application/json");
        assert.equal(sub.call?.framework_id, undefined, "a new framework's SUBSCRIBE carried a framework_id");
        await wire.call(
          "mesos-framework's ACCEPT",
          (c) =>
            c.type === CT.ACCEPT &&
            c.framework_id?.value === frameworkId &&
            (c.accept?.operations ?? []).some((o) =>
              (o.launch?.task_infos ?? []).some((t) => t.task_id?.value === taskId),
            ),
        );
        const update = await wire.event(
          "UPDATE TASK_FINISHED to mesos-framework",
          (e, r) =>
            e.type === ET.UPDATE &&
            r.frameworkId === frameworkId &&
            e.update?.status?.task_id?.value === taskId &&
            e.update.status.state === S.TASK_FINISHED,
        );
        assert.ok(update.event.update?.status?.uuid?.length, "TASK_FINISHED without uuid");
        await wire.call(
          "mesos-framework's ACKNOWLEDGE of a status",
          (c) =>
            c.type === CT.ACKNOWLEDGE &&
            c.framework_id?.value === frameworkId &&
            c.acknowledge?.task_id?.value === taskId,
        );
      }
      ctx.note(
        `task ${taskId}: ${lines
          .filter((l) => l.taskId === taskId)
          .map((l) => l.state)
          .join(" → ")}`,
      );
    } catch (e) {
      const log = readLog(logDir);
      throw new Error(
        `${(e as Error).message}; child stderr: ${process.env.MESOS_TS_DEBUG ? stderr : stderr.slice(-300)}; log tail: ${log.slice(-500)}`,
      );
    } finally {
      child.kill("SIGKILL");
      rmSync(logDir, { recursive: true, force: true });
    }
  },
};

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, "mesos-framework.log"), "utf8");
  } catch {
    return "(no log)";
  }
}
