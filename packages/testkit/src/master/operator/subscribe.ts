import { master } from "@mesos-ts/proto";
import type { MediaType } from "../../http/accept.js";
import type { OperatorSubscriber } from "../core.js";
import type { SimMaster } from "../master.js";
import { RecordStream } from "../record-stream.js";
import type { EndpointContext } from "../scheduler-endpoint.js";
import { HeartbeatStream } from "../subscription.js";
import { encodeOperator } from "./encode.js";
import { getState } from "./views.js";

/** The operator event stream: SUBSCRIBED (the whole state), HEARTBEAT, then every change. */
export function operatorSubscribe(
  ctx: Pick<EndpointContext, "core" | "res" | "markStream"> & { master: SimMaster },
  media: MediaType,
): void {
  const core = ctx.core;
  const stream = new RecordStream(ctx.res, media);
  ctx.markStream(200);
  const sub: OperatorSubscriber = new HeartbeatStream(stream, media);
  core.operatorSubscribers.add(sub);
  stream.onClose(() => core.operatorSubscribers.delete(sub));
  const heartbeatMs = core.options.heartbeatIntervalMs;
  const send = (event: master.Event) => stream.send(encodeOperator(master.Event, media, event));
  send({
    type: master.Event_Type.SUBSCRIBED,
    subscribed: { get_state: getState(ctx.master), heartbeat_interval_seconds: heartbeatMs / 1000 },
  });
  sub.heartbeats(heartbeatMs, () => send({ type: master.Event_Type.HEARTBEAT }));
}
