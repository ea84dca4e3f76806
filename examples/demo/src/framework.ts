import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { userInfo } from "node:os";
import { redactMasterUrl } from "@mesos-ts/discovery";
import type { v1 } from "@mesos-ts/proto";
import {
  type ContentType,
  createScheduler,
  isTerminalState,
  launchOperation,
  OfferBook,
  redirectChannel,
  type SchedulerClient,
  type SchedulerEvent,
  takeResources,
  taskStateName,
} from "@mesos-ts/scheduler";
import type { Progress } from "./progress.js";
import type { DemoTaskSpec } from "./tasks.js";

/** Where a finished task's stdout is, and what it printed (if it could be read). */
export interface TaskOutput {
  /** Path or URL of the sandbox's stdout file. */
  location?: string;
  stdout?: string;
  /** Why the output could not be read. */
  error?: string;
}

/** Reads a task's stdout once it ended: the embedded cluster reads sandbox files, a real one the agent's /files API. */
export type OutputReader = (task: {
  frameworkId: string;
  taskId: string;
  executorId: string | undefined;
  agentId: string;
  agentUrl: v1.URL | undefined;
  kind: DemoTaskSpec["kind"];
}) => Promise<TaskOutput>;

export interface FrameworkOptions {
  /** Any master URL the scheduler client understands (http://host:5050, host:5050,host:5050, zk://…). */
  master: string;
  contentType: ContentType;
  tasks: readonly DemoTaskSpec[];
  timeoutMs: number;
  progress: Progress;
  /** Aborting (SIGINT) stops waiting, tears the framework down and reports. */
  signal?: AbortSignal;
  readOutput?: OutputReader;
  /** FrameworkInfo.failover_timeout in seconds (default 300). */
  failoverTimeoutSeconds?: number;
}

export interface StateChangeRecord {
  state: string;
  /** Seconds since the start of the run. */
  at: number;
}

export interface TaskResult {
  id: string;
  kind: DemoTaskSpec["kind"];
  what: string;
  expected: string;
  /** Last state seen, or "NOT_LAUNCHED". */
  state: string;
  ok: boolean;
  agentId?: string;
  host?: string;
  hostPort?: number;
  message?: string;
  reason?: string;
  /** Set when the cluster reported it only simulated the task (testkit DOCKER containers). */
  simulated?: string;
  states: StateChangeRecord[];
  output?: TaskOutput;
}

export type Outcome = "finished" | "timeout" | "interrupted" | "error";

export interface FrameworkResult {
  ok: boolean;
  outcome: Outcome;
  /** One-line explanation when not ok. */
  error?: string;
  master: string;
  contentType: ContentType;
  frameworkId?: string;
  /** The scheduler endpoint of the leading master the stream ended up on. */
  leader?: string;
  redirects: Array<{ from: string; to: string }>;
  subscriptions: number;
  acknowledged: number;
  declinedOffers: number;
  tornDown: boolean;
  seconds: number;
  tasks: TaskResult[];
}

interface Tracked {
  spec: DemoTaskSpec;
  result: TaskResult;
  launched: boolean;
  terminal: boolean;
  executorId?: string;
  agentUrl?: v1.URL;
}

const SIMULATED_LABEL = "mesos-ts.simulated";
/** Filter for offers we do not need: long enough not to be pestered, short enough not to matter. */
const DECLINE_REFUSE_SECONDS = 120;
/** While tasks still wait for room, unused resources come back soon. */
const PENDING_REFUSE_SECONDS = 1;

/**
 * The demo framework against any master: subscribe, place the tasks on offers (spread over the
 * agents), decline what is not used, acknowledge every update that carries a uuid, wait until
 * every task is terminal (or the timeout / signal), collect outputs, TEARDOWN.
 */
