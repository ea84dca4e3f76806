import type { AgentTask, SimAgent } from "../agent.js";
import type { AgentServer } from "../agent-server.js";

export interface AgentRestartOptions {
  /** How long the agent process is gone (connections refused), ms (default 500). */
  readonly downMs?: number;
  /** After it listens again: 503 to every call this long (containerizer recovery; default 70 ms as observed). */
  readonly recoveryMs?: number;
  /**
   * Then SUBSCRIBE works while UPDATE/MESSAGE get 503, this long (`--executor_reregistration_timeout`,
   * default the agent's flag, 2 s as Mesos).
   */
  readonly reregistrationMs?: number;
}

export interface AgentRestartLink {
  /** The master noticed the agent went away: what it tells frameworks that do not checkpoint. */
  agentDisconnected(agent: SimAgent, forgotten: readonly AgentTask[]): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * An agent restart as a real agent does it with `--recover=reconnect` (observed with a real
 * 1.12 agent; `Slave::recover` in `src/slave/slave.cpp`): the process stops (executor streams
 * EOF, connections refused, the executors keep running), it restarts on the same port answering 503 `Agent has not finished
 * recovery`, then lets executors re-SUBSCRIBE while UPDATE/MESSAGE still get 503 until
 * `Finished recovery`, then re-registers with the master (pending status updates are re-sent,
 * same uuid). Frameworks without checkpointing are lost at once (the master sends TASK_LOST /
 * REASON_AGENT_DISCONNECTED) and unknown to the restarted agent.
 */
export async function restartAgent(
  agent: SimAgent,
  server: AgentServer,
  link: AgentRestartLink,
  defaults: { reregistrationMs: number },
  options: AgentRestartOptions = {},
): Promise<void> {
  const executors = agent.executors;
  if (!executors) throw new Error("restartAgent needs custom executors in process mode");
  executors.agentDown();
  await server.close();
  const forgotten = executors.forgetUncheckpointed();
  link.agentDisconnected(agent, forgotten);
  await sleep(options.downMs ?? 500);
  if (executors.closed) return; // the cluster closed meanwhile: stay down
  executors.phase = "recovering";
  await server.listen(agent.port);
  if (executors.closed) return server.close();
  await sleep(options.recoveryMs ?? 70);
  if (executors.closed) return;
  executors.phase = "reregistering";
  await sleep(options.reregistrationMs ?? defaults.reregistrationMs);
  if (executors.closed) return;
  executors.finishRecovery();
  agent.statusUpdates.flush();
}
