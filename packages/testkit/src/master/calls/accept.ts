// ACCEPT (`Master::accept`, src/master/master.cpp): the offers are checked, then each operation
// is applied in order to the pool they offered; what is left goes back to the allocator.
import { scheduler, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../../agent/agent.js";
import {
  addResources,
  containsResources,
  subtractResources,
  toRefinedFormat,
} from "../../agent/resources.js";
import type { MasterCore } from "../core.js";
import { frameworkRoles } from "../framework-info.js";
import type { FrameworkRecord, OfferRecord } from "../registry.js";
import { convertOperation } from "./convert-operation.js";
import { drop, operationError } from "./drop.js";
import { validateTask } from "./task-validation.js";

const O = v1.Offer_Operation_Type;

/** What an ACCEPT works on once its offers are valid. */
interface Acceptance {
  readonly core: MasterCore;
  readonly fw: FrameworkRecord;
  readonly agent: SimAgent;
  readonly role: string;
  /** What the offers still hold, in the refined format. */
  pool: v1.Resource[];
}

export function accept(core: MasterCore, fw: FrameworkRecord, call: scheduler.Call_Accept): void {
  const operations = call.operations ?? [];
  const checked = takeOffers(
    core,
    fw,
    (call.offer_ids ?? []).map((o) => o.value ?? ""),
  );
  if (typeof checked === "string") {
    rejectOperations(core, fw, operations, checked);
    return;
  }
  const acceptance: Acceptance = { core, fw, ...checked };
  for (const op of operations) {
    if (op.type === O.LAUNCH || op.type === O.LAUNCH_GROUP) launch(acceptance, op);
    else if (
      op.type === O.RESERVE ||
      op.type === O.UNRESERVE ||
      op.type === O.CREATE ||
      op.type === O.DESTROY
    )
      convert(acceptance, op);
    else unsupported(acceptance, op);
  }
  core.allocator.recover(
    fw.id,
    checked.agent.id,
    checked.role,
    acceptance.pool,
    call.filters?.refuse_seconds,
  );
}

/**
 * Takes the offers out of circulation; an error text when they cannot be used together (their
 * resources then go back at once, unfiltered).
 */
function takeOffers(
  core: MasterCore,
  fw: FrameworkRecord,
  ids: string[],
): { agent: SimAgent; role: string; pool: v1.Resource[] } | string {
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
    for (const o of offers) core.allocator.recover(fw.id, o.agentId, o.role, o.resources, 0);
    return error ?? "Agent is not available";
  }
  let pool: v1.Resource[] = [];
  for (const o of offers) pool = addResources(pool, o.resources);
  return { agent, role, pool };
}

