// `POST /api/v1` on a simulated agent (`Http::api`, `src/slave/http.cpp`), answering as a real 1.12 agent:
// the read-only calls from the agent's tasks, sandbox files, container kill/wait, and nested
// container sessions that run real processes (so `mesos-ts task exec` works end to end).
import type { IncomingMessage, ServerResponse } from "node:http";
import { agent, MesosJson, type v1 } from "@mesos-ts/proto";
import { encode as encodeRecord, RecordIODecoder } from "@mesos-ts/recordio";
import { BodyParseError, decodeBody, encodeBody } from "../../codec.js";
import { JSON_MEDIA, type MediaType } from "../../http/accept.js";
import { respondBytes, respondText } from "../../http/respond.js";
import { VERSION_INFO } from "../../version.js";
import type { SimAgent } from "../agent.js";
import { type ContainerSessions, MAX_SINKS, type OutputSink, type Session } from "./container-sessions.js";
import { isRejection, RECORDIO_MEDIA, requestMedia, responseMedia } from "./media.js";
import { listFiles, readFile } from "./sandbox-files.js";
import { agentResponseJson } from "./state-json.js";
import * as views from "./views.js";

export interface AgentOperatorContext {
  readonly agent: SimAgent;
  readonly frameworkInfo: (frameworkId: string) => v1.FrameworkInfo | undefined;
  readonly sessions: ContainerSessions;
}

const C = agent.Call_Type;
const R = agent.Response_Type;
const MAX_BODY = 16 * 1024 * 1024;
const SWITCHBOARD_DISABLED = "I/O switchboard server was disabled for this container";

export function agentOperatorEndpoint(ctx: AgentOperatorContext, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") {
    req.resume();
    return respondText(
      res,
      405,
      `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${req.method}'.`,
      {
        Allow: "POST",
      },
    );
  }
  const media = requestMedia(req.headers);
  if (isRejection(media)) {
    req.resume();
    return respondText(res, media.status, media.text);
  }
  if (media.streamingRequest) {
    attachContainerInput(ctx, req, res, media.message);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on("end", () => {
    if (size > MAX_BODY) return respondText(res, 413, "Request body too large");
    let call: agent.Call;
    try {
      call = decodeBody(agent.Call, media.message, Buffer.concat(chunks));
    } catch (e) {
      return respondText(res, 400, e instanceof BodyParseError ? e.message : String(e));
    }
    dispatch(ctx, call, req, res);
  });
}

