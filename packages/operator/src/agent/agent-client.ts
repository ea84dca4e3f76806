// One agent's operator API (`POST /api/v1` on the agent, `src/slave/http.cpp`): agents do not
// redirect; calls go to the agent named. Streaming calls use RecordIO in one direction.
import { agent, type v1 } from "@mesos-ts/proto";
import { DEFAULT_MAX_RECORD_BYTES, encode as encodeRecord } from "@mesos-ts/recordio";
import {
  ClosedError,
  discard,
  headersFor,
  InvalidArgumentError,
  messageCodec,
  ProtocolError,
  recordBatches,
  recordContentType,
  sleep,
  streamError,
} from "@mesos-ts/transport";
import { linkedController } from "../abort.js";
import { FixedLocator } from "../http/locator.js";
import { sendCall } from "../http/send-call.js";
import { type ApiSchema, callByName } from "../http/unary.js";
import type { CallOptions } from "../master/master-client.js";
import { type Channel, type ClientOptions, openChannel } from "../options.js";
import type { AgentCallName, AgentCallPayload, AgentCallResult } from "./call-types.js";
import { type ProcessOutput, stdinCall, toProcessOutput } from "./process-io.js";

const AGENT_API: ApiSchema<agent.Call, agent.Response> = {
  callCodec: agent.Call,
  responseCodec: agent.Response,
  callTypes: agent.Call_Type,
  responseTypeName: agent.response_TypeToJSON,
};

export interface AgentClientOptions extends ClientOptions {
  /** `http://host:port` of the agent. */
  readonly agent: string;
}

export interface SessionOptions extends CallOptions {
  /** Largest output record accepted (default 64 MiB). */
  readonly maxRecordBytes?: number;
  /** Called once the agent answered 200: the container exists (time to attach input). */
  readonly onOpen?: () => void;
}

export interface FollowFileOptions extends CallOptions {
  /** Start here (default 0); negative: that many bytes before the current end. */
  readonly offset?: number;
  /** Bytes per READ_FILE (default 64 KiB). */
  readonly chunkBytes?: number;
  /** Wait between reads that found nothing new (default 500 ms). */
  readonly pollMs?: number;
  /** Asked after a read found nothing new: true ends the iteration (e.g. the task is terminal). */
  readonly done?: () => boolean | Promise<boolean>;
}

export class AgentClient {
  readonly url: string;
  readonly #locator: FixedLocator;
  readonly #channel: Channel;
  #closed = false;

