import type { IncomingMessage, ServerResponse } from "node:http";
import { executor, findMissingRequired, MesosJson } from "@mesos-ts/proto";
import { JSON_MEDIA, type MediaType, negotiate, PROTOBUF_MEDIA } from "../../http/accept.js";
import { respondText } from "../../http/respond.js";
import { RecordStream } from "../../master/record-stream.js";
import type { ExecutorManager } from "./executor-manager.js";
import { validateExecutorCall } from "./executor-validation.js";

const RECOVERING = "Agent has not finished recovery";

/** Larger bodies are refused (413) instead of buffered: a bound Mesos does not have. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * `POST /api/v1/executor` (also `/slave(1)/api/v1/executor`), checks in the order of
 * `Http::executor` in `src/slave/http.cpp`; texts as a real agent answers them.
 */
export function executorEndpoint(manager: ExecutorManager, req: IncomingMessage, res: ServerResponse): void {
  if (manager.phase === "recovering") {
    respondText(res, 503, RECOVERING);
    req.resume();
    return;
  }
  if (req.method !== "POST") {
    respondText(
      res,
      405,
      `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${req.method}'.`,
      {
        Allow: "POST",
      },
    );
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      respondText(res, 413, "Request body too large");
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (size <= MAX_BODY_BYTES) handleCall(manager, req, res, Buffer.concat(chunks));
  });
}

function handleCall(manager: ExecutorManager, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const contentType = req.headers["content-type"];
  if (contentType === undefined) return respondText(res, 400, "Expecting 'Content-Type' to be present");
  if (contentType !== JSON_MEDIA && contentType !== PROTOBUF_MEDIA) {
    return respondText(res, 415, `Expecting 'Content-Type' of ${JSON_MEDIA} or ${PROTOBUF_MEDIA}`);
  }
  const decoded = decodeCall(contentType, body);
  if (typeof decoded === "string") return respondText(res, 400, decoded);
  const call = decoded;
  const invalid = validateExecutorCall(call);
  if (invalid) return respondText(res, 400, `Failed to validate Executor::Call: ${invalid}`);
  const T = executor.Call_Type;
  let streamMedia: MediaType | undefined;
  if (call.type === T.SUBSCRIBE) {
    streamMedia = negotiate(req.headers.accept);
    if (!streamMedia) {
      return respondText(res, 406, `Expecting 'Accept' to allow '${PROTOBUF_MEDIA}' or '${JSON_MEDIA}'`);
    }
  }
  if (call.type === T.HEARTBEAT) return respondText(res, 202);
  if (manager.phase !== "up" && call.type !== T.SUBSCRIBE) return respondText(res, 503, RECOVERING);
  const frameworkId = call.framework_id?.value ?? "";
  if (!manager.knowsFramework(frameworkId)) return respondText(res, 400, "Framework cannot be found");
  const ex = manager.get(frameworkId, call.executor_id?.value ?? "");
  if (!ex && call.type === T.MESSAGE) {
    const data = Buffer.from(call.message?.data ?? []);
    if (manager.commandExecutorMessage(frameworkId, call.executor_id?.value ?? "", data)) {
      return respondText(res, 202);
    }
  }
  if (!ex || ex.state === "terminated") return respondText(res, 400, "Executor cannot be found");
  if (call.type !== T.SUBSCRIBE && !ex.subscribed) return respondText(res, 403, "Executor is not subscribed");
  switch (call.type) {
    case T.SUBSCRIBE:
      manager.subscribe(ex, call, new RecordStream(res, streamMedia as MediaType), streamMedia as MediaType);
      return;
    case T.UPDATE:
      respondText(res, 202);
      manager.update(ex, call.update?.status ?? {});
      return;
    case T.MESSAGE:
      respondText(res, 202);
      manager.executorMessage(ex, Buffer.from(call.message?.data ?? []));
      return;
    default:
      respondText(res, 501, "501 Not Implemented.");
  }
}

/** The Call, or the 400 text a real agent gives for it. */
function decodeCall(media: MediaType, body: Buffer): executor.Call | string {
  if (media === PROTOBUF_MEDIA) {
    let call: executor.Call;
    try {
      call = executor.Call.decode(body);
    } catch {
      return "Failed to parse body into Call protobuf";
    }
    const missing = findMissingRequired(executor.Call, call);
    return missing.length > 0
      ? `Failed to parse body into Call protobuf: Missing required fields: ${missing.join(", ")}`
      : call;
  }
  try {
    return MesosJson.parse(executor.Call, body);
  } catch (e) {
    try {
      JSON.parse(body.toString("utf8"));
    } catch {
      return `Failed to parse body into JSON: syntax error at line 1 near: ${body.toString("utf8").slice(0, 40)}`;
    }
    const message = (e as Error).message;
    const missing = /missing required fields: (.*)$/i.exec(message);
    if (missing) return `Failed to convert JSON into Call protobuf: Missing required fields: ${missing[1]}`;
    const badEnum = /unknown \S+ name "([^"]*)"/.exec(message);
    if (badEnum) return `Failed to convert JSON into Call protobuf: Failed to find enum for '${badEnum[1]}'`;
    return `Failed to convert JSON into Call protobuf: ${message}`;
  }
}
