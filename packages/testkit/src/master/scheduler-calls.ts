import { scheduler, v1 } from "@mesos-ts/proto";
import { addResources, containsResources, subtractResources, toRefinedFormat } from "../agent/resources.js";
import { log } from "../diagnostics.js";
import type { MasterCore } from "./core.js";
import { frameworkRoles, hasCapability, validateFrameworkInfo } from "./framework-info.js";
import { type FrameworkRecord, isTerminal, type OfferRecord, taskKey } from "./registry.js";

const T = scheduler.Call_Type;

/** Drops a call after 202, as `Master::drop` does: logged, no effect. */
function drop(call: scheduler.Call, reason: string): void {
  log("warn", "master", `Dropping ${scheduler.call_TypeToJSON(call.type ?? 0)} call: ${reason}`);
}

/** Every 202 call (§3.1 row 19): processed after the answer, problems only logged. */
export function handleCall(core: MasterCore, fw: FrameworkRecord, call: scheduler.Call): void {
  switch (call.type) {
    case T.TEARDOWN:
      core.removeFramework(fw);
      return;
    case T.ACCEPT:
      accept(core, fw, call.accept ?? {});
      return;
    case T.DECLINE:
      for (const id of call.decline?.offer_ids ?? []) {
        const offer = ownOffer(core, fw, id.value);
        if (!offer) continue;
        core.allocator.take(offer.id);
        core.allocator.recover(
          fw.id,
          offer.agentId,
          offer.role,
          offer.resources,
          call.decline?.filters?.refuse_seconds,
        );
      }
      return;
    case T.ACCEPT_INVERSE_OFFERS:
    case T.DECLINE_INVERSE_OFFERS:
      // The simulator has no maintenance schedule, hence no inverse offers to act on.
      drop(call, "no such inverse offers");
      return;
    case T.REVIVE:
    case T.SUPPRESS: {
      const listed = (call.type === T.REVIVE ? call.revive?.roles : call.suppress?.roles) ?? [];
      const roles = frameworkRoles(fw.info);
      if (listed.some((r) => !roles.includes(r))) {
        drop(call, "a listed role is not one of the framework's roles");
        return;
      }
      const target = new Set(listed.length > 0 ? listed : roles);
      if (call.type === T.REVIVE) {
        for (const r of target) fw.suppressed.delete(r);
        core.allocator.clearFilters(fw.id, target);
      } else {
        for (const r of target) fw.suppressed.add(r);
      }
      return;
    }
    case T.KILL: {
      const taskId = call.kill?.task_id?.value ?? "";
      const task = core.registry.tasks.get(taskKey(fw.id, taskId));
      const agent = task ? core.agents.get(task.agentId) : undefined;
      if (!task || !agent) {
        reconcileExplicit(core, fw, [
          { task_id: { value: taskId }, ...(call.kill?.agent_id ? { agent_id: call.kill.agent_id } : {}) },
        ]);
        return;
      }
      if (isTerminal(task.state)) return;
      agent.kill(
        fw.id,
        taskId,
        call.kill?.kill_policy ?? task.info.kill_policy,
        hasCapability(fw.info, v1.FrameworkInfo_Capability_Type.TASK_KILLING_STATE),
      );
      return;
    }
    case T.SHUTDOWN: {
      const agent = core.agents.get(call.shutdown?.agent_id?.value ?? "");
      if (!agent?.shutdownExecutor(fw.id, call.shutdown?.executor_id?.value ?? ""))
        drop(call, "unknown executor");
      return;
    }
    case T.ACKNOWLEDGE: {
      const ack = call.acknowledge ?? {};
      const agent = core.agents.get(ack.agent_id?.value ?? "");
      if (!agent) {
        drop(call, "unknown agent");
        return;
      }
      const status = agent.acknowledge(fw.id, ack.task_id?.value ?? "", ack.uuid ?? Buffer.alloc(0));
      if (status) core.acknowledged(fw.id, status);
      return;
    }
    case T.ACKNOWLEDGE_OPERATION_STATUS:
      if (!core.operations.acknowledge(fw.id, call.acknowledge_operation_status?.uuid ?? new Uint8Array()))
        drop(call, "no such operation status update");
      return;
    case T.RECONCILE: {
      const tasks = call.reconcile?.tasks ?? [];
      if (tasks.length === 0) reconcileImplicit(core, fw);
      else reconcileExplicit(core, fw, tasks);
      return;
    }
    case T.RECONCILE_OPERATIONS:
      reconcileOperations(core, fw, call.reconcile_operations ?? {});
      return;
    case T.MESSAGE: {
      const message = call.message ?? {};
      const agent = core.agents.get(message.agent_id?.value ?? "");
      if (!agent) {
        drop(call, "unknown agent");
        return;
      }
      agent.messages.push({
        frameworkId: fw.id,
        executorId: message.executor_id?.value ?? "",
        data: Buffer.from(message.data ?? []),
      });
      return;
    }
    case T.REQUEST:
      // The built-in allocator ignores resource requests (§3.4).
      return;
    default:
      drop(call, "unexpected call type");
  }
}

