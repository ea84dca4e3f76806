import { master } from "@mesos-ts/proto";
import { BodyParseError, decodeBody, encodeBody } from "../codec.js";
import { type MediaType, negotiate } from "../http/accept.js";
import { respondBytes } from "../http/respond.js";
import type { RecordedRequest } from "../recorder.js";
import type { OperatorSubscriber } from "./core.js";
import type { SimMaster } from "./master.js";
import { MASTER_VERSION_INFO } from "./master.js";
import { masterInfoFor } from "./master-info.js";
import { RecordStream } from "./record-stream.js";
import { checkContentType, type EndpointContext } from "./scheduler-endpoint.js";

const C = master.Call_Type;
const R = master.Response_Type;

/** The operator API `POST /api/v1` on the leader (`src/master/http.cpp`): the read-only calls and SUBSCRIBE. */
export function operatorEndpoint(
  ctx: Omit<EndpointContext, "recordCall" | "omitStreamId"> & { master: SimMaster; record: RecordedRequest },
): void {
  const media = checkContentType(ctx);
  if (!media) return;
  let call: master.Call;
  try {
    call = decodeBody(master.Call, media, ctx.body);
  } catch (e) {
    ctx.answer(400, e instanceof BodyParseError ? e.message : String(e));
    return;
  }
  (ctx.record as { operatorCall?: master.Call }).operatorCall = call;
  if (call.type === undefined || call.type < 0 || master.call_TypeToJSON(call.type) === "UNRECOGNIZED") {
    ctx.answer(400, "Failed to validate master::Call: Expecting 'type' to be present");
    return;
  }
  // Here Accept is checked for every call (`src/master/http.cpp`).
  const out = negotiate(ctx.headers.accept);
  if (!out) {
    ctx.answer(406, "Expecting 'Accept' to allow 'application/json' or 'application/x-protobuf'");
    return;
  }
  const core = ctx.core;
  const reply = (response: master.Response) => {
    respondBytes(ctx.res, 200, out, encodeBody(master.Response, out, response));
    ctx.markStream(200);
  };
  switch (call.type) {
    case C.UNKNOWN:
      ctx.answer(501, "Received an unexpected 'UNKNOWN' call");
      return;
    case C.GET_HEALTH:
      reply({ type: R.GET_HEALTH, get_health: { healthy: true } });
      return;
    case C.GET_VERSION:
      reply({ type: R.GET_VERSION, get_version: { version_info: MASTER_VERSION_INFO } });
      return;
    case C.GET_MASTER:
      reply({
        type: R.GET_MASTER,
        get_master: {
          master_info: masterInfoFor(out, ctx.master.info),
          start_time: ctx.master.startTime,
          ...(ctx.master.electedTime !== undefined ? { elected_time: ctx.master.electedTime } : {}),
        },
      });
      return;
    case C.GET_STATE:
      reply({ type: R.GET_STATE, get_state: getState(ctx.master) });
      return;
    case C.GET_AGENTS:
      reply({ type: R.GET_AGENTS, get_agents: getAgents(ctx.master) });
      return;
    case C.GET_FRAMEWORKS:
      reply({ type: R.GET_FRAMEWORKS, get_frameworks: getFrameworks(ctx.master) });
      return;
    case C.GET_TASKS:
      reply({ type: R.GET_TASKS, get_tasks: getTasks(ctx.master) });
      return;
    case C.GET_EXECUTORS:
      reply({ type: R.GET_EXECUTORS, get_executors: {} });
      return;
    case C.SUBSCRIBE:
      subscribe(ctx, out);
      return;
    case C.TEARDOWN: {
      const fw = core.registry.frameworks.get(call.teardown?.framework_id?.value ?? "");
      if (!fw) {
        ctx.answer(400, "Framework cannot be found");
        return;
      }
      core.removeFramework(fw);
      ctx.answer(200);
      return;
    }
    default:
      // Documented departure: other operator calls are not simulated.
      ctx.answer(501, `The mesos-ts simulator does not implement '${master.call_TypeToJSON(call.type)}'`);
  }
}

function subscribe(ctx: Parameters<typeof operatorEndpoint>[0], media: MediaType): void {
  const core = ctx.core;
  const stream = new RecordStream(ctx.res, media);
  ctx.markStream(200);
  const sub: OperatorSubscriber = { stream, media, heartbeat: undefined };
  core.operatorSubscribers.add(sub);
  stream.onClose(() => {
    if (sub.heartbeat) clearInterval(sub.heartbeat);
    core.operatorSubscribers.delete(sub);
  });
  const heartbeatMs = core.options.heartbeatIntervalMs;
  const send = (event: master.Event) => stream.send(encodeBody(master.Event, media, event));
  send({
    type: master.Event_Type.SUBSCRIBED,
    subscribed: { get_state: getState(ctx.master), heartbeat_interval_seconds: heartbeatMs / 1000 },
  });
  send({ type: master.Event_Type.HEARTBEAT });
  sub.heartbeat = setInterval(() => {
    if (!stream.stalled) send({ type: master.Event_Type.HEARTBEAT });
  }, heartbeatMs);
}

export function getAgents(m: SimMaster): master.Response_GetAgents {
  return { agents: [...m.core.agents.values()].map((a) => m.core.agentView(a)) };
}

export function getFrameworks(m: SimMaster): master.Response_GetFrameworks {
  return {
    frameworks: [...m.core.registry.frameworks.values()].map((f) => m.core.frameworkView(f)),
    completed_frameworks: [...m.core.registry.completedFrameworks.values()].map((f) =>
      m.core.frameworkView(f),
    ),
  };
}

export function getTasks(m: SimMaster): master.Response_GetTasks {
  return {
    tasks: [...m.core.registry.tasks.values()].map((t) => m.core.taskView(t)),
    completed_tasks: m.core.registry.completedTasks.map((t) => m.core.taskView(t)),
  };
}

export function getState(m: SimMaster): master.Response_GetState {
  return {
    get_tasks: getTasks(m),
    get_executors: {},
    get_frameworks: getFrameworks(m),
    get_agents: getAgents(m),
  };
}
