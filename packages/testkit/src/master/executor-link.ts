import { scheduler } from "@mesos-ts/proto";
import type { AgentLink } from "../agent/agent.js";
import type { MasterCore } from "./core.js";

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
