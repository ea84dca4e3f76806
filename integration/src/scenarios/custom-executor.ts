/**
 * A custom executor written with @mesos-ts/executor (examples/executor) through the executor
 * API: the agent starts it, it SUBSCRIBEs, runs the shell command in the task's data, reports
 * the output in TASK_RUNNING `data` with SOURCE_EXECUTOR and its executor_id, answers a MESSAGE,
 * and ends TASK_FINISHED; every update carries a uuid we acknowledge. The executor speaks the
 * row's content type.
 */
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import { scalarResource } from "@mesos-ts/scheduler";
import {
  followTask,
  newTaskId,
  roomyOffer,
  S,
  stateName,
  TASK_CPUS,
  TASK_MEM,
  withSession,
} from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";
import { CT, openWire } from "./wire.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const EXECUTOR = join(ROOT, "examples", "executor", "src", "shell-executor.ts");

/** `node --import tsx shell-executor.ts`: the agent gives executors an empty environment. */
function executorCommand(json: boolean): v1.CommandInfo {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  return {
    shell: false,
    value: process.execPath,
    arguments: [process.execPath, "--import", tsx, EXECUTOR, ...(json ? ["--json"] : [])],
    environment: { variables: [{ name: "TSX_TSCONFIG_PATH", value: join(ROOT, "tsconfig.dev.json") }] },
  };
}

export const customExecutor: Scenario = {
  name: "custom executor (executor API)",
  contentTypes: BOTH,
  needs: ["launch", "custom-executor"],
  timeoutMs: 90_000,
  async run(ctx) {
    assert.ok(existsSync(EXECUTOR), `the example executor is not at ${EXECUTOR}`);
    const wire = await openWire(ctx);
    await withSession(ctx, "custom-executor", async (s) => {
      const offer = roomyOffer(await s.offers(20_000));
      const agentId = offer.agent_id?.value ?? "";
      const taskId = newTaskId("exec");
      const executorId = `${taskId}-executor`;
      const resources = [scalarResource("cpus", TASK_CPUS / 2), scalarResource("mem", TASK_MEM)];
      const from = s.mark();
      await s.client.launch({
        offerIds: [offer.id?.value ?? ""],
        tasks: [
          {
            name: taskId,
            task_id: { value: taskId },
            agent_id: { value: agentId },
            resources,
            executor: {
              type: v1.ExecutorInfo_Type.CUSTOM,
              executor_id: { value: executorId },
              command: executorCommand(ctx.contentType === "json"),
              resources,
            },
            data: Buffer.from("echo conformance-ok; sleep 1", "utf8"),
          },
        ],
        filters: 0,
      });
      const running = await followTask(s, taskId, S.TASK_RUNNING, 60_000, from);
      assert.equal(stateName(running.last.state), "TASK_RUNNING", running.states.map(stateName).join(" → "));
      await s.client.message({ agentId, executorId, data: "ping" });
      const reply = await s.waitFor((e) => e.type === "MESSAGE", 20_000, "the executor's MESSAGE", from);
      assert.equal(reply.type === "MESSAGE" && Buffer.from(reply.data).toString(), "ack:ping");
      assert.equal(reply.type === "MESSAGE" && reply.executorId?.value, executorId);
      const afterRunning = s.seen.findIndex((e) => e.type === "UPDATE" && e.status === running.last) + 1;
      const rest = await followTask(s, taskId, S.TASK_FINISHED, 40_000, afterRunning);
      const states = [...running.states, ...rest.states].map(stateName);
      assert.equal(stateName(rest.last.state), "TASK_FINISHED", states.join(" → "));
      assert.equal(rest.last.executor_id?.value, executorId, "the executor's status has no executor_id");
      assert.equal(rest.last.source, v1.TaskStatus_Source.SOURCE_EXECUTOR);
      const updates = s.seen.filter((e) => e.type === "UPDATE" && e.status.task_id?.value === taskId);
      const output = updates
        .map((e) => (e.type === "UPDATE" && e.status.data ? Buffer.from(e.status.data).toString() : ""))
        .join("");
      assert.ok(output.includes("conformance-ok"), `no output in the status data: ${JSON.stringify(output)}`);
      assert.equal(running.acked + rest.acked, states.length, "an update from the executor carried no uuid");
      if (wire) {
        const accept = await wire.call("ACCEPT launching the custom executor's task", (c) =>
          (c.accept?.operations ?? []).some((o) =>
            (o.launch?.task_infos ?? []).some((t) => t.task_id?.value === taskId),
          ),
        );
        const info = accept.call?.accept?.operations?.[0]?.launch?.task_infos?.[0];
        assert.equal(
          info?.executor?.type,
          v1.ExecutorInfo_Type.CUSTOM,
          "the master got no CUSTOM ExecutorInfo",
        );
        const message = await wire.call("MESSAGE to the executor", (c) => c.type === CT.MESSAGE);
        assert.equal(message.call?.message?.executor_id?.value, executorId);
        await wire.expectClean(s.frameworkId);
      }
      ctx.note(states.join(" → "));
    });
  },
};