function ownOffer(core: MasterCore, fw: FrameworkRecord, id: string | undefined): OfferRecord | undefined {
  const offer = core.registry.offers.get(id ?? "");
  return offer && offer.frameworkId === fw.id ? offer : undefined;
}

/** `Master::accept`: offer validation, then operations applied in order to the offered pool. */
function accept(core: MasterCore, fw: FrameworkRecord, accept: scheduler.Call_Accept): void {
  const ids = (accept.offer_ids ?? []).map((o) => o.value ?? "");
  const operations = accept.operations ?? [];
  let error: string | undefined;
  if (ids.length === 0) error = "No offers specified";
  else if (new Set(ids).size !== ids.length) error = "Duplicate offer ids";
  const offers: OfferRecord[] = [];
  for (const id of ids) {
    const offer = core.registry.offers.get(id);
    if (!offer) error ??= `Offer ${id} is no longer valid`;
    else if (offer.frameworkId !== fw.id) error ??= `Offer ${id} has invalid framework`;
    else offers.push(offer);
  }
  const agentId = offers[0]?.agentId;
  const role = offers[0]?.role;
  if (offers.some((o) => o.agentId !== agentId))
    error ??= "Aggregated offers must belong to one single agent";
  if (offers.some((o) => o.role !== role)) error ??= "Aggregated offers must be allocated to the same role";
  for (const o of offers) core.allocator.take(o.id);
  const agent = agentId !== undefined ? core.agents.get(agentId) : undefined;
  if (error !== undefined || !agent || role === undefined) {
    const message = error ?? "Agent is not available";
    for (const o of offers) core.allocator.recover(fw.id, o.agentId, o.role, o.resources, 0);
    for (const op of operations) {
      const launches =
        op.type === v1.Offer_Operation_Type.LAUNCH || op.type === v1.Offer_Operation_Type.LAUNCH_GROUP;
      if (!launches) {
        // §3.9: other operations get OPERATION_ERROR when they asked for feedback (an `id`).
        if (op.id) operationError(core, fw, op.id, `Operation attempted with invalid offers: ${message}`);
        continue;
      }
      const tasks = op.launch?.task_infos ?? op.launch_group?.task_group?.tasks ?? [];
      for (const task of tasks) {
        core.sendMasterUpdate(
          fw,
          task.task_id?.value ?? "",
          core.isPartitionAware(fw) ? v1.TaskState.TASK_DROPPED : v1.TaskState.TASK_LOST,
          v1.TaskStatus_Reason.REASON_INVALID_OFFERS,
          `Task launched with invalid offers: ${message}`,
          task.agent_id?.value,
        );
      }
    }
    return;
  }
  let pool: v1.Resource[] = [];
  for (const o of offers) pool = addResources(pool, o.resources);
  const O = v1.Offer_Operation_Type;
  for (const op of operations) {
    switch (op.type) {
      case O.LAUNCH:
      case O.LAUNCH_GROUP: {
        const tasks =
          (op.type === O.LAUNCH ? op.launch?.task_infos : op.launch_group?.task_group?.tasks) ?? [];
        const executor = op.type === O.LAUNCH_GROUP ? op.launch_group?.executor : undefined;
        const problems = new Map<string, string>();
        if (op.id)
          for (const t of tasks)
            problems.set(t.task_id?.value ?? "", "Unsupported: operation id set on LAUNCH");
        let need: v1.Resource[] = [];
        for (const t of tasks) {
          if (problems.size > 0) break;
          const problem = validateTask(core, fw, t, agent.id, executor, op.type === O.LAUNCH_GROUP);
          if (problem) problems.set(t.task_id?.value ?? "", problem);
          need = addResources(need, toRefinedFormat(t.resources ?? []));
          if (!problem && op.type === O.LAUNCH && !containsResources(pool, need)) {
            problems.set(t.task_id?.value ?? "", `Task uses more resources than available`);
          }
          if (op.type === O.LAUNCH && !problems.has(t.task_id?.value ?? "")) {
            pool = subtractResources(pool, toRefinedFormat(t.resources ?? []));
            need = [];
            launchOne(core, fw, agent.id, role, t, undefined);
          }
        }
        if (op.type === O.LAUNCH_GROUP) {
          if (
            problems.size === 0 &&
            !containsResources(pool, addResources(need, toRefinedFormat(executor?.resources ?? [])))
          ) {
            for (const t of tasks)
              problems.set(t.task_id?.value ?? "", "Task group uses more resources than available");
          }
          if (problems.size === 0) {
            pool = subtractResources(pool, addResources(need, toRefinedFormat(executor?.resources ?? [])));
            for (const t of tasks) launchOne(core, fw, agent.id, role, t, executor);
          } else {
            // A task group is all or nothing.
            const first = [...problems.values()][0] ?? "invalid task group";
            for (const t of tasks)
              problems.set(t.task_id?.value ?? "", problems.get(t.task_id?.value ?? "") ?? first);
          }
        }
        for (const [taskId, problem] of problems) {
          core.sendMasterUpdate(
            fw,
            taskId,
            v1.TaskState.TASK_ERROR,
            v1.TaskStatus_Reason.REASON_TASK_INVALID,
            problem,
            agent.id,
          );
        }
        break;
      }
      case O.RESERVE:
      case O.UNRESERVE:
      case O.CREATE:
      case O.DESTROY: {
        const converted = convertOperation(op, fw);
        if (typeof converted === "string") {
          drop(
            { type: scheduler.Call_Type.ACCEPT },
            `${v1.offer_Operation_TypeToJSON(op.type)}: ${converted}`,
          );
          break;
        }
        if (!containsResources(pool, converted.from)) {
          const problem = "operation uses resources not in the offer";
          if (op.id)
            operationError(
              core,
              fw,
              op.id,
              `Invalid ${v1.offer_Operation_TypeToJSON(op.type)} operation: ${problem}`,
              agent.id,
            );
          else drop({ type: scheduler.Call_Type.ACCEPT }, problem);
          break;
        }
        pool = addResources(subtractResources(pool, converted.from), converted.to);
        agent.convert(converted.from, converted.to);
        // The agent advertises AGENT_OPERATION_FEEDBACK: with an `id`, it reports the result (§3.10).
        if (op.id) core.operations.finished(fw, agent.id, op, converted.to);
        break;
      }
      default:
        // GROW/SHRINK_VOLUME, CREATE/DESTROY_DISK… are not simulated (no volumes to grow, no
        // resource providers): with an `id` OPERATION_ERROR says so; without one, dropped.
        if (op.id)
          operationError(
            core,
            fw,
            op.id,
            `The mesos-ts simulator does not implement ${v1.offer_Operation_TypeToJSON(op.type ?? 0)} operations`,
            agent.id,
          );
        else
          drop({ type: scheduler.Call_Type.ACCEPT }, `operation ${op.type} not supported by the simulator`);
    }
  }
  core.allocator.recover(fw.id, agent.id, role, pool, accept.filters?.refuse_seconds);
}

