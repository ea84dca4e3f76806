// Proof of fidelity: the third-party npm `mesos-framework` (JSON-only, one record per chunk,
// ASCII-escaped JSON, relies on `url` in offers) drives the simulator in a child process.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scheduler, v1 } from "@mesos-ts/proto";
import { afterAll, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";

const C = scheduler.Call_Type;
let cluster: Cluster | undefined;
let logDir: string | undefined;
afterAll(async () => {
  await cluster?.close();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

it("subscribes through a redirect, launches a command task, sees it finish and acks every update", async () => {
  cluster = await startCluster({
    masters: 2,
    agents: 1,
    heartbeatIntervalMs: 1000,
    allocationIntervalMs: 100,
  });
  logDir = mkdtempSync(join(tmpdir(), "mesos-framework-log-"));
  const follower = cluster.masters[1];
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, "helpers/mesos-framework-child.cjs"),
      "127.0.0.1",
      String(follower?.port),
      logDir,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: Array<Record<string, unknown>> = [];
  let buffered = "";
  child.stdout.on("data", (c: Buffer) => {
    buffered += c.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const p of parts) if (p.startsWith("{")) lines.push(JSON.parse(p));
  });
  try {
    // SUBSCRIBE went to the follower first and was redirected.
    const redirected = await cluster.recorder.waitForRequest(
      (r) => r.master === 1 && r.body.includes('"SUBSCRIBE"'),
      {
        timeout: 10_000,
      },
    );
    expect(redirected.status).toBe(307);
    const subscribed = await cluster.waitForCall((c, r) => c.type === C.SUBSCRIBE && r.master === 0, {
      timeout: 10_000,
    });
    expect(subscribed.status).toBe(200);
    const finished = await cluster.waitForEvent(
      (e) => e.update?.status?.state === v1.TaskState.TASK_FINISHED,
      { timeout: 15_000 },
    );
    const frameworkId = finished.frameworkId as string;
    const taskId = finished.event.update?.status?.task_id?.value as string;
    // It launched from an offer, with the command we gave it; it really ran.
    const accept = cluster.recorder.calls(C.ACCEPT)[0];
    expect(accept?.accept?.operations?.[0]?.launch?.task_infos?.[0]?.command?.value).toBe(
      "echo hello-from-mesos-framework",
    );
    expect(cluster.taskOutput(frameworkId, taskId)).toBe("hello-from-mesos-framework\n");
    // Every update with a uuid got acknowledged with that uuid.
    await expect
      .poll(
        () => {
          const acks = cluster?.recorder
            .calls(C.ACKNOWLEDGE)
            .map((c) => Buffer.from(c.acknowledge?.uuid ?? []).toString("hex"));
          const updates = cluster?.recorder.events
            .filter((e) => e.event.update?.status?.uuid !== undefined)
            .map((e) => Buffer.from(e.event.update?.status?.uuid ?? []).toString("hex"));
          return [...new Set(updates)].every((u) => acks?.includes(u)) && (acks?.length ?? 0) >= 3;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const states = [
      ...new Set(
        cluster.recorder.events.map((e) => e.event.update?.status?.state).filter((s) => s !== undefined),
      ),
    ];
    expect(states).toEqual([
      v1.TaskState.TASK_STARTING,
      v1.TaskState.TASK_RUNNING,
      v1.TaskState.TASK_FINISHED,
    ]);
    // SHUTDOWN (payload under "kill": kill.task_id missing) and REQUEST (no "request" payload)
    // are rejected by a real master with 400; so here.
    const shutdown = await cluster.recorder.waitForRequest((r) => r.body.includes('"SHUTDOWN"'), {
      timeout: 10_000,
    });
    expect(shutdown.status).toBe(400);
    expect(shutdown.responseText).toMatch(/kill.*task_id/);
    const request = await cluster.recorder.waitForRequest((r) => r.body.includes('"REQUEST"'), {
      timeout: 10_000,
    });
    expect(request.status).toBe(400);
    expect(request.responseText).toBe(
      "Failed to validate scheduler::Call: Expecting 'request' to be present",
    );
    expect(lines.some((l) => l.what === "subscribed" && l.frameworkId === frameworkId)).toBe(true);
  } finally {
    child.kill("SIGKILL");
  }
}, 60_000);
