import type { ServerResponse } from "node:http";
import { scheduler } from "@mesos-ts/proto";
import { BodyParseError, decodeBody } from "../codec.js";
import { log } from "../diagnostics.js";
import { JSON_MEDIA, type MediaType, negotiate, PROTOBUF_MEDIA } from "../http/accept.js";
import type { RecordedRequest } from "../recorder.js";
import { handleCall } from "./calls/handlers.js";
import { updateFramework } from "./calls/update-framework.js";
import type { MasterCore } from "./core.js";
import { RecordStream } from "./record-stream.js";
import { validateSchedulerCall } from "./validation.js";

export interface EndpointContext {
  readonly core: MasterCore;
  readonly masterIndex: number;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Answers and records the status. */
  readonly answer: (status: number, text?: string, headers?: Record<string, string>) => void;
  readonly res: ServerResponse;
  /** Stores the decoded call on the request record. */
  readonly recordCall: (call: scheduler.Call) => RecordedRequest;
  /** Fault: SUBSCRIBE answers without the Mesos-Stream-Id header. */
  readonly omitStreamId: () => boolean;
  readonly markStream: (status: number) => void;
}

/** Content-Type rules shared by the v1 endpoints (`src/master/http.cpp`). */
export function checkContentType(
  ctx: Pick<EndpointContext, "method" | "headers" | "answer">,
): MediaType | undefined {
  if (ctx.method !== "POST") {
    ctx.answer(405, `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${ctx.method}'.`, {
      Allow: "POST",
    });
    return undefined;
  }
  const contentType = ctx.headers["content-type"];
  if (contentType === undefined) {
    ctx.answer(400, "Expecting 'Content-Type' to be present");
    return undefined;
  }
  if (contentType !== JSON_MEDIA && contentType !== PROTOBUF_MEDIA) {
    ctx.answer(415, `Expecting 'Content-Type' of ${JSON_MEDIA} or ${PROTOBUF_MEDIA}`);
    return undefined;
  }
  return contentType;
}

/** `POST /api/v1/scheduler` on the leader, from `src/master/http.cpp` (leadership already checked). */
export function schedulerEndpoint(ctx: EndpointContext): void {
  const media = checkContentType(ctx);
  if (!media) return;
  let call: scheduler.Call;
  try {
    call = decodeBody(scheduler.Call, media, ctx.body);
  } catch (e) {
    ctx.answer(400, e instanceof BodyParseError ? e.message : String(e));
    return;
  }
  ctx.recordCall(call);
  const invalid = validateSchedulerCall(call);
  if (invalid) {
    ctx.answer(400, `Failed to validate scheduler::Call: ${invalid}`);
    return;
  }
  const T = scheduler.Call_Type;
  const streamIdHeader = ctx.headers["mesos-stream-id"];
  if (call.type === T.SUBSCRIBE || call.type === T.RECONCILE_OPERATIONS) {
    if (negotiate(ctx.headers.accept) === undefined) {
      ctx.answer(406, `Expecting 'Accept' to allow '${JSON_MEDIA}' or '${PROTOBUF_MEDIA}'`);
      return;
    }
  }
  if (call.type === T.SUBSCRIBE) {
    if (streamIdHeader !== undefined) {
      ctx.answer(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    const responseMedia = negotiate(ctx.headers.accept) as MediaType;
    const streamId = ctx.core.ids.uuid();
    const stream = new RecordStream(
      ctx.res,
      responseMedia,
      ctx.omitStreamId() ? {} : { "Mesos-Stream-Id": streamId },
    );
    ctx.markStream(200);
    ctx.core.subscribe(ctx.masterIndex, stream, streamId, responseMedia, call);
    return;
  }
  const fw = ctx.core.registry.frameworks.get(call.framework_id?.value ?? "");
  if (!fw) {
    ctx.answer(400, "Framework cannot be found");
    return;
  }
  if (!fw.subscription) {
    ctx.answer(403, "Framework is not subscribed");
    return;
  }
  if (streamIdHeader === undefined) {
    ctx.answer(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    return;
  }
  if (streamIdHeader !== fw.subscription.streamId) {
    ctx.answer(
      400,
      `The stream ID '${streamIdHeader}' included in this request didn't match the stream ID currently associated with framework ID ${fw.id}`,
    );
    return;
  }
  if (call.type === T.UPDATE_FRAMEWORK) {
    const result = updateFramework(ctx.core, fw, call);
    ctx.answer(result.status, result.text);
    return;
  }
  if (call.type === T.UNKNOWN) {
    ctx.answer(501, "Received an unexpected 'UNKNOWN' call");
    return;
  }
  if (call.type === T.TEARDOWN) {
    // A real master removes the framework, closing its event stream, before it answers 202.
    ctx.core.removeFramework(fw);
    ctx.answer(202);
    return;
  }
  ctx.answer(202);
  // Asynchronous after the 202, like libprocess dispatch.
  setImmediate(() => {
    // Nothing may escape from here: it would be an uncaught exception in the test process.
    try {
      handleCall(ctx.core, fw, call);
    } catch (e) {
      log("error", "master", `Failed to handle ${scheduler.call_TypeToJSON(call.type ?? 0)} call: ${e}`);
    }
  });
}