/** Invalid offers (`Master::accept`, `src/master/master.cpp`): tasks TASK_LOST/TASK_DROPPED, operations with an id OPERATION_ERROR. */
function rejectOperations(
  core: MasterCore,
  fw: FrameworkRecord,
  operations: v1.Offer_Operation[],
  message: string,
): void {
  for (const op of operations) {
    if (op.type !== O.LAUNCH && op.type !== O.LAUNCH_GROUP) {
      if (op.id) operationError(core, fw, op.id, `Operation attempted with invalid offers: ${message}`);
      continue;
    }
    for (const task of op.launch?.task_infos ?? op.launch_group?.task_group?.tasks ?? []) {
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
}

/** LAUNCH (task by task) or LAUNCH_GROUP (all or nothing); each refused task gets TASK_ERROR. */
function launch(a: Acceptance, op: v1.Offer_Operation): void {
  const group = op.type === O.LAUNCH_GROUP;
  const tasks = (group ? op.launch_group?.task_group?.tasks : op.launch?.task_infos) ?? [];
  const executor = group ? op.launch_group?.executor : undefined;
  const problems = new Map<string, string>();
  const idOf = (t: v1.TaskInfo) => t.task_id?.value ?? "";
  if (op.id) for (const t of tasks) problems.set(idOf(t), "Unsupported: operation id set on LAUNCH");
  let need: v1.Resource[] = [];
  for (const t of tasks) {
    if (problems.size > 0) break;
    const problem = validateTask(a.core, a.fw, t, a.agent.id, executor, group);
    if (problem) problems.set(idOf(t), problem);
    need = addResources(need, toRefinedFormat(t.resources ?? []));
    if (group) continue;
    if (!problem && !containsResources(a.pool, need)) {
      problems.set(idOf(t), "Task uses more resources than available");
    }
    if (!problems.has(idOf(t))) {
      a.pool = subtractResources(a.pool, toRefinedFormat(t.resources ?? []));
      need = [];
      launchOne(a, t, undefined);
    }
  }
  if (group) {
    const total = addResources(need, toRefinedFormat(executor?.resources ?? []));
    if (problems.size === 0 && !containsResources(a.pool, total)) {
      for (const t of tasks) problems.set(idOf(t), "Task group uses more resources than available");
    }
    if (problems.size === 0) {
      a.pool = subtractResources(a.pool, total);
      for (const t of tasks) launchOne(a, t, executor);
    } else {
      const first = [...problems.values()][0] ?? "invalid task group";
      for (const t of tasks) problems.set(idOf(t), problems.get(idOf(t)) ?? first);
    }
  }
  for (const [taskId, problem] of problems) {
    a.core.sendMasterUpdate(
      a.fw,
      taskId,
      v1.TaskState.TASK_ERROR,
      v1.TaskStatus_Reason.REASON_TASK_INVALID,
      problem,
      a.agent.id,
    );
  }
}

function launchOne(a: Acceptance, task: v1.TaskInfo, groupExecutor: v1.ExecutorInfo | undefined): void {
  a.core.addTask({
    frameworkId: a.fw.id,
    agentId: a.agent.id,
    info: task,
    executorId: groupExecutor?.executor_id?.value ?? task.executor?.executor_id?.value,
    role: a.role,
    state: v1.TaskState.TASK_STAGING,
    statuses: [],
    latest: undefined,
    statusUpdateState: undefined,
    statusUpdateUuid: undefined,
  });
  a.agent.launch(a.fw.id, [task], groupExecutor);
}

/** RESERVE/UNRESERVE/CREATE/DESTROY applied to the agent; with an `id`, reported (`src/master/master.cpp`). */
function convert(a: Acceptance, op: v1.Offer_Operation): void {
  const name = v1.offer_Operation_TypeToJSON(op.type ?? 0);
  const converted = convertOperation(op, {
    roles: frameworkRoles(a.fw.info),
    principal: a.fw.info.principal,
  });
  if (typeof converted === "string") {
    drop({ type: scheduler.Call_Type.ACCEPT }, `${name}: ${converted}`);
    return;
  }
  if (!containsResources(a.pool, converted.from)) {
    const problem = "operation uses resources not in the offer";
    if (op.id) operationError(a.core, a.fw, op.id, `Invalid ${name} operation: ${problem}`, a.agent.id);
    else drop({ type: scheduler.Call_Type.ACCEPT }, problem);
    return;
  }
  a.pool = addResources(subtractResources(a.pool, converted.from), converted.to);
  a.agent.convert(converted.from, converted.to);
  // The agent advertises AGENT_OPERATION_FEEDBACK: with an `id`, it reports the result.
  if (op.id) a.core.operations.finished(a.fw, a.agent.id, op, converted.to);
}

/**
 * GROW/SHRINK_VOLUME, CREATE/DESTROY_DISK… are not simulated (no volumes to grow, no resource
 * providers): with an `id` OPERATION_ERROR says so; without one, dropped.
 */
function unsupported(a: Acceptance, op: v1.Offer_Operation): void {
  const name = v1.offer_Operation_TypeToJSON(op.type ?? 0);
  if (op.id)
    operationError(
      a.core,
      a.fw,
      op.id,
      `The mesos-ts simulator does not implement ${name} operations`,
      a.agent.id,
    );
  else drop({ type: scheduler.Call_Type.ACCEPT }, `operation ${name} not supported by the simulator`);
}
