/**
 * The agent operator API through @mesos-ts/operator: a running command task seen by its agent
 * (GET_STATE, GET_CONTAINERS), its sandbox read (READ_FILE), and a nested container session in
 * its container whose exit status comes from WAIT_NESTED_CONTAINER (`src/slave/http.cpp`).
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { exitCodeOf, MasterClient } from "@mesos-ts/operator";
import { eventually, followTask, launchCommand, roomyOffer, S, withSession } from "./helpers.js";
import { BOTH, type Scenario } from "./scenario.js";

export const agentOperatorApi: Scenario = {
  name: "agent operator API",
  contentTypes: BOTH,
  needs: ["launch"],
  timeoutMs: 60_000,
  async run(ctx) {
    const url = ctx.cluster.masterHttpUrls[0];
    if (url === undefined) throw new Error("the cluster has no master HTTP URL");
    const client = new MasterClient({ master: url, contentType: ctx.contentType });
    try {
      await withSession(ctx, "agent-operator", async (s) => {
        const offer = roomyOffer(await s.offers(20_000));
        const from = s.mark();
        const taskId = await launchCommand(s, offer, "echo conformance; sleep 60", "agentop");
        await followTask(s, taskId, S.TASK_RUNNING, 30_000, from);
        const agent = await client.agent(offer.agent_id?.value ?? "", { signal: ctx.signal });
        try {
          assert.equal((await agent.getHealth({ signal: ctx.signal })).healthy, true);
          const state = await agent.getState({ signal: ctx.signal });
          const launched = (state.get_tasks?.launched_tasks ?? []).map((t) => t.task_id?.value);
          assert.ok(launched.includes(taskId), `agent GET_STATE does not list ${taskId} as launched`);
          const { containers = [] } = await agent.getContainers({ signal: ctx.signal });
          const container = containers.find(
            (c) => c.executor_id?.value === taskId && c.framework_id?.value === s.frameworkId,
          )?.container_id;
          assert.ok(container?.value, "GET_CONTAINERS has no container for the task's executor");
          const path = `/frameworks/${s.frameworkId}/executors/${taskId}/runs/latest/stdout`;
          await eventually(
            async () => {
              const { data } = await agent.readFile(path, { signal: ctx.signal });
              assert.equal(Buffer.from(data).toString(), "conformance\n");
            },
            10_000,
            ctx.signal,
          );
          const id = randomUUID();
          let stdout = "";
          for await (const o of agent.launchNestedContainerSession(
            {
              containerId: id,
              parentId: container.value,
              command: { shell: true, value: "echo nested; exit 3" },
            },
            { signal: ctx.signal },
          )) {
            if (o.type === "stdout") stdout += Buffer.from(o.data).toString();
          }
          assert.equal(stdout, "nested\n");
          const wait = await agent.waitNestedContainer(
            { value: id, parent: container },
            { signal: ctx.signal },
          );
          assert.equal(wait.exit_status, 768, "WAIT_NESTED_CONTAINER: exit 3 is the wait status 768");
          assert.equal(exitCodeOf(wait.exit_status ?? 0), 3);
          ctx.note(`agent ${agent.url}: state, containers, READ_FILE, a nested session (exit 3 = 768)`);
        } finally {
          await agent.close();
        }
      });
    } finally {
      await client.close();
    }
  },
};
