import { scheduler, v1 } from "@mesos-ts/proto";
import type { AgentLink, AgentTask, SimAgent } from "../agent/agent.js";
import type { AgentRestartLink } from "../agent/executor-api/agent-restart.js";
import type { MasterCore } from "./core.js";
import { taskKey } from "./registry.js";

/**
 * How agents reach the master: status updates, and for custom executors the framework's info,
 * FAILURE when an executor ends (`Master::exitedExecutor`: agent_id, executor_id and the raw wait
 * status) and executor MESSAGEs (`Master::executorMessage`), each on the framework's stream.
 */
export function agentLink(core: MasterCore): AgentLink {
  return {
    forwardStatusUpdate: (agent, frameworkId, status) => core.forwardStatusUpdate(agent, frameworkId, status),
    frameworkInfo: (frameworkId) => core.registry.frameworks.get(frameworkId)?.info,
    executorExited(agent, frameworkId, executorId, waitStatus) {
      const fw = core.registry.frameworks.get(frameworkId);
      if (!fw) return;
      core.sendEvent(fw, {
        type: scheduler.Event_Type.FAILURE,
        failure: { agent_id: { value: agent.id }, executor_id: { value: executorId }, status: waitStatus },
      });
    },
    executorMessage(agent, frameworkId, executorId, data) {
      const fw = core.registry.frameworks.get(frameworkId);
      if (!fw) return;
      core.sendEvent(fw, {
        type: scheduler.Event_Type.MESSAGE,
        message: { agent_id: { value: agent.id }, executor_id: { value: executorId }, data },
      });
    },
  };
}

/**
 * The master notices an agent went away (`Master::disconnect`): tasks of frameworks that do not
 * checkpoint are lost at once, TASK_LOST / SOURCE_MASTER / REASON_AGENT_DISCONNECTED with
 * executor_id and no uuid (observed, p5c).
 */
export function agentRestartLink(core: MasterCore): AgentRestartLink {
  return {
    agentDisconnected(agent: SimAgent, forgotten: readonly AgentTask[]) {
      for (const task of forgotten) {
        const taskId = task.info.task_id?.value ?? "";
        const record = core.registry.tasks.get(taskKey(task.frameworkId, taskId));
        if (record) {
          core.registry.tasks.delete(taskKey(task.frameworkId, taskId));
          record.state = v1.TaskState.TASK_LOST;
          core.registry.completedTasks.push(record);
        }
        const fw = core.registry.frameworks.get(task.frameworkId);
        if (!fw) continue;
        core.sendEvent(fw, {
          type: scheduler.Event_Type.UPDATE,
          update: {
            status: {
              task_id: { value: taskId },
              state: v1.TaskState.TASK_LOST,
              message: `Agent ${agent.hostname} disconnected`,
              source: v1.TaskStatus_Source.SOURCE_MASTER,
              reason: v1.TaskStatus_Reason.REASON_AGENT_DISCONNECTED,
              agent_id: { value: agent.id },
              executor_id: { value: task.executorId },
              timestamp: Date.now() / 1000,
            },
          },
        });
      }
      core.allocator.schedule();
    },
  };
}