function dispatch(ctx: AgentOperatorContext, call: agent.Call, req: IncomingMessage, res: ServerResponse) {
  const name = call.type === undefined ? "UNKNOWN" : agent.call_TypeToJSON(call.type);
  if (call.type === undefined || name === "UNRECOGNIZED")
    return respondText(res, 400, "Failed to validate agent::Call: Expecting 'type' to be present");
  if (call.type === C.UNKNOWN) return respondText(res, 501, "501 Not Implemented.");
  if (call.type === C.ATTACH_CONTAINER_INPUT)
    return respondText(
      res,
      415,
      "Expecting 'Content-Type' to be application/recordio for ATTACH_CONTAINER_INPUT call",
    );
  const streaming =
    call.type === C.LAUNCH_NESTED_CONTAINER_SESSION || call.type === C.ATTACH_CONTAINER_OUTPUT;
  const out = responseMedia(req.headers, name, streaming);
  if (isRejection(out)) return respondText(res, out.status, out.text);
  const reply = (response: agent.Response) =>
    respondBytes(
      res,
      200,
      out.contentType,
      out.message === JSON_MEDIA
        ? Buffer.from(agentResponseJson(response), "utf8")
        : encodeBody(agent.Response, out.message, response),
    );
  const missing = (field: string) =>
    respondText(res, 400, `Failed to validate agent::Call: Expecting '${field}' to be present`);
  const sessions = ctx.sessions;
  switch (call.type) {
    case C.GET_HEALTH:
      return reply({ type: R.GET_HEALTH, get_health: { healthy: true } });
    case C.GET_VERSION:
      return reply({ type: R.GET_VERSION, get_version: { version_info: VERSION_INFO } });
    case C.GET_FLAGS:
      return reply({ type: R.GET_FLAGS, get_flags: { flags: agentFlags(ctx.agent) } });
    case C.GET_METRICS:
      if (!call.get_metrics) return missing("get_metrics");
      return reply({ type: R.GET_METRICS, get_metrics: views.getMetrics(ctx) });
    case C.GET_LOGGING_LEVEL:
      return reply({ type: R.GET_LOGGING_LEVEL, get_logging_level: { level: 0 } });
    case C.SET_LOGGING_LEVEL:
      if (!call.set_logging_level) return missing("set_logging_level");
      return respondText(res, 200);
    case C.GET_STATE:
      return reply({ type: R.GET_STATE, get_state: views.getState(ctx) });
    case C.GET_TASKS:
      return reply({ type: R.GET_TASKS, get_tasks: views.getTasks(ctx) });
    case C.GET_EXECUTORS:
      return reply({ type: R.GET_EXECUTORS, get_executors: views.getExecutors(ctx) });
    case C.GET_FRAMEWORKS:
      return reply({ type: R.GET_FRAMEWORKS, get_frameworks: views.getFrameworks(ctx) });
    case C.GET_CONTAINERS:
      return reply({
        type: R.GET_CONTAINERS,
        get_containers: views.getContainers(ctx, call.get_containers?.show_nested === true),
      });
    case C.GET_AGENT:
      return reply({ type: R.GET_AGENT, get_agent: { agent_info: ctx.agent.info } });
    case C.LIST_FILES: {
      if (!call.list_files) return missing("list_files");
      const answer = listFiles(ctx.agent, call.list_files.path ?? "");
      return "ok" in answer
        ? reply({ type: R.LIST_FILES, list_files: answer.ok })
        : respondText(res, answer.status, answer.text);
    }
    case C.READ_FILE: {
      if (!call.read_file) return missing("read_file");
      const answer = readFile(ctx.agent, call.read_file);
      return "ok" in answer
        ? reply({ type: R.READ_FILE, read_file: answer.ok })
        : respondText(res, answer.status, answer.text);
    }
    case C.KILL_NESTED_CONTAINER:
    case C.KILL_CONTAINER: {
      const id = (call.kill_nested_container ?? call.kill_container)?.container_id?.value;
      if (id === undefined)
        return missing(call.type === C.KILL_CONTAINER ? "kill_container" : "kill_nested_container");
      const signal = (call.kill_nested_container ?? call.kill_container)?.signal;
      if (sessions.kill(id, signal ?? "SIGKILL")) return respondText(res, 200);
      if (call.type === C.KILL_CONTAINER && ctx.agent.destroyContainer(id)) return respondText(res, 200);
      return respondText(res, 404, `Container ${id} cannot be found`);
    }
    case C.WAIT_NESTED_CONTAINER:
    case C.WAIT_CONTAINER: {
      const id = (call.wait_nested_container ?? call.wait_container)?.container_id?.value;
      if (id === undefined)
        return missing(call.type === C.WAIT_CONTAINER ? "wait_container" : "wait_nested_container");
      const answer = (status: number) =>
        call.type === C.WAIT_CONTAINER
          ? reply({ type: R.WAIT_CONTAINER, wait_container: { exit_status: status } })
          : reply({ type: R.WAIT_NESTED_CONTAINER, wait_nested_container: { exit_status: status } });
      const finished = sessions.exitStatus(id);
      if (finished !== undefined) return answer(finished);
      const running = sessions.get(id);
      if (!running) return respondText(res, 404, `Container ${id} cannot be found`);
      void running.exited.then(answer);
      return;
    }
    case C.LAUNCH_NESTED_CONTAINER_SESSION:
      return launchSession(ctx, call.launch_nested_container_session, req, res, out);
    case C.ATTACH_CONTAINER_OUTPUT: {
      const id = call.attach_container_output?.container_id?.value;
      if (id === undefined) return missing("attach_container_output");
      const session = sessions.get(id);
      if (!session)
        return isTaskContainer(ctx, id)
          ? respondText(res, 500, SWITCHBOARD_DISABLED)
          : respondText(res, 404, `Container ${id} cannot be found`);
      if (session.sinks.size >= MAX_SINKS) return respondText(res, 503, "Too many attached outputs");
      streamTo(session, res, out);
      return;
    }
    default:
      // Documented departure: resource providers, standalone containers, image pruning.
      return respondText(res, 501, `The mesos-ts simulator does not implement '${name}'`);
  }
}

function isTaskContainer(ctx: AgentOperatorContext, id: string): boolean {
  for (const t of ctx.agent.tasks.values()) if (t.containerId === id) return true;
  return false;
}

function launchSession(
  ctx: AgentOperatorContext,
  spec: agent.Call_LaunchNestedContainerSession | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  out: { contentType: string; message: MediaType },
) {
  const id = spec?.container_id?.value;
  const parentId = spec?.container_id?.parent?.value;
  if (!spec || id === undefined)
    return respondText(
      res,
      400,
      "Failed to validate agent::Call: Expecting 'launch_nested_container_session' to be present",
    );
  if (parentId === undefined) return respondText(res, 400, `Container ${id} has no parent`);
  let sandbox: string | undefined;
  for (const t of ctx.agent.tasks.values()) if (t.containerId === parentId && !t.exit) sandbox = t.sandbox;
  if (!sandbox) return respondText(res, 400, `Parent container ${parentId} does not exist`);
  if (ctx.sessions.known(id)) return respondText(res, 400, `Container ${id} already exists`);
  const session = ctx.sessions.launch({ id, parentId, sandbox, command: spec.command ?? {} });
  streamTo(session, res, out);
  // The session lives as long as the connection that launched it (`src/slave/http.cpp`).
  res.on("close", () => {
    if (session.status === undefined) ctx.sessions.kill(id);
  });
  void req;
}