export async function runFramework(options: FrameworkOptions): Promise<FrameworkResult> {
  const { progress } = options;
  const tracked = new Map<string, Tracked>();
  for (const spec of options.tasks) {
    tracked.set(spec.id, {
      spec,
      launched: false,
      terminal: false,
      result: {
        id: spec.id,
        kind: spec.kind,
        what: spec.what,
        expected: spec.expected,
        state: "NOT_LAUNCHED",
        ok: false,
        states: [],
      },
    });
  }
  const result: FrameworkResult = {
    ok: false,
    outcome: "error",
    // What is printed and reported: a zk:// or http:// URL may carry a password.
    master: redactMasterUrl(options.master),
    contentType: options.contentType,
    redirects: [],
    subscriptions: 0,
    acknowledged: 0,
    declinedOffers: 0,
    tornDown: false,
    seconds: 0,
    tasks: [...tracked.values()].map((t) => t.result),
  };
  const hostnames = new Map<string, string>();
  const agentUrls = new Map<string, v1.URL>();
  const outputs: Array<Promise<void>> = [];
  let lastError: Error | undefined;
  let suppressed = false;

  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any(options.signal ? [timeout, options.signal] : [timeout]);

  const onRedirect = (message: unknown) => {
    const { from, to, callType } = message as { from: string; to: string; callType?: string };
    if (callType !== "SUBSCRIBE") return;
    result.redirects.push({ from, to });
    progress.line(`307 redirect: ${from} is not the leader, following to ${to}`);
  };
  subscribe(redirectChannel.name, onRedirect);

  progress.line(`subscribing to ${result.master} (${options.contentType})`);
  let client: SchedulerClient;
  try {
    client = createScheduler({
      master: options.master,
      contentType: options.contentType,
      // Acknowledged explicitly below, so the demo knows (and shows) that every ack was accepted.
      autoAcknowledge: false,
      framework: {
        user: currentUser(),
        name: "mesos-ts-demo",
        // A short network blip must not kill the tasks; TEARDOWN at the end removes us anyway.
        failover_timeout: options.failoverTimeoutSeconds ?? 300,
      },
      logger: {
        warn: (message, fields) =>
          progress.line(`scheduler: ${message}${fields?.error ? ` (${String(fields.error)})` : ""}`),
        error: (message, fields) =>
          progress.line(`scheduler: ${message}${fields?.error ? ` (${String(fields.error)})` : ""}`),
      },
    });
  } catch (error) {
    unsubscribe(redirectChannel.name, onRedirect);
    result.error = `cannot use master ${result.master}: ${(error as Error).message}`;
    return result;
  }
  client.onStateChange((change) => {
    if (change.error) lastError = change.error;
    if (change.state === "disconnected" && change.previous === "subscribed") {
      progress.line(`subscription lost (${change.error?.message ?? "no reason"}); reconnecting`);
    }
  });
  const book = new OfferBook(client);
  const callOptions = { signal };

  const pending = () => [...tracked.values()].filter((t) => !t.launched);
  const allTerminal = () => [...tracked.values()].every((t) => t.terminal);

  const handleOffers = async (offers: v1.Offer[]) => {
    for (const offer of offers) {
      const agentId = offer.agent_id?.value;
      if (agentId && offer.hostname) hostnames.set(agentId, offer.hostname);
      if (agentId && offer.url) agentUrls.set(agentId, offer.url);
    }
    const waiting = pending();
    if (waiting.length > 0) {
      // Round-robin over the offers so the tasks spread across agents.
      const room = offers.map((offer) => ({
        offer,
        left: offer.resources ?? [],
        tasks: [] as v1.TaskInfo[],
      }));
      let next = 0;
      for (const task of waiting) {
        for (let tries = 0; tries < room.length; tries++) {
          const slot = room[(next + tries) % room.length];
          const agentId = slot?.offer.agent_id?.value;
          if (!slot || !agentId) continue;
          const fit = takeResources(slot.left, task.spec.request);
          if (!fit) continue;
          slot.left = fit.remaining;
          slot.tasks.push(task.spec.build({ agentId, resources: fit.taken, ports: fit.ports }));
          task.launched = true;
          task.result.agentId = agentId;
          task.result.host = agentLabel(agentId, hostnames.get(agentId));
          if (fit.ports[0] !== undefined) task.result.hostPort = fit.ports[0];
          next = (next + tries + 1) % room.length;
          break;
        }
      }
      const stillPending = pending().length > 0;
      for (const slot of room) {
        const offerId = slot.offer.id?.value;
        if (slot.tasks.length === 0 || !offerId) continue;
        book.take(offerId);
        const names = slot.tasks.map((t) => t.task_id?.value).join(", ");
        const agent = agentLabel(slot.offer.agent_id?.value ?? "?", slot.offer.hostname);
        progress.line(`ACCEPT offer ${offerId} on ${agent}: LAUNCH ${names}`);
        await client.accept(
          {
            offerIds: [offerId],
            operations: [launchOperation(slot.tasks)],
            filters: stillPending ? PENDING_REFUSE_SECONDS : DECLINE_REFUSE_SECONDS,
          },
          callOptions,
        );
      }
    }
    const refuse = pending().length > 0 ? PENDING_REFUSE_SECONDS : DECLINE_REFUSE_SECONDS;
    const declined = await book.declineOutstanding(refuse);
    if (declined.length > 0) {
      result.declinedOffers += declined.length;
      progress.line(`DECLINE ${declined.length} unused offer(s) (refuse_seconds ${refuse})`);
    }
    if (pending().length === 0 && !suppressed) {
      suppressed = true;
      await client.suppress({}, callOptions);
      progress.line("SUPPRESS: every task is launched, no more offers needed");
    }
  };

  const handleUpdate = async (status: v1.TaskStatus) => {
    const taskId = status.task_id?.value ?? "?";
    const state = taskStateName(status.state);
    const task = tracked.get(taskId);
    const agentId = status.agent_id?.value;
    const simulated = status.labels?.labels?.find((l) => l.key === SIMULATED_LABEL)?.value;
    if (task) {
      task.result.state = state;
      task.result.states.push({ state, at: round(progress.elapsed()) });
      if (status.message) task.result.message = status.message;
      if (status.reason !== undefined) task.result.reason = String(status.reason);
      if (simulated) task.result.simulated = simulated;
      if (agentId) task.result.agentId = agentId;
      if (status.executor_id?.value) task.executorId = status.executor_id.value;
    }
    const where = agentId ? `on ${agentLabel(agentId, hostnames.get(agentId))}` : "";
    // The testkit appends its "simulated" note to every message: show it once.
    const firstSimulated = simulated !== undefined && task?.result.states.length === 1;
    const message = simulated
      ? status.message?.replace(`; ${simulated}`, "").replace(simulated, "")
      : status.message;
    // A custom executor's progress: the output it put in the status data.
    const output =
      task?.spec.kind === "executor" && status.data && status.data.length > 0
        ? `| ${Buffer.from(status.data).toString("utf8").trim()}`
        : "";
    const detail = [where, message ? `- ${message}` : "", firstSimulated ? `(${simulated})` : "", output]
      .filter(Boolean)
      .join(" ");
    progress.task(taskId, state, detail);
    // Only updates with a uuid are acknowledged; master-generated ones have none (`src/master/master.cpp`).
    if (status.uuid !== undefined && status.uuid.length > 0) {
      try {
        await client.acknowledgeStatus(status, callOptions);
        result.acknowledged++;
      } catch (error) {
        if (signal.aborted) throw error;
        progress.line(
          `ACKNOWLEDGE of ${taskId} ${state} failed (${(error as Error).message}); the agent will resend it`,
        );
      }
    }
    if (task && isTerminalState(status.state) && !task.terminal) {
      task.terminal = true;
      task.result.ok = state === task.spec.expected;
      const frameworkId = client.frameworkId;
      if (options.readOutput && frameworkId && agentId) {
        outputs.push(
          options
            .readOutput({
              frameworkId,
              taskId,
              executorId: task.executorId,
              agentId,
              agentUrl: agentUrls.get(agentId),
              kind: task.spec.kind,
            })
            .then(
              (output) => {
                task.result.output = output;
              },
              (error: unknown) => {
                task.result.output = { error: (error as Error).message };
              },
            ),
        );
      }
    }
  };

  const handle = async (event: SchedulerEvent) => {
    book.observe(event);
    switch (event.type) {
      case "SUBSCRIBED": {
        result.subscriptions++;
        result.frameworkId = event.frameworkId.value;
        result.leader = client.leaderUrl?.href;
        const leader = event.masterInfo
          ? `${event.masterInfo.hostname ?? event.masterInfo.address?.ip}:${event.masterInfo.port}`
          : result.leader;
        progress.line(
          `SUBSCRIBED as framework ${event.frameworkId.value} (leader ${leader}, heartbeat ${event.heartbeatIntervalSeconds}s)`,
        );
        if (event.generation > 1) {
          // After a reconnect: ask for the state of what we launched (explicit reconciliation).
          const tasks = [...tracked.values()]
            .filter((t) => t.launched && !t.terminal)
            .map((t) => ({ taskId: t.spec.id, ...(t.result.agentId ? { agentId: t.result.agentId } : {}) }));
          if (tasks.length > 0) await client.reconcile({ tasks }, callOptions);
        }
        break;
      }
      case "OFFERS":
        progress.line(
          `OFFERS: ${event.offers.length} offer(s) from ${event.offers.map((o) => agentLabel(o.agent_id?.value ?? "?", o.hostname)).join(", ")}`,
        );
        await handleOffers(event.offers);
        break;
      case "UPDATE":
        await handleUpdate(event.status);
        break;
      case "RESCIND":
        progress.line(`RESCIND offer ${event.offerId.value}`);
        break;
      case "FAILURE":
        progress.line(
          `FAILURE: agent ${event.agentId?.value ?? "?"}${event.executorId ? ` executor ${event.executorId.value}` : ""}${event.exitStatus !== undefined ? ` exit status ${event.exitStatus}` : ""}`,
        );
        break;
      case "ERROR":
        progress.line(`ERROR from the master: ${event.message}`);
        break;
      default:
        break;
    }
  };

  try {
    for await (const event of client.events({ signal })) {
      await handle(event);
      if (allTerminal()) break;
    }
    if (allTerminal()) {
      result.outcome = "finished";
    } else {
      result.error = client.terminalError?.message ?? "the event stream ended before every task finished";
    }
  } catch (error) {
    if (timeout.aborted) {
      result.outcome = "timeout";
      result.error = timeoutMessage(options, result, [...tracked.values()], lastError);
    } else if (options.signal?.aborted) {
      result.outcome = "interrupted";
      result.error = "interrupted";
    } else {
      result.error = (error as Error).message;
    }
  } finally {
    unsubscribe(redirectChannel.name, onRedirect);
  }

  await Promise.all(outputs);
  if (client.state === "subscribed") {
    try {
      await client.teardown({ signal: AbortSignal.timeout(5000) });
      result.tornDown = true;
      progress.line(`TEARDOWN accepted: framework ${result.frameworkId} removed, nothing left running`);
    } catch (error) {
      progress.line(`TEARDOWN failed: ${(error as Error).message}`);
    }
  }
  await client.close();
  result.seconds = round(progress.elapsed());
  const unexpected = result.tasks.filter((t) => !t.ok);
  if (result.outcome === "finished" && unexpected.length > 0) {
    result.error = `unexpected final state: ${unexpected.map((t) => `${t.id} ${t.state} (expected ${t.expected})`).join(", ")}`;
  }
  result.ok = result.outcome === "finished" && unexpected.length === 0 && result.tornDown;
  if (result.outcome === "finished" && !result.tornDown && result.error === undefined) {
    result.error = "TEARDOWN was not accepted: the framework may still be registered";
  }
  return result;
}

function timeoutMessage(
  options: FrameworkOptions,
  result: FrameworkResult,
  tasks: Tracked[],
  lastError: Error | undefined,
): string {
  const seconds = options.timeoutMs / 1000;
  if (result.subscriptions === 0) {
    return `could not subscribe to ${result.master} within ${seconds} s${lastError ? `: ${lastError.message}` : ""}`;
  }
  const unfinished = tasks.filter((t) => !t.terminal).map((t) => `${t.spec.id} (${t.result.state})`);
  return `timed out after ${seconds} s; unfinished tasks: ${unfinished.join(", ")}`;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "nobody";
  }
}

/** `host (S0)`: the host and the short form of the agent id (Mesos agent ids end in `-S<n>`). */
export function agentLabel(agentId: string, hostname: string | undefined): string {
  const short = /-(S\d+)$/.exec(agentId)?.[1] ?? agentId;
  return hostname ? `${hostname} (${short})` : short;
}

const round = (x: number) => Math.round(x * 100) / 100;