/** A master-made OPERATION_ERROR: no uuid, nothing to acknowledge (§3.10). */
function operationError(
  core: MasterCore,
  fw: FrameworkRecord,
  operationId: v1.OperationID,
  message: string,
  agentId?: string,
): void {
  core.sendEvent(fw, {
    type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
    update_operation_status: {
      status: {
        operation_id: operationId,
        state: v1.OperationState.OPERATION_ERROR,
        message,
        ...(agentId !== undefined ? { agent_id: { value: agentId } } : {}),
      },
    },
  });
}

function launchOne(
  core: MasterCore,
  fw: FrameworkRecord,
  agentId: string,
  role: string,
  task: v1.TaskInfo,
  groupExecutor: v1.ExecutorInfo | undefined,
): void {
  const agent = core.agents.get(agentId);
  if (!agent) return;
  const executorId = groupExecutor?.executor_id?.value ?? task.executor?.executor_id?.value;
  core.addTask({
    frameworkId: fw.id,
    agentId,
    info: task,
    executorId,
    role,
    state: v1.TaskState.TASK_STAGING,
    statuses: [],
    latest: undefined,
    statusUpdateState: undefined,
    statusUpdateUuid: undefined,
  });
  agent.launch(fw.id, [task], groupExecutor);
}

/** `common::validation::validateID` for task and executor ids: non-empty, no `/`, not `.`/`..`, no space/control. */
function validId(id: string): boolean {
  return id !== "" && !id.includes("/") && id !== "." && id !== ".." && !/[\x00-\x20]/.test(id);
}