function streamTo(
  session: Session,
  res: ServerResponse,
  out: { contentType: string; message: MediaType },
): void {
  res.writeHead(200, {
    "Content-Type": out.contentType,
    ...(out.contentType === RECORDIO_MEDIA ? { "Message-Content-Type": out.message } : {}),
  });
  res.flushHeaders();
  const sink: OutputSink = {
    send: (record) => {
      if (!res.destroyed) res.write(encodeRecord(encodeBody(agent.ProcessIO, out.message, record)));
    },
    end: () => res.end(),
  };
  session.sinks.add(sink);
  res.on("close", () => session.sinks.delete(sink));
}

/**
 * ATTACH_CONTAINER_INPUT: a RecordIO request body of agent.Calls, the first naming the
 * container. Read push-style so that an early answer (404, 400) still reaches the client: the
 * rest of the body is drained, not cut off.
 */
function attachContainerInput(
  ctx: AgentOperatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  media: MediaType,
) {
  const decoder = new RecordIODecoder({ maxRecordBytes: MAX_BODY });
  let session: Session | undefined;
  let first = true;
  let answered = false;
  const answer = (status: number, text = "") => {
    if (answered) return;
    answered = true;
    respondText(res, status, text);
  };
  const handle = (record: Uint8Array) => {
    let call: agent.Call;
    try {
      call =
        media === JSON_MEDIA ? MesosJson.parse(agent.Call, record) : decodeBody(agent.Call, media, record);
    } catch (e) {
      const near = Buffer.from(record).toString().slice(0, 40);
      const text =
        media === JSON_MEDIA
          ? `Failed to parse body into JSON: syntax error at line 1 near: ${near}`
          : e instanceof BodyParseError
            ? e.message
            : String(e);
      return answer(400, text);
    }
    if (first) {
      first = false;
      if (call.type !== C.ATTACH_CONTAINER_INPUT) {
        const name = call.type === undefined ? "UNKNOWN" : agent.call_TypeToJSON(call.type);
        return answer(415, `Streaming 'Content-Type' application/recordio is not supported for ${name} call`);
      }
      const input = call.attach_container_input;
      const id = input?.container_id?.value;
      if (input?.type !== agent.Call_AttachContainerInput_Type.CONTAINER_ID || id === undefined)
        return answer(
          400,
          "Expecting the first record to be the ATTACH_CONTAINER_INPUT call with a container_id",
        );
      session = ctx.sessions.get(id);
      if (!session)
        return answer(
          isTaskContainer(ctx, id) ? 500 : 404,
          isTaskContainer(ctx, id) ? SWITCHBOARD_DISABLED : `Container ${id} cannot be found`,
        );
      return;
    }
    const data = call.attach_container_input?.process_io?.data;
    const stdin = session?.child.stdin;
    if (data?.type !== agent.ProcessIO_Data_Type.STDIN || !stdin || stdin.destroyed || stdin.writableEnded)
      return;
    if ((data.data?.length ?? 0) === 0) stdin.end();
    else if (!stdin.write(data.data)) {
      req.pause(); // backpressure: the process reads slower than the client sends
      stdin.once("drain", () => req.resume());
    }
  };
  req.on("data", (chunk: Buffer) => {
    if (answered) return; // an early answer went out: drain the rest
    try {
      for (const record of decoder.push(chunk)) {
        handle(record);
        if (answered) return;
      }
    } catch (e) {
      answer(400, `Failed to read the request body: ${(e as Error).message}`);
    }
  });
  req.on("end", () => {
    if (answered) return;
    try {
      decoder.end();
    } catch (e) {
      return answer(400, `Failed to read the request body: ${(e as Error).message}`);
    }
    answer(first ? 400 : 200, first ? "Received EOF while reading request body" : "");
  });
}

function agentFlags(a: SimAgent): agent.Response_GetFlags["flags"] {
  return [
    { name: "hostname", value: a.hostname },
    { name: "port", value: String(a.port) },
    { name: "work_dir", value: a.workDir },
    { name: "http_heartbeat_interval", value: "30secs" },
    { name: "executor_reregistration_timeout", value: "2secs" },
    { name: "launcher", value: "posix" },
  ];
}
