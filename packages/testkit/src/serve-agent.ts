import type { SimAgent } from "./agent/agent.js";
import type { AgentServer } from "./agent/agent-server.js";
import { executorEndpoint } from "./agent/executor-api/executor-endpoint.js";
import { agentOperatorEndpoint, ContainerSessions } from "./agent/operator-api/index.js";
import type { MasterCore } from "./master/core.js";

/**
 * Everything an agent's HTTP server answers beyond `/version`, `/health` and `/files`: the
 * executor API (when it runs custom executors for real), the agent operator API and the plain
 * endpoints (`/state`, `/flags`, `/containers`, `/metrics/snapshot`). One wiring for the
 * cluster and the stand-in executables. The returned sessions are closed with the agent.
 */
export function serveAgent(server: AgentServer, agent: SimAgent, core: MasterCore): ContainerSessions {
  const frameworkInfo = (id: string) =>
    (core.registry.frameworks.get(id) ?? core.registry.completedFrameworks.get(id))?.info;
  const executors = agent.executors;
  if (executors) server.executorApi = (req, res) => executorEndpoint(executors, req, res);
  const sessions = new ContainerSessions();
  server.operatorApi = (req, res) => agentOperatorEndpoint({ agent, frameworkInfo, sessions }, req, res);
  server.attach({
    agent,
    startTime: Date.now() / 1000,
    get masterAddress() {
      const leader = core.leader?.info;
      return leader ? `${leader.hostname}:${leader.port}` : "";
    },
    frameworkInfo,
  });
  return sessions;
}
