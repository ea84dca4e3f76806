// The master's operator API: every call typed by name, the event stream, and the agents'
// own APIs reached through the master's view of them.
import { master, type v1 } from "@mesos-ts/proto";
import { ClosedError, InvalidArgumentError } from "@mesos-ts/transport";
import { AgentClient } from "../agent/agent-client.js";
import { UnknownAgentError } from "../errors.js";
import { type SubscribeOptions, subscribeEvents } from "../events/event-stream.js";
import type { OperatorEvent } from "../events/operator-event.js";
import { type ApiSchema, callByName } from "../http/unary.js";
import { type Channel, type ClientOptions, openChannel } from "../options.js";
import type { MasterCallName, MasterCallPayload, MasterCallResult } from "./call-types.js";
import { MasterLocator } from "./master-locator.js";

const MASTER_API: ApiSchema<master.Call, master.Response> = {
  callCodec: master.Call,
  responseCodec: master.Response,
  callTypes: master.Call_Type,
  responseTypeName: master.response_TypeToJSON,
};

export interface MasterClientOptions extends ClientOptions {
  /** Any master URL discovery accepts: `http://m:5050`, `m1:5050,m2:5050`, `zk://…/mesos`, `file://…`. */
  readonly master: string;
  /** How long to wait for ZooKeeper to name a leader (default 10 s). */
  readonly leaderTimeoutMs?: number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export class MasterClient {
  readonly #locator: MasterLocator;
  readonly #channel: Channel;
  readonly #options: MasterClientOptions;
  #closed = false;

  constructor(options: MasterClientOptions) {
    if (typeof options?.master !== "string") throw new InvalidArgumentError("master must be a master URL");
    this.#options = options;
    this.#channel = openChannel(options);
    this.#locator = new MasterLocator(options.master, {
      ...(options.leaderTimeoutMs !== undefined ? { leaderTimeoutMs: options.leaderTimeoutMs } : {}),
    });
  }

  /** Base URL of the master calls go to now (the leader once a call or redirect named it). */
  leaderUrl(options: CallOptions = {}): Promise<string> {
    return this.#locator.current(options.signal);
  }

  /**
   * Any master call by name: `call("GET_METRICS", { timeout })` → `Response.get_metrics`;
   * calls without a response body (TEARDOWN, maintenance, reserve…) → `{ status: 200 | 202 }`.
   */
  async call<N extends MasterCallName>(
    name: N,
    payload?: MasterCallPayload<N>,
    options?: CallOptions,
  ): Promise<MasterCallResult<N>> {
    if (this.#closed) throw new ClosedError("the client is closed");
    if (name === ("SUBSCRIBE" as string))
      throw new InvalidArgumentError("SUBSCRIBE is a stream: use subscribe()");
    const target = { locator: this.#locator, channel: this.#channel };
    return (await callByName(MASTER_API, target, name, payload, options?.signal)) as MasterCallResult<N>;
  }

  getHealth = (o?: CallOptions) => this.call("GET_HEALTH", undefined, o);
  getVersion = (o?: CallOptions) => this.call("GET_VERSION", undefined, o);
  getFlags = (o?: CallOptions) => this.call("GET_FLAGS", undefined, o);
  getMaster = (o?: CallOptions) => this.call("GET_MASTER", undefined, o);
  getState = (o?: CallOptions) => this.call("GET_STATE", undefined, o);
  getAgents = (o?: CallOptions) => this.call("GET_AGENTS", undefined, o);
  getFrameworks = (o?: CallOptions) => this.call("GET_FRAMEWORKS", undefined, o);
  getExecutors = (o?: CallOptions) => this.call("GET_EXECUTORS", undefined, o);
  getTasks = (o?: CallOptions) => this.call("GET_TASKS", undefined, o);
  getRoles = (o?: CallOptions) => this.call("GET_ROLES", undefined, o);
  getQuota = (o?: CallOptions) => this.call("GET_QUOTA", undefined, o);
  getMaintenanceStatus = (o?: CallOptions) => this.call("GET_MAINTENANCE_STATUS", undefined, o);
  getMaintenanceSchedule = (o?: CallOptions) => this.call("GET_MAINTENANCE_SCHEDULE", undefined, o);

  /** TEARDOWN: the master removes the framework and kills its tasks. */
  teardown = (frameworkId: string, o?: CallOptions) =>
    this.call("TEARDOWN", { framework_id: { value: frameworkId } }, o);

  /** The event stream (see SubscribeOptions): SUBSCRIBED first, then changes, resubscribing as needed. */
  subscribe(options: SubscribeOptions = {}): AsyncGenerator<OperatorEvent, void, undefined> {
    if (this.#closed) throw new ClosedError("the client is closed");
    return subscribeEvents(this.#locator, this.#channel, options);
  }

  /** The operator API of one agent, found in GET_AGENTS by id (its advertised hostname and port). */
  async agent(agentId: string, o?: CallOptions): Promise<AgentClient> {
    const { agents = [] } = await this.getAgents(o);
    const found = agents.find((a) => a.agent_info?.id?.value === agentId);
    if (!found?.agent_info) throw new UnknownAgentError(agentId);
    return new AgentClient({ ...this.#options, agent: agentUrl(found.agent_info, found.pid) });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#locator.close();
    await this.#channel.close();
  }
}

/** `http://hostname:port` of an agent (the pid `slave(1)@ip:port` when it names an IP). */
export function agentUrl(info: v1.AgentInfo, pid?: string): string {
  const host = info.hostname ?? /@([^:]+):/.exec(pid ?? "")?.[1] ?? "127.0.0.1";
  return `http://${host.includes(":") ? `[${host}]` : host}:${info.port ?? 5051}`;
}