/** `task::validate` essentials (`src/master/validation.cpp`). */
function validateTask(
  core: MasterCore,
  fw: FrameworkRecord,
  task: v1.TaskInfo,
  agentId: string,
  groupExecutor: v1.ExecutorInfo | undefined,
  inGroup: boolean,
): string | undefined {
  const id = task.task_id?.value ?? "";
  if (!validId(id)) return `'${id}' is invalid as a task ID`;
  // Executor ids name sandbox directories too: an invalid one must not reach the agent
  // (a NUL byte made mkdir throw after the 202; `..` escaped the work directory).
  for (const executorId of [task.executor?.executor_id?.value, groupExecutor?.executor_id?.value]) {
    if (executorId !== undefined && !validId(executorId))
      return `'${executorId}' is invalid as an executor ID`;
  }
  if (core.registry.tasks.has(taskKey(fw.id, id))) return `Task has duplicate ID: ${id}`;
  if (task.agent_id?.value !== agentId) {
    return `Task uses invalid agent: ${task.agent_id?.value ?? ""}`;
  }
  if (inGroup) {
    if (task.executor) return "'TaskInfo.executor' must not be set";
    if (!groupExecutor) return "Task group executor must be set";
    if (groupExecutor.type !== v1.ExecutorInfo_Type.DEFAULT) return "'ExecutorInfo.type' must be 'DEFAULT'";
  } else if ((task.command === undefined) === (task.executor === undefined)) {
    return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
  }
  const roles = frameworkRoles(fw.info);
  for (const r of task.resources ?? []) {
    if (r.allocation_info?.role !== undefined && !roles.includes(r.allocation_info.role)) {
      return `Resource ${r.name} has allocation role '${r.allocation_info.role}' the framework is not subscribed to`;
    }
  }
  return undefined;
}

