// Operator calls that act on an agent (src/master/http.cpp): reserve/unreserve resources and
// create/destroy persistent volumes on it, as the scheduler's ACCEPT applies them; drain it, mark
// it gone, (de)activate it.
import { master, v1 } from "@mesos-ts/proto";
import type { SimAgent } from "../../agent/agent.js";
import { containsResources } from "../../agent/resources.js";
import { convertOperation } from "../calls/convert-operation.js";
import type { SimMaster } from "../master.js";
import type { OperatorAnswer, OperatorCallContext, OperatorHandler } from "./context.js";

const C = master.Call_Type;
const O = v1.Offer_Operation_Type;
const OK: OperatorAnswer = { status: 200 };

function agentOf(m: SimMaster, id: v1.AgentID | undefined): SimAgent | OperatorAnswer {
  const agent = m.core.agents.get(id?.value ?? "");
  return agent ?? { status: 400, text: `No agent found with specified ID` };
}

/**
 * `Master::Http::_reserve` & co.: the operation is checked, offers of the agent are rescinded
 * when the resources are offered, then it is applied (202), or 409 when they are in use.
 */
function applyOnAgent(m: SimMaster, agentId: v1.AgentID | undefined, op: v1.Offer_Operation): OperatorAnswer {
  const agent = agentOf(m, agentId);
  if (!("id" in agent)) return agent;
  const converted = convertOperation(op, {});
  if (typeof converted === "string")
    return {
      status: 400,
      text: `Invalid ${v1.offer_Operation_TypeToJSON(op.type ?? 0)} operation: ${converted}`,
    };
  if (!containsResources(m.core.available(agent), converted.from)) {
    for (const o of [...m.core.registry.offers.values()])
      if (o.agentId === agent.id) m.core.allocator.rescind(o.id);
  }
  if (!containsResources(m.core.available(agent), converted.from))
    return { status: 409, text: "Insufficient resources" };
  agent.convert(converted.from, converted.to);
  m.core.allocator.schedule();
  return { status: 202 };
}

function setActive({ master: m, call }: OperatorCallContext, active: boolean): OperatorAnswer {
  const agent = agentOf(m, (active ? call.reactivate_agent : call.deactivate_agent)?.agent_id);
  if (!("id" in agent)) return agent;
  agent.active = active;
  if (active) {
    m.core.operatorState.draining.delete(agent.id);
    m.core.allocator.schedule();
  } else {
    for (const o of [...m.core.registry.offers.values()])
      if (o.agentId === agent.id) m.core.allocator.rescind(o.id);
  }
  return OK;
}

/** DRAIN_AGENT: deactivated, every task killed (within `max_grace_period`), optionally then gone. */
const drain: OperatorHandler = (ctx) => {
  const { master: m, call } = ctx;
  const agent = agentOf(m, call.drain_agent?.agent_id);
  if (!("id" in agent)) return agent;
  setActive(
    { ...ctx, call: { type: C.DEACTIVATE_AGENT, deactivate_agent: { agent_id: { value: agent.id } } } },
    false,
  );
  // google.protobuf.Duration in the call, DurationInfo (nanoseconds) in DrainConfig.
  const max = call.drain_agent?.max_grace_period;
  const grace =
    max === undefined ? undefined : BigInt(max.seconds ?? 0) * 1_000_000_000n + BigInt(max.nanos ?? 0);
  const config: v1.DrainConfig = {
    ...(grace !== undefined ? { max_grace_period: { nanoseconds: grace } } : {}),
    mark_gone: call.drain_agent?.mark_gone ?? false,
  };
  m.core.operatorState.draining.set(agent.id, config);
  for (const t of agent.tasks.values()) {
    if (t.exit) continue;
    agent.kill(
      t.frameworkId,
      t.info.task_id?.value ?? "",
      grace !== undefined ? { grace_period: { nanoseconds: grace } } : undefined,
    );
  }
  if (config.mark_gone) m.core.markAgentGone(agent);
  return OK;
};

export const AGENT_CALLS: ReadonlyMap<master.Call_Type, OperatorHandler> = new Map<
  master.Call_Type,
  OperatorHandler
>([
  [
    C.RESERVE_RESOURCES,
    ({ master: m, call }) =>
      applyOnAgent(m, call.reserve_resources?.agent_id, {
        type: O.RESERVE,
        reserve: { resources: call.reserve_resources?.resources ?? [] },
      }),
  ],
  [
    C.UNRESERVE_RESOURCES,
    ({ master: m, call }) =>
      applyOnAgent(m, call.unreserve_resources?.agent_id, {
        type: O.UNRESERVE,
        unreserve: { resources: call.unreserve_resources?.resources ?? [] },
      }),
  ],
  [
    C.CREATE_VOLUMES,
    ({ master: m, call }) =>
      applyOnAgent(m, call.create_volumes?.agent_id, {
        type: O.CREATE,
        create: { volumes: call.create_volumes?.volumes ?? [] },
      }),
  ],
  [
    C.DESTROY_VOLUMES,
    ({ master: m, call }) =>
      applyOnAgent(m, call.destroy_volumes?.agent_id, {
        type: O.DESTROY,
        destroy: { volumes: call.destroy_volumes?.volumes ?? [] },
      }),
  ],
  [
    C.MARK_AGENT_GONE,
    ({ master: m, call }) => {
      const agent = agentOf(m, call.mark_agent_gone?.agent_id);
      if (!("id" in agent)) return agent;
      m.core.markAgentGone(agent);
      return OK;
    },
  ],
  [C.DRAIN_AGENT, drain],
  [C.DEACTIVATE_AGENT, (ctx) => setActive(ctx, false)],
  [C.REACTIVATE_AGENT, (ctx) => setActive(ctx, true)],
]);
