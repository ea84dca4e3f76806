import { scheduler } from "@mesos-ts/proto";
import { type ApiCodec, apiCodec, type ContentType } from "@mesos-ts/transport";

/** Wire codecs of the scheduler API: Call out, Event in. */
export type SchedulerCodec = ApiCodec<scheduler.Call, scheduler.Event>;

const codecs: Record<ContentType, SchedulerCodec> = {
  protobuf: apiCodec(scheduler.Call, scheduler.Event, "protobuf"),
  json: apiCodec(scheduler.Call, scheduler.Event, "json"),
};

export function codecFor(contentType: ContentType): SchedulerCodec {
  return codecs[contentType];
}