/** RESERVE/UNRESERVE/CREATE/DESTROY as a `from` → `to` conversion of agent resources. */
function convertOperation(
  op: v1.Offer_Operation,
  fw: FrameworkRecord,
): { from: v1.Resource[]; to: v1.Resource[] } | string {
  const O = v1.Offer_Operation_Type;
  const roles = frameworkRoles(fw.info);
  const strip = (list: v1.Resource[]) =>
    toRefinedFormat(list).map((r) => ({ ...r, allocation_info: undefined }));
  switch (op.type) {
    case O.RESERVE: {
      const to = strip(op.reserve?.resources ?? []);
      if (to.length === 0) return "no resources to reserve";
      for (const r of to) {
        const top = r.reservations?.[r.reservations.length - 1];
        if (!top) return "resource has no reservation";
        if (top.type !== v1.Resource_ReservationInfo_Type.DYNAMIC) return "reservation must be DYNAMIC";
        if (!roles.includes(top.role ?? "")) return `role '${top.role}' is not one of the framework's roles`;
        if (
          fw.info.principal !== undefined &&
          top.principal !== undefined &&
          top.principal !== fw.info.principal
        ) {
          return "reservation principal differs from the framework's principal";
        }
      }
      const from = to.map((r) => ({ ...r, reservations: r.reservations?.slice(0, -1) }));
      return { from: toRefinedFormat(from), to };
    }
    case O.UNRESERVE: {
      const from = strip(op.unreserve?.resources ?? []);
      if (from.length === 0) return "no resources to unreserve";
      for (const r of from) {
        const top = r.reservations?.[r.reservations.length - 1];
        if (top?.type !== v1.Resource_ReservationInfo_Type.DYNAMIC)
          return "only dynamic reservations can be unreserved";
        if (r.disk?.persistence) return "a persistent volume cannot be unreserved";
      }
      const to = from.map((r) => ({ ...r, reservations: r.reservations?.slice(0, -1) }));
      return { from, to: toRefinedFormat(to) };
    }
    case O.CREATE: {
      const to = strip(op.create?.volumes ?? []);
      for (const r of to) {
        if (r.name !== "disk" || !r.disk?.persistence?.id)
          return "volumes must be disk resources with a persistence id";
        if (!r.reservations?.length) return "persistent volumes must be reserved";
      }
      const from = to.map((r) => {
        const copy = { ...r };
        delete copy.disk;
        return copy;
      });
      return { from, to };
    }
    case O.DESTROY: {
      const from = strip(op.destroy?.volumes ?? []);
      for (const r of from) if (!r.disk?.persistence?.id) return "not a persistent volume";
      const to = from.map((r) => {
        const copy = { ...r };
        delete copy.disk;
        return copy;
      });
      return { from, to };
    }
    default:
      return "unsupported";
  }
}

/** Implicit reconciliation: the latest state of every known task, no uuid (§3.8). */
function reconcileImplicit(core: MasterCore, fw: FrameworkRecord): void {
  for (const task of core.registry.tasks.values()) {
    if (task.frameworkId !== fw.id) continue;
    core.sendMasterUpdate(
      fw,
      task.info.task_id?.value ?? "",
      task.state,
      v1.TaskStatus_Reason.REASON_RECONCILIATION,
      "Reconciliation: Latest task state",
      task.agentId,
      task.latest?.container_status,
    );
  }
}

/** Explicit reconciliation per `Master::reconcile` (§3.8). */
function reconcileExplicit(
  core: MasterCore,
  fw: FrameworkRecord,
  tasks: scheduler.Call_Reconcile_Task[],
): void {
  const aware = core.isPartitionAware(fw);
  for (const t of tasks) {
    const taskId = t.task_id?.value ?? "";
    const agentId = t.agent_id?.value;
    const known = core.registry.tasks.get(taskKey(fw.id, taskId));
    const R = v1.TaskStatus_Reason.REASON_RECONCILIATION;
    if (known) {
      core.sendMasterUpdate(
        fw,
        taskId,
        known.state,
        R,
        "Reconciliation: Latest task state",
        known.agentId,
        known.latest?.container_status,
      );
    } else if (agentId !== undefined && core.agents.has(agentId)) {
      core.sendMasterUpdate(
        fw,
        taskId,
        aware ? v1.TaskState.TASK_GONE : v1.TaskState.TASK_LOST,
        R,
        "Reconciliation: Task is unknown to the agent",
        agentId,
      );
    } else {
      core.sendMasterUpdate(
        fw,
        taskId,
        aware ? v1.TaskState.TASK_UNKNOWN : v1.TaskState.TASK_LOST,
        R,
        "Reconciliation: Task is unknown",
        agentId,
      );
    }
  }
}