  constructor(options: AgentClientOptions) {
    if (typeof options?.agent !== "string") throw new InvalidArgumentError("agent must be a URL");
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(options.agent) ? options.agent : `http://${options.agent}`);
    } catch {
      throw new InvalidArgumentError("agent must be a URL like http://host:5051");
    }
    this.url = `${url.protocol}//${url.host}`;
    this.#locator = new FixedLocator(this.url);
    this.#channel = openChannel(options);
  }

  /** Any agent call by name; `call("GET_CONTAINERS", { show_nested: true })` → `Response.get_containers`. */
  async call<N extends AgentCallName>(
    name: N,
    payload?: AgentCallPayload<N>,
    options?: CallOptions,
  ): Promise<AgentCallResult<N>> {
    if (this.#closed) throw new ClosedError("the client is closed");
    const target = { locator: this.#locator, channel: this.#channel };
    return (await callByName(AGENT_API, target, name, payload, options?.signal)) as AgentCallResult<N>;
  }

  getHealth = (o?: CallOptions) => this.call("GET_HEALTH", undefined, o);
  getVersion = (o?: CallOptions) => this.call("GET_VERSION", undefined, o);
  getState = (o?: CallOptions) => this.call("GET_STATE", undefined, o);
  getContainers = (o?: CallOptions & { showNested?: boolean }) =>
    this.call("GET_CONTAINERS", { show_nested: o?.showNested ?? false }, o);

  /** READ_FILE: `size` is the whole file's, `data` the slice [offset, offset+length). */
  async readFile(
    path: string,
    o: CallOptions & { offset?: number; length?: number } = {},
  ): Promise<{ size: number; data: Uint8Array }> {
    const r = await this.call(
      "READ_FILE",
      {
        path,
        offset: BigInt(o.offset ?? 0),
        ...(o.length !== undefined ? { length: BigInt(o.length) } : {}),
      },
      o,
    );
    return { size: Number(r.size ?? 0n), data: r.data ?? new Uint8Array(0) };
  }

  /** A sandbox file as it grows (`tail -f` through READ_FILE offsets), until `done()` or abort. */
  async *followFile(path: string, o: FollowFileOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
    const chunk = o.chunkBytes ?? 64 * 1024;
    let offset = o.offset ?? 0;
    if (offset < 0)
      offset = Math.max(0, (await this.readFile(path, { length: 0, ...opt(o.signal) })).size + offset);
    for (;;) {
      const { data } = await this.readFile(path, { offset, length: chunk, ...opt(o.signal) });
      if (data.byteLength > 0) {
        offset += data.byteLength;
        yield data;
        continue;
      }
      if (o.done && (await o.done())) {
        // One last read: output written between the previous read and the end.
        const last = await this.readFile(path, { offset, ...opt(o.signal) });
        if (last.data.byteLength > 0) yield last.data;
        return;
      }
      await sleep(o.pollMs ?? 500, o.signal);
    }
  }

  /**
   * LAUNCH_NESTED_CONTAINER_SESSION: runs `command` in a new container nested under `parentId`
   * and streams its output until it exits (then ask `waitNestedContainer` for the status).
   * Leaving the loop or aborting closes the connection, which makes the agent destroy the session.
   */
  launchNestedContainerSession(
    spec: { containerId: string; parentId: string; command: v1.CommandInfo; container?: v1.ContainerInfo },
    o: SessionOptions = {},
  ): AsyncGenerator<ProcessOutput, void, undefined> {
    return this.#outputStream(
      "LAUNCH_NESTED_CONTAINER_SESSION",
      {
        type: agent.Call_Type.LAUNCH_NESTED_CONTAINER_SESSION,
        launch_nested_container_session: {
          container_id: { value: spec.containerId, parent: { value: spec.parentId } },
          command: spec.command,
          ...(spec.container ? { container: spec.container } : {}),
        },
      },
      o,
    );
  }

  /** ATTACH_CONTAINER_OUTPUT: a session's output (a real agent answers 500 for task containers). */
  attachContainerOutput(containerId: v1.ContainerID, o: SessionOptions = {}) {
    return this.#outputStream(
      "ATTACH_CONTAINER_OUTPUT",
      {
        type: agent.Call_Type.ATTACH_CONTAINER_OUTPUT,
        attach_container_output: { container_id: containerId },
      },
      o,
    );
  }

  /**
   * ATTACH_CONTAINER_INPUT: streams `input` to the container's stdin as one RecordIO request
   * body (first record the header call naming the container), then an empty record for EOF.
   * Resolves when the agent answers, after the input ended.
   */
  async attachContainerInput(
    containerId: v1.ContainerID,
    input: AsyncIterable<Uint8Array>,
    o: CallOptions = {},
  ): Promise<void> {
    if (this.#closed) throw new ClosedError("the client is closed");
    const codec = messageCodec(agent.Call, this.#channel.contentType);
    const frame = (call: agent.Call) => encodeRecord(codec.encode(call));
    async function* body(): AsyncGenerator<Uint8Array> {
      yield frame({
        type: agent.Call_Type.ATTACH_CONTAINER_INPUT,
        attach_container_input: {
          type: agent.Call_AttachContainerInput_Type.CONTAINER_ID,
          container_id: containerId,
        },
      });
      for await (const chunk of input) if (chunk.byteLength > 0) yield frame(stdinCall(chunk));
      yield frame(stdinCall(new Uint8Array(0)));
    }
    const response = await sendCall({
      send: this.#channel.send,
      locator: this.#locator,
      callType: "ATTACH_CONTAINER_INPUT",
      headers: headersFor(this.#channel.contentType, { recordsIn: true }),
      body: body(),
      maxRedirects: 0,
      signal: o.signal,
    });
    await discard(response.body);
  }

  waitNestedContainer = (containerId: v1.ContainerID, o?: CallOptions) =>
    this.call("WAIT_NESTED_CONTAINER", { container_id: containerId }, o);
  waitContainer = (containerId: v1.ContainerID, o?: CallOptions) =>
    this.call("WAIT_CONTAINER", { container_id: containerId }, o);
  killNestedContainer = (containerId: v1.ContainerID, o?: CallOptions) =>
    this.call("KILL_NESTED_CONTAINER", { container_id: containerId }, o);
  killContainer = (containerId: v1.ContainerID, o?: CallOptions) =>
    this.call("KILL_CONTAINER", { container_id: containerId }, o);

  async *#outputStream(
    name: string,
    call: agent.Call,
    o: SessionOptions,
  ): AsyncGenerator<ProcessOutput, void, undefined> {
    if (this.#closed) throw new ClosedError("the client is closed");
    const link = linkedController(o.signal);
    let url: URL | undefined;
    try {
      const response = await sendCall({
        send: this.#channel.send,
        locator: this.#locator,
        callType: name,
        headers: headersFor(this.#channel.contentType, { recordsOut: true }),
        body: messageCodec(agent.Call, this.#channel.contentType).encode(call),
        maxRedirects: 0,
        signal: link.controller.signal,
        stream: true,
      });
      url = response.url;
      const recordType = recordContentType(response.headers);
      if (!recordType) {
        await discard(response.body);
        throw new ProtocolError(`${name}: the answer names no record type (Message-Content-Type)`);
      }
      o.onOpen?.();
      const codec = messageCodec(agent.ProcessIO, recordType);
      const batches = recordBatches(response.body as AsyncIterable<Uint8Array>, {
        maxRecordBytes: o.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      });
      for await (const batch of batches)
        for (const record of batch) yield toProcessOutput(codec.decode(record));
    } catch (error) {
      throw streamError(error, link.controller.signal, url);
    } finally {
      link.controller.abort();
      link.dispose();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#channel.close();
  }
}

const opt = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
