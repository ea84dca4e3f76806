/** What the scenarios share: framework sessions, task launching, cluster-view polling. */
import { randomUUID } from "node:crypto";
import { isTerminalTaskState, type master, v1 } from "@mesos-ts/proto";
import { commandTask, scalarResource, scalarSum } from "@mesos-ts/scheduler";
import { Session, type SessionOptions } from "../client/session.js";
import { OperatorClient } from "../operator/operator-client.js";
import type { ScenarioContext } from "./scenario.js";

export const S = v1.TaskState;

/** Opens a framework for the scenario, runs `fn`, and always tears the framework down. */
export async function withSession<T>(
  ctx: ScenarioContext,
  name: string,
  fn: (s: Session) => Promise<T>,
  extra: Partial<SessionOptions> = {},
): Promise<T> {
  const s = await Session.open({
    cluster: ctx.cluster,
    contentType: ctx.contentType,
    name,
    signal: ctx.signal,
    ...extra,
  });
  try {
    return await fn(s);
  } finally {
    await s.teardown();
  }
}

/** The operator API of the cluster in the scenario's content type (307s lead to the leader). */
export function operator(ctx: ScenarioContext, url = ctx.cluster.masterHttpUrls[0]): OperatorClient {
  if (url === undefined) throw new Error("the cluster has no master HTTP URL");
  return new OperatorClient(url, ctx.contentType);
}

/** Retries `check` (every 200 ms) until it stops throwing; rethrows its last error at the deadline. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline || signal?.aborted) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const TASK_CPUS = 0.1;
export const TASK_MEM = 32;

/** An offer with room for one small task. */
export function roomyOffer(offers: readonly v1.Offer[]): v1.Offer {
  const offer = offers.find(
    (o) =>
      scalarSum(o.resources ?? [], "cpus") >= TASK_CPUS && scalarSum(o.resources ?? [], "mem") >= TASK_MEM,
  );
  if (!offer) throw new Error(`no offer with ${TASK_CPUS} cpus and ${TASK_MEM} MB among ${offers.length}`);
  return offer;
}

export function newTaskId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Launches a shell command task on `offer`; returns its id. */
export async function launchCommand(
  s: Session,
  offer: v1.Offer,
  command: string,
  prefix: string,
): Promise<string> {
  const taskId = newTaskId(prefix);
  const agentId = offer.agent_id?.value;
  if (!offer.id?.value || !agentId) throw new Error("offer without id or agent_id");
  const task = commandTask({
    name: taskId,
    taskId,
    agentId,
    command,
    resources: [scalarResource("cpus", TASK_CPUS), scalarResource("mem", TASK_MEM)],
  });
  await s.client.launch({ offerIds: [offer.id.value], tasks: [task], filters: 0 });
  return taskId;
}

/**
 * Follows one task's UPDATEs from `from`, acknowledging each that carries a uuid (the agent
 * holds later updates back until then), until `until` or a terminal state. Returns the states seen.
 */
export async function followTask(
  s: Session,
  taskId: string,
  until: v1.TaskState,
  timeoutMs: number,
  from = 0,
): Promise<{ states: v1.TaskState[]; last: v1.TaskStatus; acked: number }> {
  const deadline = Date.now() + timeoutMs;
  const states: v1.TaskState[] = [];
  let acked = 0;
  let i = from;
  for (;;) {
    const left = deadline - Date.now();
    const e = await s.waitFor(
      (x) => x.type === "UPDATE" && x.status.task_id?.value === taskId,
      Math.max(left, 1),
      `UPDATE for ${taskId} reaching ${v1.taskStateToJSON(until)} (states so far: ${states.map((x) => v1.taskStateToJSON(x)).join(" → ") || "none"})`,
      i,
    );
    i = s.seen.indexOf(e) + 1;
    if (e.type !== "UPDATE") continue;
    const status = e.status;
    if (status.uuid && status.uuid.length > 0) {
      await s.client.acknowledgeStatus(status);
      acked++;
    }
    const state = status.state ?? S.TASK_STAGING;
    states.push(state);
    if (state === until || isTerminalTaskState(state)) return { states, last: status, acked };
  }
}

export function stateName(state: v1.TaskState | undefined): string {
  return state === undefined ? "(none)" : v1.taskStateToJSON(state);
}

/** The task as the master's operator API reports it (running or completed), or undefined. */
export async function clusterTask(
  op: OperatorClient,
  taskId: string,
  signal?: AbortSignal,
): Promise<v1.Task | undefined> {
  const t = await op.tasks(signal);
  return [...(t.tasks ?? []), ...(t.completed_tasks ?? []), ...(t.pending_tasks ?? [])].find(
    (x) => x.task_id?.value === taskId,
  );
}

/** Polls the operator API until the task is in `state`. */
export async function expectClusterTaskState(
  ctx: ScenarioContext,
  taskId: string,
  state: v1.TaskState,
  timeoutMs = 10_000,
  op = operator(ctx),
): Promise<v1.Task> {
  return eventually(
    async () => {
      const t = await clusterTask(op, taskId, ctx.signal);
      if (t?.state !== state) {
        throw new Error(
          `operator API: task ${taskId} is ${t ? stateName(t.state) : "unknown"}, expected ${stateName(state)}`,
        );
      }
      return t;
    },
    timeoutMs,
    ctx.signal,
  );
}

/** The framework as the master's operator API reports it. */
export async function clusterFramework(
  op: OperatorClient,
  frameworkId: string,
  signal?: AbortSignal,
): Promise<master.Response_GetFrameworks_Framework | undefined> {
  const f = await op.frameworks(signal);
  return (f.frameworks ?? []).find((x) => x.framework_info?.id?.value === frameworkId);
}
