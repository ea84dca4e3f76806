// The scheduler calls answered 202 (`Master::Http::scheduler`, `src/master/http.cpp`), one handler each, run after the answer;
// problems are only logged (`Master::drop`). UPDATE_FRAMEWORK answers synchronously
// (update-framework.ts); SUBSCRIBE is the endpoint's.
import { scheduler, v1 } from "@mesos-ts/proto";
import type { MasterCore } from "../core.js";
import { frameworkRoles, hasCapability } from "../framework-info.js";
import { type FrameworkRecord, isTerminal, type OfferRecord, taskKey } from "../registry.js";
import { accept } from "./accept.js";
import { drop } from "./drop.js";
import { reconcileExplicit, reconcileImplicit, reconcileOperations } from "./reconcile.js";

type CallHandler = (core: MasterCore, fw: FrameworkRecord, call: scheduler.Call) => void;

const T = scheduler.Call_Type;

function ownOffer(core: MasterCore, fw: FrameworkRecord, id: string | undefined): OfferRecord | undefined {
  const offer = core.registry.offers.get(id ?? "");
  return offer && offer.frameworkId === fw.id ? offer : undefined;
}

const teardown: CallHandler = (core, fw) => core.removeFramework(fw);

const decline: CallHandler = (core, fw, call) => {
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
};

/** The simulator has no maintenance schedule applied to offers, hence no inverse offers. */
const inverseOffers: CallHandler = (_core, _fw, call) => drop(call, "no such inverse offers");

/** REVIVE / SUPPRESS: of the listed roles, or of all the framework's roles. */
const reviveOrSuppress: CallHandler = (core, fw, call) => {
  const revive = call.type === T.REVIVE;
  const listed = (revive ? call.revive?.roles : call.suppress?.roles) ?? [];
  const roles = frameworkRoles(fw.info);
  if (listed.some((r) => !roles.includes(r))) {
    drop(call, "a listed role is not one of the framework's roles");
    return;
  }
  const target = new Set(listed.length > 0 ? listed : roles);
  if (revive) {
    for (const r of target) fw.suppressed.delete(r);
    core.allocator.clearFilters(fw.id, target);
  } else {
    for (const r of target) fw.suppressed.add(r);
  }
};

/** KILL: a task the master does not know is answered as an explicit reconciliation would be. */
const kill: CallHandler = (core, fw, call) => {
  const taskId = call.kill?.task_id?.value ?? "";
  const task = core.registry.tasks.get(taskKey(fw.id, taskId));
  const agent = task && core.isRegistered(task.agentId) ? core.agents.get(task.agentId) : undefined;
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
};

const shutdown: CallHandler = (core, fw, call) => {
  const agent = core.agents.get(call.shutdown?.agent_id?.value ?? "");
  if (!agent?.shutdownExecutor(fw.id, call.shutdown?.executor_id?.value ?? ""))
    drop(call, "unknown executor");
};

const acknowledge: CallHandler = (core, fw, call) => {
  const ack = call.acknowledge ?? {};
  const agent = core.agents.get(ack.agent_id?.value ?? "");
  if (!agent) {
    drop(call, "unknown agent");
    return;
  }
  const status = agent.acknowledge(fw.id, ack.task_id?.value ?? "", ack.uuid ?? Buffer.alloc(0));
  if (status) core.acknowledged(fw.id, status);
};

const acknowledgeOperationStatus: CallHandler = (core, fw, call) => {
  if (!core.operations.acknowledge(fw.id, call.acknowledge_operation_status?.uuid ?? new Uint8Array()))
    drop(call, "no such operation status update");
};

const reconcile: CallHandler = (core, fw, call) => {
  const tasks = call.reconcile?.tasks ?? [];
  if (tasks.length === 0) reconcileImplicit(core, fw);
  else reconcileExplicit(core, fw, tasks);
};

const message: CallHandler = (core, fw, call) => {
  const body = call.message ?? {};
  const agent = core.agents.get(body.agent_id?.value ?? "");
  if (!agent) {
    drop(call, "unknown agent");
    return;
  }
  agent.deliverMessage(fw.id, body.executor_id?.value ?? "", Buffer.from(body.data ?? []));
};

/** The built-in allocator ignores resource requests (`src/master/allocator/mesos/hierarchical.cpp`). */
const request: CallHandler = () => {};

const HANDLERS: ReadonlyMap<scheduler.Call_Type, CallHandler> = new Map<scheduler.Call_Type, CallHandler>([
  [T.TEARDOWN, teardown],
  [T.ACCEPT, (core, fw, call) => accept(core, fw, call.accept ?? {})],
  [T.DECLINE, decline],
  [T.ACCEPT_INVERSE_OFFERS, inverseOffers],
  [T.DECLINE_INVERSE_OFFERS, inverseOffers],
  [T.REVIVE, reviveOrSuppress],
  [T.SUPPRESS, reviveOrSuppress],
  [T.KILL, kill],
  [T.SHUTDOWN, shutdown],
  [T.ACKNOWLEDGE, acknowledge],
  [T.ACKNOWLEDGE_OPERATION_STATUS, acknowledgeOperationStatus],
  [T.RECONCILE, reconcile],
  [
    T.RECONCILE_OPERATIONS,
    (core, fw, call) => reconcileOperations(core, fw, call.reconcile_operations ?? {}),
  ],
  [T.MESSAGE, message],
  [T.REQUEST, request],
]);

/** Runs the handler of a 202 call. */
export function handleCall(core: MasterCore, fw: FrameworkRecord, call: scheduler.Call): void {
  const handler = HANDLERS.get(call.type ?? T.UNKNOWN);
  if (handler) handler(core, fw, call);
  else drop(call, "unexpected call type");
}
