import { master, scheduler, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../agent/agent.js";
import { subtractResources } from "../agent/resources.js";
import { encodeBody } from "../codec.js";
import { channels, log } from "../diagnostics.js";
import type { MediaType } from "../http/accept.js";
import type { SeededIds } from "../ids.js";
import type { Recorder } from "../recorder.js";
import { AgentRegistrations, type ReregistrationDelay } from "./agent-registrations.js";
import { Allocator } from "./allocator.js";
import { agentView, frameworkView, taskView } from "./api-views.js";
import { frameworkRoles, hasCapability, validateFrameworkInfo } from "./framework-info.js";
import { masterInfoFor } from "./master-info.js";
import { OperationFeedback } from "./operation-feedback.js";
import { encodeOperator } from "./operator/encode.js";
import { OperatorState } from "./operator/operator-state.js";
import type { RecordStream } from "./record-stream.js";
import { type FrameworkRecord, isTerminal, Registry, type TaskRecord, taskKey } from "./registry.js";
import { type HeartbeatStream, Subscription } from "./subscription.js";

/** The leading master as the core sees it. */
export interface LeaderView {
  readonly index: number;
  readonly info: v1.MasterInfo;
}

export interface MasterCoreOptions {
  readonly ids: SeededIds;
  readonly recorder: Recorder;
  readonly heartbeatIntervalMs: number;
  readonly allocationIntervalMs: number;
  readonly offerTimeoutMs: number | undefined;
  /** How long after an election each agent takes to re-register with the new leader. */
  readonly reregistrationDelay: ReregistrationDelay;
  /** First resend of an unacknowledged operation status update, doubling up to the max. */
  readonly operationRetryMs: number;
  readonly maxOperationRetryMs: number;
}

/** Fault switches the core consults (set through `cluster.faults`). */
export interface CoreFaults {
  /** Every UPDATE event is written twice. */
  duplicateUpdates: boolean;
}

/** A subscriber of the operator event stream. */
export type OperatorSubscriber = HeartbeatStream;

/**
 * The master's behaviour, shared by every simulated master (only the leader's requests reach
 * it): frameworks, subscriptions, calls, status update forwarding, allocation, operator events.
 */
export class MasterCore {
  readonly registry = new Registry();
  readonly agents = new Map<string, SimAgent>();
  readonly operatorSubscribers = new Set<OperatorSubscriber>();
  readonly faults: CoreFaults = { duplicateUpdates: false };
  readonly operatorState = new OperatorState();
  readonly operations: OperationFeedback;
  readonly #registrations: AgentRegistrations;
  readonly allocator: Allocator;
  readonly options: MasterCoreOptions;
  #leader: LeaderView | undefined;
  #everLed = false;
  #closed = false;

  constructor(options: MasterCoreOptions) {
    this.options = options;
    this.allocator = new Allocator(this);
    this.#registrations = new AgentRegistrations(options.reregistrationDelay, options.ids);
    this.operations = new OperationFeedback({
      ids: options.ids,
      retryIntervalMs: options.operationRetryMs,
      maxRetryIntervalMs: options.maxOperationRetryMs,
      send: (frameworkId, event) => {
        const fw = this.registry.frameworks.get(frameworkId);
        if (fw) this.sendEvent(fw, event);
      },
    });
  }

  get leader(): LeaderView | undefined {
    return this.#leader;
  }

  /** Whether any master has led yet (a later election is a failover). */
  get everLed(): boolean {
    return this.#everLed;
  }

  get ids(): SeededIds {
    return this.options.ids;
  }

  /** Leadership moved (or vanished): streams of the old leader are already closed by it. */
  setLeader(leader: LeaderView | undefined): void {
    const previous = this.#leader;
    if (previous?.index === leader?.index && previous?.info.id === leader?.info.id) return;
    this.#leader = leader;
    // The old leader's offers die with it (a new master starts with no outstanding offers).
    this.allocator.clearOffers(false);
    for (const fw of this.registry.frameworks.values()) {
      if (fw.subscription && fw.subscription.master !== leader?.index) this.#closeSubscription(fw);
    }
    // Failover timers belong to the master process that started them: a new leader starts its
    // own for every disconnected framework, and with no leader nobody removes anything.
    for (const fw of this.registry.frameworks.values()) if (!fw.subscription) this.#armFailover(fw);
    for (const sub of this.operatorSubscribers) sub.end();
    if (leader) this.#everLed = true;
    this.#registrations.leaderChanged(leader !== undefined && !this.#closed, [...this.agents.keys()], (id) =>
      this.#reregistered(id),
    );
    if (leader) this.allocator.start();
    else this.allocator.stop();
  }

  /** Whether an agent is registered with the leading master (it knows its tasks). */
  isRegistered(agentId: string): boolean {
    return this.#registrations.isRegistered(agentId);
  }

  /** An agent re-registered with a new leader: it resends what was not acknowledged. */
  #reregistered(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    log("info", "master", `Agent ${agentId} re-registered`);
    this.publishOperator({
      type: master.Event_Type.AGENT_ADDED,
      agent_added: { agent: this.agentView(agent) },
    });
    agent.statusUpdates.flush();
    this.allocator.schedule();
  }

  /**
   * MARK_AGENT_GONE (`Master::markGone`): the agent is removed for good; its live tasks end as
   * TASK_GONE_BY_OPERATOR (TASK_LOST for frameworks that are not partition-aware), sent by the
   * master without uuid; the agent shuts its executors down; operator subscribers see TASK_UPDATED
   * for each task, then AGENT_REMOVED.
   */
  markAgentGone(agent: SimAgent): void {
    for (const o of [...this.registry.offers.values()])
      if (o.agentId === agent.id) this.allocator.rescind(o.id);
    for (const [key, task] of this.registry.tasks) {
      if (task.agentId !== agent.id) continue;
      const fw = this.registry.frameworks.get(task.frameworkId);
      const state =
        fw && !this.isPartitionAware(fw) ? v1.TaskState.TASK_LOST : v1.TaskState.TASK_GONE_BY_OPERATOR;
      const status: v1.TaskStatus = {
        task_id: task.info.task_id,
        state,
        message: "Agent has been marked gone",
        source: v1.TaskStatus_Source.SOURCE_MASTER,
        reason: v1.TaskStatus_Reason.REASON_AGENT_REMOVED_BY_OPERATOR,
        agent_id: { value: agent.id },
        timestamp: Date.now() / 1000,
      };
      task.state = state;
      task.latest = status;
      task.statuses.push(status);
      this.registry.tasks.delete(key);
      this.registry.completedTasks.push(task);
      this.publishOperator({
        type: master.Event_Type.TASK_UPDATED,
        task_updated: { framework_id: { value: task.frameworkId }, status, state },
      });
      if (fw) this.sendEvent(fw, { type: scheduler.Event_Type.UPDATE, update: { status } });
    }
    for (const frameworkId of new Set([...agent.tasks.values()].map((t) => t.frameworkId)))
      agent.shutdownFramework(frameworkId);
    this.agents.delete(agent.id);
    this.operatorState.draining.delete(agent.id);
    this.publishOperator({
      type: master.Event_Type.AGENT_REMOVED,
      agent_removed: { agent_id: { value: agent.id } },
    });
  }

  addAgent(agent: SimAgent): void {
    this.agents.set(agent.id, agent);
    if (this.#leader) this.#registrations.register(agent.id);
    this.publishOperator({
      type: master.Event_Type.AGENT_ADDED,
      agent_added: { agent: this.agentView(agent) },
    });
  }

  // ---------------------------------------------------------------- events

  /** Writes one event on a framework's stream (recorded), in the stream's encoding. */
  sendEvent(fw: FrameworkRecord, event: scheduler.Event, subscription = fw.subscription): void {
    if (!subscription || subscription.stream.closed) return;
    const payload = encodeBody(scheduler.Event, subscription.media, event);
    this.options.recorder.addEvent({
      at: Date.now(),
      master: subscription.master,
      frameworkId: fw.id,
      streamId: subscription.streamId,
      event,
      payload,
    });
    if (channels.event.hasSubscribers) {
      channels.event.publish({ frameworkId: fw.id, streamId: subscription.streamId, type: event.type });
    }
    subscription.stream.send(payload);
  }

  publishOperator(event: master.Event): void {
    for (const sub of this.operatorSubscribers) {
      if (!sub.stream.closed) sub.stream.send(encodeOperator(master.Event, sub.media, event));
    }
  }

  // ---------------------------------------------------------------- subscription

  /** SUBSCRIBE after the 200 headers went out (`src/master/master.cpp`): SUBSCRIBED + HEARTBEAT, or ERROR + close. */
  subscribe(
    masterIndex: number,
    stream: RecordStream,
    streamId: string,
    media: MediaType,
    call: scheduler.Call,
  ): FrameworkRecord | undefined {
    const leader = this.#leader;
    const subscribe = call.subscribe ?? {};
    const info = v1.FrameworkInfo.fromPartial(subscribe.framework_info ?? {});
    const suppressed = subscribe.suppressed_roles ?? [];
    const fail = (message: string) => {
      const payload = encodeBody(scheduler.Event, media, {
        type: scheduler.Event_Type.ERROR,
        error: { message },
      });
      this.options.recorder.addEvent({
        at: Date.now(),
        master: masterIndex,
        frameworkId: info.id?.value,
        streamId,
        event: { type: scheduler.Event_Type.ERROR, error: { message } },
        payload,
      });
      stream.send(payload);
      stream.end();
      return undefined;
    };
    if (!leader) return fail("Master is not the leader");
    const invalid = validateFrameworkInfo(info, suppressed);
    if (invalid) return fail(invalid);
    const now = Date.now() / 1000;
    let fw: FrameworkRecord | undefined;
    const id = info.id?.value;
    if (id !== undefined) {
      if (this.registry.completedFrameworks.has(id)) return fail("Framework has been removed");
      fw = this.registry.frameworks.get(id);
    }
    if (fw) {
      if ((fw.info.principal ?? undefined) !== (info.principal ?? undefined)) {
        return fail(
          `Changing framework's principal is not allowed (from '${fw.info.principal ?? ""}' to '${info.principal ?? ""}')`,
        );
      }
      if (fw.subscription) {
        this.sendEvent(fw, { type: scheduler.Event_Type.ERROR, error: { message: "Framework failed over" } });
        const old = fw.subscription;
        fw.subscription = undefined;
        old.end();
      }
      // Outstanding offers were made to the old scheduler: dropped without RESCIND so the
      // allocator can offer the resources to the new stream (`Master::_failoverFramework`).
      // Left in place they would stay locked forever (offers never expire by default).
      this.allocator.removeFrameworkOffers(fw.id, false);
      // preserveImmutableFields: user and checkpoint silently keep their old values.
      const previous = fw.info;
      fw.info = { ...info, user: previous.user, checkpoint: previous.checkpoint, id: { value: fw.id } };
      fw.reregisteredTime = now;
    } else {
      const newId = id ?? `${leader.info.id}-${String(this.registry.frameworkCounter++).padStart(4, "0")}`;
      fw = {
        id: newId,
        info: { ...info, id: { value: newId } },
        subscription: undefined,
        connected: false,
        active: true,
        suppressed: new Set(),
        offerConstraints: undefined,
        registeredTime: now,
        reregisteredTime: id !== undefined ? now : undefined,
        unregisteredTime: undefined,
        failoverTimer: undefined,
      };
      this.registry.frameworks.set(newId, fw);
    }
    if (fw.failoverTimer) clearTimeout(fw.failoverTimer);
    fw.failoverTimer = undefined;
    fw.suppressed = new Set(suppressed);
    fw.offerConstraints = subscribe.offer_constraints;
    fw.connected = true;
    fw.active = true;
    const subscription = new Subscription({ stream, streamId, media, master: masterIndex });
    fw.subscription = subscription;
    const record = fw;
    stream.onClose(() => {
      if (record.subscription === subscription) this.#disconnected(record);
    });
    this.sendEvent(fw, {
      type: scheduler.Event_Type.SUBSCRIBED,
      subscribed: {
        framework_id: { value: fw.id },
        heartbeat_interval_seconds: this.options.heartbeatIntervalMs / 1000,
        master_info: masterInfoFor(media, leader.info),
      },
    });
    subscription.heartbeats(this.options.heartbeatIntervalMs, () =>
      this.sendEvent(record, { type: scheduler.Event_Type.HEARTBEAT }, subscription),
    );
    const isNew = fw.reregisteredTime === undefined;
    this.publishOperator(
      isNew
        ? { type: master.Event_Type.FRAMEWORK_ADDED, framework_added: { framework: this.frameworkView(fw) } }
        : {
            type: master.Event_Type.FRAMEWORK_UPDATED,
            framework_updated: { framework: this.frameworkView(fw) },
          },
    );
    this.allocator.schedule();
    return fw;
  }

  #closeSubscription(fw: FrameworkRecord): void {
    const sub = fw.subscription;
    if (!sub) return;
    fw.subscription = undefined;
    sub.drop();
    this.#disconnected(fw);
  }

  /** The stream closed (`src/master/master.cpp`): offers rescinded, failover timer started. */
  #disconnected(fw: FrameworkRecord): void {
    fw.subscription = undefined;
    if (!this.registry.frameworks.has(fw.id)) return;
    fw.connected = false;
    fw.active = false;
    fw.unregisteredTime = Date.now() / 1000;
    this.allocator.removeFrameworkOffers(fw.id, false);
    this.#armFailover(fw);
  }

  /** (Re)starts the `failover_timeout` timer of a disconnected framework, if a leader runs it. */
  #armFailover(fw: FrameworkRecord): void {
    if (fw.failoverTimer) clearTimeout(fw.failoverTimer);
    fw.failoverTimer = undefined;
    if (this.#closed || !this.#leader) return;
    const timeoutMs = Math.max(0, (fw.info.failover_timeout ?? 0) * 1000);
    fw.failoverTimer = setTimeout(
      () => {
        fw.failoverTimer = undefined;
        if (!fw.connected) {
          log("info", "master", `Framework ${fw.id} failover timeout, removing`);
          this.removeFramework(fw);
        }
      },
      Math.min(timeoutMs, 2 ** 31 - 1),
    );
  }

  /** TEARDOWN / failover timeout: tasks killed, id completed, stream closed. */
  removeFramework(fw: FrameworkRecord): void {
    if (fw.failoverTimer) clearTimeout(fw.failoverTimer);
    fw.failoverTimer = undefined;
    this.registry.frameworks.delete(fw.id);
    this.registry.completedFrameworks.set(fw.id, fw);
    this.allocator.removeFrameworkOffers(fw.id, false);
    this.operations.forgetFramework(fw.id);
    this.registry.filters = this.registry.filters.filter((f) => f.frameworkId !== fw.id);
    for (const agent of this.agents.values()) agent.shutdownFramework(fw.id);
    for (const [key, task] of this.registry.tasks) {
      if (task.frameworkId !== fw.id) continue;
      this.registry.tasks.delete(key);
      if (!isTerminal(task.state)) {
        // `Master::removeFramework`: each live task is killed by the master, which operator
        // subscribers see as TASK_UPDATED before FRAMEWORK_REMOVED.
        const status: v1.TaskStatus = {
          task_id: task.info.task_id,
          state: v1.TaskState.TASK_KILLED,
          message: "Framework terminated",
          source: v1.TaskStatus_Source.SOURCE_MASTER,
          reason: v1.TaskStatus_Reason.REASON_FRAMEWORK_REMOVED,
          agent_id: { value: task.agentId },
          timestamp: Date.now() / 1000,
        };
        task.state = v1.TaskState.TASK_KILLED;
        task.latest = status;
        task.statuses.push(status);
        this.publishOperator({
          type: master.Event_Type.TASK_UPDATED,
          task_updated: { framework_id: { value: fw.id }, status, state: task.state },
        });
      }
      this.registry.completedTasks.push(task);
    }
    fw.connected = false;
    fw.active = false;
    fw.unregisteredTime = Date.now() / 1000;
    const sub = fw.subscription;
    fw.subscription = undefined;
    sub?.end();
    this.publishOperator({
      type: master.Event_Type.FRAMEWORK_REMOVED,
      framework_removed: { framework_info: fw.info },
    });
  }

  // ---------------------------------------------------------------- status updates

  /** From an agent's status update manager (first send or retry). */
  forwardStatusUpdate(agent: SimAgent, frameworkId: string, status: v1.TaskStatus): void {
    // No master to receive it, or one the agent has not re-registered with: the agent retries
    // (and resends it when it re-registers).
    if (!this.#leader || this.#closed || !this.isRegistered(agent.id)) return;
    const task = this.registry.tasks.get(taskKey(frameworkId, status.task_id?.value ?? ""));
    if (task) {
      const seen = task.statuses.some(
        (s) => s.uuid && status.uuid && Buffer.from(s.uuid).equals(status.uuid),
      );
      if (!seen) {
        task.state = status.state ?? task.state;
        task.latest = status;
        task.statuses.push({ ...status, data: undefined } as v1.TaskStatus);
        this.publishOperator({
          type: master.Event_Type.TASK_UPDATED,
          task_updated: { framework_id: { value: frameworkId }, status, state: task.state },
        });
      }
      task.statusUpdateState = status.state;
      task.statusUpdateUuid = status.uuid;
    }
    const fw = this.registry.frameworks.get(frameworkId);
    if (!fw?.subscription) return;
    const event: scheduler.Event = { type: scheduler.Event_Type.UPDATE, update: { status } };
    this.sendEvent(fw, event);
    if (this.faults.duplicateUpdates) this.sendEvent(fw, event);
  }

  /** Updates the master makes itself: no uuid, SOURCE_MASTER, not retried (`src/master/master.cpp`). */
  sendMasterUpdate(
    fw: FrameworkRecord,
    taskId: string,
    state: v1.TaskState,
    reason: v1.TaskStatus_Reason,
    message: string,
    agentId?: string,
    containerStatus?: v1.ContainerStatus,
  ): void {
    this.sendEvent(fw, {
      type: scheduler.Event_Type.UPDATE,
      update: {
        status: {
          task_id: { value: taskId },
          state,
          message,
          source: v1.TaskStatus_Source.SOURCE_MASTER,
          reason,
          ...(agentId !== undefined ? { agent_id: { value: agentId } } : {}),
          timestamp: Date.now() / 1000,
          ...(containerStatus ? { container_status: containerStatus } : {}),
        },
      },
    });
  }

  /** The task's resources are back: remove it from the live set once its terminal update is acked. */
  acknowledged(frameworkId: string, status: v1.TaskStatus): void {
    const key = taskKey(frameworkId, status.task_id?.value ?? "");
    const task = this.registry.tasks.get(key);
    if (task && isTerminal(status.state)) {
      this.registry.tasks.delete(key);
      this.registry.completedTasks.push(task);
    }
    this.allocator.schedule();
  }

  addTask(task: TaskRecord): void {
    this.registry.tasks.set(taskKey(task.frameworkId, task.info.task_id?.value ?? ""), task);
    this.publishOperator({ type: master.Event_Type.TASK_ADDED, task_added: { task: this.taskView(task) } });
  }

  // ---------------------------------------------------------------- views (operator API)

  taskView(task: TaskRecord): v1.Task {
    return taskView(task);
  }

  frameworkView(fw: FrameworkRecord): master.Response_GetFrameworks_Framework {
    return frameworkView(this, fw);
  }

  agentView(agent: SimAgent): master.Response_GetAgents_Agent {
    return agentView(this, agent);
  }

  /** Unused resources of an agent (total - tasks - outstanding offers). */
  available(agent: SimAgent): v1.Resource[] {
    let free = subtractResources(agent.total, agent.used());
    for (const offer of this.registry.offers.values()) {
      if (offer.agentId === agent.id) free = subtractResources(free, offer.resources);
    }
    return free;
  }

  rolesOf(fw: FrameworkRecord): string[] {
    return frameworkRoles(fw.info);
  }

  isPartitionAware(fw: FrameworkRecord): boolean {
    return hasCapability(fw.info, v1.FrameworkInfo_Capability_Type.PARTITION_AWARE);
  }

  close(): void {
    this.#closed = true;
    this.operations.close();
    this.#registrations.close();
    this.allocator.stop();
    this.allocator.clearOffers(false);
    for (const fw of this.registry.frameworks.values()) {
      if (fw.failoverTimer) clearTimeout(fw.failoverTimer);
      fw.subscription?.drop();
    }
    for (const sub of this.operatorSubscribers) sub.drop();
    this.operatorSubscribers.clear();
  }
}