/**
 * §3.10 (`Master::reconcileOperations`): the latest status (no uuid) of each listed operation the
 * master still holds, OPERATION_UNKNOWN for the others; an empty list asks for all it holds.
 */
function reconcileOperations(
  core: MasterCore,
  fw: FrameworkRecord,
  call: scheduler.Call_ReconcileOperations,
): void {
  const held = core.operations.operations(fw.id);
  const latest = (status: v1.OperationStatus) => ({ ...status, uuid: undefined });
  if ((call.operations ?? []).length === 0) {
    for (const op of held) {
      core.sendEvent(fw, {
        type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
        update_operation_status: { status: latest(op.status) },
      });
    }
    return;
  }
  for (const op of call.operations ?? []) {
    const known = held.find((h) => h.info.id?.value === op.operation_id?.value);
    if (known) {
      core.sendEvent(fw, {
        type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
        update_operation_status: { status: latest(known.status) },
      });
      continue;
    }
    core.sendEvent(fw, {
      type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
      update_operation_status: {
        status: {
          ...(op.operation_id ? { operation_id: op.operation_id } : {}),
          state: v1.OperationState.OPERATION_UNKNOWN,
          ...(op.agent_id ? { agent_id: op.agent_id } : {}),
          ...(op.resource_provider_id ? { resource_provider_id: op.resource_provider_id } : {}),
        },
      },
    });
  }
}

/** UPDATE_FRAMEWORK (§3.11): synchronous, all or nothing. */
export function updateFramework(
  core: MasterCore,
  fw: FrameworkRecord,
  call: scheduler.Call,
): { status: number; text: string } {
  const update = call.update_framework ?? {};
  const info = v1.FrameworkInfo.fromPartial(update.framework_info ?? {});
  if (info.id?.value !== call.framework_id?.value) {
    return { status: 400, text: "'framework_info.id' differs from 'framework_id'" };
  }
  const suppressed = update.suppressed_roles ?? [];
  const invalid = validateFrameworkInfo(info, suppressed);
  if (invalid) return { status: 400, text: invalid };
  const changed: string[] = [];
  if ((info.principal ?? undefined) !== (fw.info.principal ?? undefined)) changed.push("principal");
  if ((info.user ?? undefined) !== (fw.info.user ?? undefined)) changed.push("user");
  if ((info.checkpoint ?? false) !== (fw.info.checkpoint ?? false)) changed.push("checkpoint");
  if (changed.length > 0) {
    return { status: 400, text: `Updating immutable framework fields is not allowed: ${changed.join(", ")}` };
  }
  const oldRoles = new Set(frameworkRoles(fw.info));
  const newRoles = new Set(frameworkRoles(info));
  const removed = new Set([...oldRoles].filter((r) => !newRoles.has(r)));
  const unsuppressed = new Set([...fw.suppressed].filter((r) => !suppressed.includes(r)));
  fw.info = info;
  fw.suppressed = new Set(suppressed);
  fw.offerConstraints = update.offer_constraints;
  if (removed.size > 0) core.allocator.removeFrameworkOffers(fw.id, true, removed);
  if (unsuppressed.size > 0) core.allocator.clearFilters(fw.id, unsuppressed);
  core.publishOperator({
    type: 7 /* FRAMEWORK_UPDATED */,
    framework_updated: { framework: core.frameworkView(fw) },
  });
  return { status: 200, text: "" };
}
