import { master } from "@mesos-ts/proto";
import { BodyParseError, decodeBody } from "../codec.js";
import { negotiate } from "../http/accept.js";
import { respondBytes } from "../http/respond.js";
import type { RecordedRequest } from "../recorder.js";
import type { SimMaster } from "./master.js";
import { AGENT_CALLS } from "./operator/agent-calls.js";
import type { OperatorHandler } from "./operator/context.js";
import { encodeOperator } from "./operator/encode.js";
import { READ_CALLS } from "./operator/read-calls.js";
import { operatorSubscribe } from "./operator/subscribe.js";
import { WRITE_CALLS } from "./operator/write-calls.js";
import { checkContentType, type EndpointContext } from "./scheduler-endpoint.js";

const C = master.Call_Type;

const HANDLERS = new Map<master.Call_Type, OperatorHandler>([...READ_CALLS, ...WRITE_CALLS, ...AGENT_CALLS]);

/**
 * Calls the simulated master cannot honour, with what a 1.12 master answers when it cannot:
 * the files of `LIST_FILES`/`READ_FILE` (a master serves only its log, and has none without
 * `--log_dir`) are unknown, 404.
 */
const NOT_FOUND_CALLS = new Set<master.Call_Type>([C.LIST_FILES, C.READ_FILE]);

/** `master::call::validate` (src/master/validation.cpp): the payload named after the type. */
function missingPayload(call: master.Call): string | undefined {
  const field = master.call_TypeToJSON(call.type ?? 0).toLowerCase();
  if (!(field in PAYLOAD_FIELDS)) return undefined;
  return (call as Record<string, unknown>)[field] === undefined ? field : undefined;
}
const PAYLOAD_FIELDS = master.Call.fromPartial({}) as Record<string, unknown>;

/** The operator API `POST /api/v1` on the leader (`src/master/http.cpp`). */
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
  const missing = missingPayload(call);
  if (missing !== undefined) {
    ctx.answer(400, `Failed to validate master::Call: Expecting '${missing}' to be present`);
    return;
  }
  // Here Accept is checked for every call (`src/master/http.cpp`).
  const out = negotiate(ctx.headers.accept);
  if (!out) {
    ctx.answer(406, "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
    return;
  }
  if (call.type === C.SUBSCRIBE) {
    operatorSubscribe(ctx, out);
    return;
  }
  if (NOT_FOUND_CALLS.has(call.type)) {
    ctx.answer(404);
    return;
  }
  const handler = HANDLERS.get(call.type);
  if (!handler) {
    // UNKNOWN, and what the simulated master does not model (listed in the README).
    ctx.answer(501, "501 Not Implemented.");
    return;
  }
  const result = handler({ master: ctx.master, call, media: out });
  if ("response" in result) {
    respondBytes(ctx.res, 200, out, encodeOperator(master.Response, out, result.response));
    ctx.markStream(200);
  } else ctx.answer(result.status, result.text ?? "");
}
