import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { executor, scheduler, v1 } from "@mesos-ts/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { launchCommandCall, type Media, post, RawSubscription, subscribeCall } from "./helpers/raw-client.js";
import { encodeExecutorCall, executorCall, RawExecutorStream } from "./helpers/raw-executor.js";

const E = scheduler.Event_Type;
const X = executor.Event_Type;
const XC = executor.Call_Type;

// The executor process: records its environment, then waits until the test tells it to exit
// (the test itself speaks /api/v1/executor for it, by hand).
const EXECUTOR_SCRIPT =
  'env > executor-env.txt; while [ ! -f exit-now ]; do sleep 0.02; done; exit "$(cat exit-now)"';

const uuidV4 = (): Buffer => {
  const b = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return b;
};

interface Setup {
  cluster: Cluster;
  sub: RawSubscription;
  frameworkId: string;
  agentId: string;
  sandbox: string;
  endpoint: string;
  env: Record<string, string>;
  launch(taskId: string, extra?: Partial<v1.TaskInfo>): Promise<void>;
}

let opened: { cluster?: Cluster; sub?: RawSubscription; streams: RawExecutorStream[] } = { streams: [] };
afterEach(async () => {
  for (const s of opened.streams) s.close();
  opened.sub?.close();
  await opened.cluster?.close();
  opened = { streams: [] };
});

/** The scheduler acknowledges one status update. */
function acknowledge(s: Setup, status: v1.TaskStatus) {
  return s.sub.call({
    framework_id: { value: s.frameworkId },
    type: scheduler.Call_Type.ACKNOWLEDGE,
    acknowledge: { agent_id: { value: s.agentId }, task_id: status.task_id, uuid: status.uuid as Buffer },
  });
}

/** ACCEPT one offer with one task (filters refuse 0 s, so the rest is re-offered at once). */
function acceptLaunch(sub: RawSubscription, offer: v1.Offer, task: v1.TaskInfo) {
  return sub.call({
    framework_id: { value: sub.frameworkId as string },
    type: scheduler.Call_Type.ACCEPT,
    accept: {
      offer_ids: [offer.id as v1.OfferID],
      operations: [{ type: v1.Offer_Operation_Type.LAUNCH, launch: { task_infos: [task] } }],
      filters: { refuse_seconds: 0 },
    },
  });
}

async function setup(
  options: {
    checkpoint?: boolean;
    registrationMs?: number;
    grace?: bigint;
    command?: string;
    heartbeatMs?: number;
  } = {},
): Promise<Setup> {
  const cluster = await startCluster({
    allocationIntervalMs: 50,
    statusUpdateRetryMs: 5000,
    ...(options.registrationMs ? { executorRegistrationTimeoutMs: options.registrationMs } : {}),
    ...(options.heartbeatMs ? { executorHeartbeatIntervalMs: options.heartbeatMs } : {}),
  });
  opened.cluster = cluster;
  const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
  opened.sub = sub;
  await sub.open(subscribeCall({ checkpoint: options.checkpoint ?? false }));
  await sub.next((e) => e.type === E.SUBSCRIBED);
  const frameworkId = sub.frameworkId as string;
  const agent = cluster.agents[0];
  if (!agent) throw new Error("no agent");
  const executorInfo: v1.ExecutorInfo = {
    type: v1.ExecutorInfo_Type.CUSTOM,
    executor_id: { value: "ex-1" },
    command: { value: options.command ?? EXECUTOR_SCRIPT },
    ...(options.grace !== undefined ? { shutdown_grace_period: { nanoseconds: options.grace } } : {}),
  };
  const used = new Set<string>();
  const launch = async (taskId: string, extra: Partial<v1.TaskInfo> = {}) => {
    const fresh = (e: scheduler.Event) => e.offers?.offers?.find((o) => !used.has(o.id?.value ?? ""));
    const offer = fresh(await sub.next((e) => fresh(e) !== undefined)) as v1.Offer;
    used.add(offer.id?.value ?? "");
    const answer = await acceptLaunch(sub, offer, {
      name: taskId,
      task_id: { value: taskId },
      agent_id: offer.agent_id,
      resources: [{ name: "cpus", type: v1.Value_Type.SCALAR, scalar: { value: 0.1 }, role: "*" }],
      executor: executorInfo,
      data: Buffer.from(`data of ${taskId}`),
      ...extra,
    });
    expect(answer.status).toBe(202);
  };
  await launch("t1");
  const sandbox = agent.sandboxOf(frameworkId, "t1") as string;
  const envFile = join(sandbox, "executor-env.txt");
  const deadline = Date.now() + 5000;
  while (!existsSync(envFile) || readFileSync(envFile, "utf8") === "") {
    if (Date.now() > deadline) throw new Error("the executor did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 20));
  const env = Object.fromEntries(
    readFileSync(envFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return {
    cluster,
    sub,
    frameworkId,
    agentId: agent.id,
    sandbox,
    endpoint: `http://${env.MESOS_AGENT_ENDPOINT}`,
    env,
    launch,
  };
}

const subscribe = (s: Setup, extra: Partial<executor.Call_Subscribe> = {}): executor.Call => ({
  type: XC.SUBSCRIBE,
  framework_id: { value: s.frameworkId },
  executor_id: { value: "ex-1" },
  subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [], ...extra },
});

const update = (
  s: Setup,
  taskId: string,
  state: v1.TaskState,
  more: Partial<v1.TaskStatus> = {},
): executor.Call => ({
  type: XC.UPDATE,
  framework_id: { value: s.frameworkId },
  executor_id: { value: "ex-1" },
  update: {
    status: {
      task_id: { value: taskId },
      state,
      source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
      uuid: uuidV4(),
      ...more,
    },
  },
});

async function openStream(s: Setup, media: Media = "application/json"): Promise<RawExecutorStream> {
  const stream = new RawExecutorStream(s.endpoint, media);
  opened.streams.push(stream);
  await stream.open(subscribe(s));
  return stream;
}

describe("custom executor: process, environment and sandbox", () => {
  it.each([true, false])(
    "sets exactly the environment a real agent sets (checkpoint %s)",
    async (checkpoint) => {
      const s = await setup({ checkpoint });
      const { PWD: _pwd, SHLVL: _shlvl, _: _underscore, ...env } = s.env;
      const expected: Record<string, string> = {
        MESOS_FRAMEWORK_ID: s.frameworkId,
        MESOS_EXECUTOR_ID: "ex-1",
        MESOS_AGENT_ENDPOINT: `127.0.0.1:${s.cluster.agents[0]?.port}`,
        MESOS_SLAVE_PID: `slave(1)@127.0.0.1:${s.cluster.agents[0]?.port}`,
        MESOS_SLAVE_ID: s.agentId,
        MESOS_DIRECTORY: s.sandbox,
        MESOS_SANDBOX: s.sandbox,
        MESOS_CHECKPOINT: checkpoint ? "1" : "0",
        MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5secs",
        MESOS_HTTP_COMMAND_EXECUTOR: "0",
        LIBPROCESS_IP: "127.0.0.1",
        LIBPROCESS_PORT: "0",
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ...(checkpoint ? { MESOS_RECOVERY_TIMEOUT: "15mins", MESOS_SUBSCRIPTION_BACKOFF_MAX: "2secs" } : {}),
      };
      expect(env).toEqual(expected);
      expect(s.env.PWD).toBe(s.sandbox);
    },
  );

  it("gives the executor runs/<container>/ with stdout, stderr and a runs/latest link", async () => {
    const s = await setup({ grace: 2_500_000_000n });
    expect(s.env.MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD).toBe("2500ms");
    expect(s.sandbox).toContain(`/frameworks/${s.frameworkId}/executors/ex-1/runs/`);
    expect(statSync(s.sandbox).mode & 0o777).toBe(0o750);
    expect(existsSync(join(s.sandbox, "stdout"))).toBe(true);
    expect(existsSync(join(s.sandbox, "stderr"))).toBe(true);
    const latest = join(s.sandbox, "..", "latest");
    expect(lstatSync(latest).isSymbolicLink()).toBe(true);
    expect(readlinkSync(latest)).toBe(s.sandbox);
  });
});

describe("POST /api/v1/executor status codes (checks in src/slave/http.cpp order)", () => {
  it("answers each failing check with the code and text a real agent gives", async () => {
    const s = await setup();
    const url = `${s.endpoint}/api/v1/executor`;
    const json = { "Content-Type": "application/json" };
    const body = (call: executor.Call) => encodeExecutorCall(call, "application/json");
    const get = await post(url, "", {}, "GET");
    expect([get.status, get.text, get.headers.allow]).toEqual([
      405,
      "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.",
      "POST",
    ]);
    expect((await post(url, "{}", {})).text).toBe("Expecting 'Content-Type' to be present");
    for (const ct of ["text/plain", "application/json; charset=utf-8", "application/recordio"]) {
      const r = await post(url, "{}", { "Content-Type": ct });
      expect([r.status, r.text]).toEqual([
        415,
        "Expecting 'Content-Type' of application/json or application/x-protobuf",
      ]);
    }
    const cases: Array<[string, number, string]> = [
      ["not json", 400, "Failed to parse body into JSON: syntax error at line 1 near: not json"],
      [
        '{"type":"SUBSCRIBE","framework_id":{"value":"f"},"subscribe":{}}',
        400,
        "Failed to convert JSON into Call protobuf: Missing required fields: executor_id",
      ],
      [
        `{"type":"UPDATE","framework_id":{"value":"f"},"executor_id":{"value":"e"},"update":{"status":{"task_id":{"value":"t"},"state":"TASK_BOGUS_STATE"}}}`,
        400,
        "Failed to convert JSON into Call protobuf: Failed to find enum for 'TASK_BOGUS_STATE'",
      ],
      [
        '{"type":"BOGUS","framework_id":{"value":"f"},"executor_id":{"value":"e"}}',
        400,
        "Failed to validate Executor::Call: Expecting 'type' to be present",
      ],
      [
        '{"type":"SUBSCRIBE","framework_id":{"value":"f"},"executor_id":{"value":"e"}}',
        400,
        "Failed to validate Executor::Call: Expecting 'subscribe' to be present",
      ],
      [
        '{"type":"UPDATE","framework_id":{"value":"f"},"executor_id":{"value":"e"}}',
        400,
        "Failed to validate Executor::Call: Expecting 'update' to be present",
      ],
      [
        '{"type":"MESSAGE","framework_id":{"value":"f"},"executor_id":{"value":"e"}}',
        400,
        "Failed to validate Executor::Call: Expecting 'message' to be present",
      ],
    ];
    for (const [text, status, answer] of cases) {
      const r = await post(url, text, json);
      expect([r.status, r.text]).toEqual([status, answer]);
      expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    }
    const u = (more: Partial<v1.TaskStatus>) => update(s, "t1", v1.TaskState.TASK_RUNNING, more);
    const bad: Array<[executor.Call, string]> = [
      [
        {
          ...u({}),
          update: {
            status: {
              task_id: { value: "t1" },
              state: v1.TaskState.TASK_RUNNING,
              source: v1.TaskStatus_Source.SOURCE_EXECUTOR,
            },
          },
        },
        "Expecting 'uuid' to be present",
      ],
      [u({ uuid: Buffer.alloc(16) }), "Not a valid UUID"],
      [u({ uuid: Buffer.alloc(15, 0x40) }), "Not a valid UUID"],
      [u({ uuid: Buffer.from(uuidV4().map((b, i) => (i === 6 ? b & 0x0f : b))) }), "Not a valid UUID"],
      [
        u({ executor_id: { value: "other-executor" } }),
        "ExecutorID in Call: ex-1 does not match ExecutorID in TaskStatus: other-executor",
      ],
      [
        u({ source: undefined }),
        `Received Call from executor ex-1 of framework ${s.frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`,
      ],
      [
        u({ source: v1.TaskStatus_Source.SOURCE_MASTER }),
        `Received Call from executor ex-1 of framework ${s.frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`,
      ],
      [
        u({ state: v1.TaskState.TASK_STAGING }),
        `Received TASK_STAGING from executor ex-1 of framework ${s.frameworkId} which is not allowed`,
      ],
    ];
    for (const [call, reason] of bad) {
      const r = await post(url, body(call), json);
      expect([r.status, r.text]).toEqual([400, `Failed to validate Executor::Call: ${reason}`]);
    }
    const v1uuid = uuidV4();
    v1uuid[6] = ((v1uuid[6] ?? 0) & 0x0f) | 0x10;
    const notAccepted = await post(url, body(subscribe(s)), { ...json, Accept: "text/plain" });
    expect([notAccepted.status, notAccepted.text]).toEqual([
      406,
      "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
    ]);
    const heartbeat = await executorCall(s.endpoint, {
      type: XC.HEARTBEAT,
      framework_id: { value: "unused" },
      executor_id: { value: "unused" },
    });
    expect([heartbeat.status, heartbeat.text, heartbeat.headers["content-length"]]).toEqual([202, "", "0"]);
    const noFramework = await executorCall(s.endpoint, { ...subscribe(s), framework_id: { value: "nope" } });
    expect([noFramework.status, noFramework.text]).toEqual([400, "Framework cannot be found"]);
    const noExecutor = await executorCall(s.endpoint, { ...subscribe(s), executor_id: { value: "nope" } });
    expect([noExecutor.status, noExecutor.text]).toEqual([400, "Executor cannot be found"]);
    for (const call of [u({ uuid: v1uuid }), { ...subscribe(s), type: XC.UNKNOWN }]) {
      const early = await executorCall(s.endpoint, call);
      expect([early.status, early.text]).toEqual([403, "Executor is not subscribed"]);
    }
    const stream = await openStream(s);
    expect(stream.status).toBe(200);
    const unknown = await executorCall(s.endpoint, { ...subscribe(s), type: XC.UNKNOWN });
    expect([unknown.status, unknown.text]).toEqual([501, "501 Not Implemented."]);
    const ok = await executorCall(s.endpoint, u({ uuid: v1uuid }), "application/json", {
      Accept: "text/plain",
    });
    expect([ok.status, ok.text]).toEqual([202, ""]);
    // Also under the agent's process id, as the C++ library builds the URL from MESOS_SLAVE_PID.
    const aliased = await post(`${s.endpoint}/slave(1)/api/v1/executor`, body(u({})), json);
    expect(aliased.status).toBe(202);
  });
});

describe.each<Media>(["application/json", "application/x-protobuf"])("executor event flow (%s)", (media) => {
  it("SUBSCRIBED, LAUNCH, UPDATE→ACKNOWLEDGED at once, MESSAGE both ways, KILL, scheduler view", async () => {
    const s = await setup();
    const stream = await openStream(s, media);
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe(media);
    expect(stream.headers["mesos-stream-id"]).toBeUndefined();
    const subscribed = await stream.next((e) => e.type === X.SUBSCRIBED);
    expect(subscribed.subscribed?.container_id?.value).toBeTruthy();
    expect(subscribed.subscribed?.executor_info?.framework_id?.value).toBe(s.frameworkId);
    expect(subscribed.subscribed?.agent_info?.id?.value).toBe(s.agentId);
    expect(subscribed.subscribed?.framework_info?.id?.value).toBe(s.frameworkId);
    const launch = await stream.next((e) => e.type === X.LAUNCH);
    expect(stream.events.indexOf(launch)).toBe(1);
    expect(launch.launch?.task?.task_id?.value).toBe("t1");
    expect(Buffer.from(launch.launch?.task?.data ?? []).toString()).toBe("data of t1");
    expect(launch.launch?.task?.agent_id?.value).toBe(s.agentId);

    const running = update(s, "t1", v1.TaskState.TASK_RUNNING, { message: "up", timestamp: 12345.5 });
    const answer = await executorCall(s.endpoint, running, media);
    expect(answer.status).toBe(202);
    const ack = await stream.next((e) => e.type === X.ACKNOWLEDGED);
    expect(Buffer.from(ack.acknowledged?.uuid ?? []).equals(running.update?.status?.uuid as Buffer)).toBe(
      true,
    );
    const seen = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    const status = seen.update?.status as v1.TaskStatus;
    expect(Buffer.from(status.uuid ?? []).equals(running.update?.status?.uuid as Buffer)).toBe(true);
    expect(status.source).toBe(v1.TaskStatus_Source.SOURCE_EXECUTOR);
    expect(status.executor_id).toBeUndefined();
    expect(status.timestamp).toBe(12345.5);
    expect(status.agent_id?.value).toBe(s.agentId);
    expect(status.container_status?.container_id?.value).toBe(subscribed.subscribed?.container_id?.value);
    expect(status.container_status?.executor_pid).toBeGreaterThan(0);

    await s.sub.call({
      framework_id: { value: s.frameworkId },
      type: scheduler.Call_Type.MESSAGE,
      message: { agent_id: { value: s.agentId }, executor_id: { value: "ex-1" }, data: Buffer.from("ping") },
    });
    const toExecutor = await stream.next((e) => e.type === X.MESSAGE);
    expect(Buffer.from(toExecutor.message?.data ?? []).toString()).toBe("ping");
    const sent = await executorCall(
      s.endpoint,
      { ...subscribe(s), type: XC.MESSAGE, subscribe: undefined, message: { data: Buffer.from("pong") } },
      media,
    );
    expect(sent.status).toBe(202);
    const toScheduler = await s.sub.next((e) => e.type === E.MESSAGE);
    expect(toScheduler.message?.executor_id?.value).toBe("ex-1");
    expect(toScheduler.message?.agent_id?.value).toBe(s.agentId);
    expect(Buffer.from(toScheduler.message?.data ?? []).toString()).toBe("pong");

    const kill = (policy?: v1.KillPolicy) =>
      s.sub.call({
        framework_id: { value: s.frameworkId },
        type: scheduler.Call_Type.KILL,
        kill: {
          task_id: { value: "t1" },
          agent_id: { value: s.agentId },
          ...(policy ? { kill_policy: policy } : {}),
        },
      });
    await kill();
    const plain = await stream.next((e) => e.type === X.KILL);
    expect(plain.kill?.kill_policy).toBeUndefined();
    const from = stream.events.length;
    await kill({ grace_period: { nanoseconds: 3_000_000_000n } });
    const withPolicy = await stream.next((e) => e.type === X.KILL, 5000, from);
    expect(withPolicy.kill?.kill_policy?.grace_period?.nanoseconds).toBe(3_000_000_000n);

    // The scheduler holds its ACK of RUNNING; the terminal update waits behind it at the agent
    // but the executor has its ACKNOWLEDGED at once.
    const killed = update(s, "t1", v1.TaskState.TASK_KILLED);
    await executorCall(s.endpoint, killed, media);
    const killedAck = await stream.next(
      (e) =>
        e.type === X.ACKNOWLEDGED &&
        Buffer.from(e.acknowledged?.uuid ?? []).equals(killed.update?.status?.uuid as Buffer),
    );
    expect(killedAck).toBeDefined();
    expect(s.sub.events.some((e) => e.update?.status?.state === v1.TaskState.TASK_KILLED)).toBe(false);
    await acknowledge(s, status);
    await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_KILLED);
  });
});

describe("the command executor of a command task", () => {
  it("a MESSAGE naming it goes to the scheduler (202), as the real mesos-executor is subscribed", async () => {
    const cluster = await startCluster({ agents: 1, taskMode: "process", allocationIntervalMs: 50 });
    opened.cluster = cluster;
    const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    opened.sub = sub;
    await sub.open(subscribeCall({}));
    await sub.next((e) => e.type === E.SUBSCRIBED);
    const frameworkId = sub.frameworkId as string;
    const offer = (await sub.next((e) => e.type === E.OFFERS)).offers?.offers?.[0] as v1.Offer;
    expect((await sub.call(launchCommandCall(frameworkId, offer, "cmd", "sleep 30"))).status).toBe(202);
    await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_STARTING);
    const url = `http://127.0.0.1:${cluster.agents[0]?.port}/api/v1/executor`;
    const message = (executorId: string): executor.Call => ({
      type: XC.MESSAGE,
      framework_id: { value: frameworkId },
      executor_id: { value: executorId },
      message: { data: Buffer.from("hi") },
    });
    const json = { "Content-Type": "application/json" };
    const sent = await post(url, encodeExecutorCall(message("cmd"), "application/json"), json);
    expect(sent.status).toBe(202);
    const event = await sub.next((e) => e.type === E.MESSAGE);
    expect(event.message?.executor_id?.value).toBe("cmd");
    expect(Buffer.from(event.message?.data ?? []).toString()).toBe("hi");
    const unknown = await post(url, encodeExecutorCall(message("no-such"), "application/json"), json);
    expect([unknown.status, unknown.text]).toEqual([400, "Executor cannot be found"]);
  });
});

describe("executor edge cases", () => {
  it("drops an update with a wrong agent_id, forwards an unknown task's without ACKNOWLEDGED", async () => {
    const s = await setup();
    const stream = await openStream(s);
    await stream.next((e) => e.type === X.LAUNCH);
    const wrongAgent = update(s, "t1", v1.TaskState.TASK_RUNNING, { agent_id: { value: "other-agent" } });
    expect((await executorCall(s.endpoint, wrongAgent)).status).toBe(202);
    const unknown = update(s, "ghost", v1.TaskState.TASK_RUNNING);
    expect((await executorCall(s.endpoint, unknown)).status).toBe(202);
    const ghost = await s.sub.next((e) => e.update?.status?.task_id?.value === "ghost");
    expect(ghost.update?.status?.container_status).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.events.filter((e) => e.type === X.ACKNOWLEDGED)).toHaveLength(0);
    expect(s.sub.events.some((e) => e.update?.status?.task_id?.value === "t1")).toBe(false);
  });

  it("a reused uuid is ACKNOWLEDGED but corrupts the agent's task: the real terminal update is dropped", async () => {
    const s = await setup();
    const stream = await openStream(s);
    await stream.next((e) => e.type === X.LAUNCH);
    const running = update(s, "t1", v1.TaskState.TASK_RUNNING);
    await executorCall(s.endpoint, running);
    const reused = update(s, "t1", v1.TaskState.TASK_FAILED, {
      uuid: running.update?.status?.uuid as Buffer,
    });
    expect((await executorCall(s.endpoint, reused)).status).toBe(202);
    await stream.next((e) => e.type === X.ACKNOWLEDGED, 5000, 2);
    await stream.next((e) => e.type === X.ACKNOWLEDGED && stream.events.indexOf(e) > 2);
    expect((await executorCall(s.endpoint, update(s, "t1", v1.TaskState.TASK_FINISHED))).status).toBe(202);
    const seen = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    await acknowledge(s, seen.update?.status as v1.TaskStatus);
    await new Promise((r) => setTimeout(r, 150));
    const states = s.sub.events.filter((e) => e.type === E.UPDATE).map((e) => e.update?.status?.state);
    expect(states).toEqual([v1.TaskState.TASK_RUNNING]);
  });

  it("HEARTBEAT events come one interval after SUBSCRIBE, none at subscribe time", async () => {
    const s = await setup({ heartbeatMs: 300 });
    const started = Date.now();
    const stream = await openStream(s);
    await stream.next((e) => e.type === X.LAUNCH);
    expect(stream.events.map((e) => e.type)).toEqual([X.SUBSCRIBED, X.LAUNCH]);
    await stream.next((e) => e.type === X.HEARTBEAT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("a second SUBSCRIBE closes the first stream and gets SUBSCRIBED only (no LAUNCH replay)", async () => {
    const s = await setup();
    const first = await openStream(s);
    await first.next((e) => e.type === X.LAUNCH);
    const second = await openStream(s);
    await first.waitEnded();
    await second.next((e) => e.type === X.SUBSCRIBED);
    await new Promise((r) => setTimeout(r, 50));
    expect(second.events.map((e) => e.type)).toEqual([X.SUBSCRIBED]);
  });

  it("re-SUBSCRIBE with unacknowledged updates: each is ACKNOWLEDGED, none is forwarded twice", async () => {
    const s = await setup();
    const first = await openStream(s);
    await first.next((e) => e.type === X.LAUNCH);
    const running = update(s, "t1", v1.TaskState.TASK_RUNNING);
    await executorCall(s.endpoint, running);
    await first.next((e) => e.type === X.ACKNOWLEDGED);
    const second = new RawExecutorStream(s.endpoint, "application/json");
    opened.streams.push(second);
    await second.open(subscribe(s, { unacknowledged_updates: [running.update as executor.Call_Update] }));
    const ack = await second.next((e) => e.type === X.ACKNOWLEDGED);
    expect(Buffer.from(ack.acknowledged?.uuid ?? []).equals(running.update?.status?.uuid as Buffer)).toBe(
      true,
    );
    await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.sub.events.filter((e) => e.type === E.UPDATE)).toHaveLength(1);
  });

  it("executor exits with a task running: FAILURE with the raw wait status, then TASK_FAILED from the agent", async () => {
    const s = await setup();
    const stream = await openStream(s);
    await stream.next((e) => e.type === X.LAUNCH);
    const running = update(s, "t1", v1.TaskState.TASK_RUNNING);
    await executorCall(s.endpoint, running);
    const seen = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    await acknowledge(s, seen.update?.status as v1.TaskStatus);
    writeFileSync(join(s.sandbox, "exit-now"), "3");
    const failure = await s.sub.next((e) => e.type === E.FAILURE);
    expect(failure.failure).toEqual({
      agent_id: { value: s.agentId },
      executor_id: { value: "ex-1" },
      status: 768,
    });
    const failed = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_FAILED);
    const status = failed.update?.status as v1.TaskStatus;
    expect(s.sub.events.indexOf(failure)).toBeLessThan(s.sub.events.indexOf(failed));
    expect(status.source).toBe(v1.TaskStatus_Source.SOURCE_AGENT);
    expect(status.reason).toBe(v1.TaskStatus_Reason.REASON_EXECUTOR_TERMINATED);
    expect(status.message).toBe("Executor terminated");
    expect(status.executor_id?.value).toBe("ex-1");
    expect(status.uuid).toHaveLength(16);
    expect(status.container_status).toBeUndefined();
    await stream.waitEnded();
    const gone = await executorCall(s.endpoint, subscribe(s));
    expect([gone.status, gone.text]).toEqual([400, "Executor cannot be found"]);
  });

  it("an executor that never subscribes is destroyed after the registration timeout", async () => {
    const s = await setup({ registrationMs: 400 });
    const failure = await s.sub.next((e) => e.type === E.FAILURE);
    expect(failure.failure?.status).toBe(9);
    const failed = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_FAILED);
    expect(failed.update?.status?.reason).toBe(v1.TaskStatus_Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    expect(failed.update?.status?.message).toBe("Executor did not register within 400ms");
    expect(failed.update?.status?.source).toBe(v1.TaskStatus_Source.SOURCE_AGENT);
    expect(s.sub.events.filter((e) => e.type === E.UPDATE)).toHaveLength(1);
  });

  it("teardown: SHUTDOWN on the open stream, no SIGTERM, SIGKILL of the group at the grace period", async () => {
    // This executor ignores SIGTERM and SHUTDOWN alike; it notes every signal it gets.
    const command = `trap 'echo TERM >> signals.txt' TERM; ${EXECUTOR_SCRIPT}`;
    const s = await setup({ grace: 400_000_000n, command });
    const stream = await openStream(s);
    await stream.next((e) => e.type === X.LAUNCH);
    const pidBefore = s.cluster.agents[0]?.executors?.get(s.frameworkId, "ex-1")?.pid as number;
    const start = Date.now();
    await s.sub.call({ framework_id: { value: s.frameworkId }, type: scheduler.Call_Type.TEARDOWN });
    await stream.next((e) => e.type === X.SHUTDOWN);
    expect(stream.ended).toBe(false);
    await stream.waitEnded(5000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(380);
    expect(() => process.kill(pidBefore, 0)).toThrow();
    expect(existsSync(join(s.sandbox, "signals.txt"))).toBe(false);
    expect(s.sub.events.some((e) => e.type === E.FAILURE)).toBe(false);
  });
});

describe("agent restart (--recover=reconnect)", () => {
  const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
    Buffer.from(a ?? []).equals(Buffer.from(b ?? []));

  it("with checkpointing: EOF, refused, 503, re-SUBSCRIBE while UPDATE gets 503, unlisted STAGING task lost, pending updates re-sent", async () => {
    const s = await setup({ checkpoint: true });
    const first = await openStream(s);
    await first.next((e) => e.type === X.LAUNCH);
    const u1 = update(s, "t1", v1.TaskState.TASK_RUNNING);
    await executorCall(s.endpoint, u1);
    await first.next((e) => e.type === X.ACKNOWLEDGED);
    const seen1 = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_RUNNING);
    await s.launch("t2"); // delivered to the executor, never reported: still STAGING
    await first.next((e) => e.type === X.LAUNCH && e.launch?.task?.task_id?.value === "t2");
    const restarting = s.cluster.restartAgent(0, { downMs: 300, recoveryMs: 150, reregistrationMs: 600 });
    await first.waitEnded();
    await expect(executorCall(s.endpoint, u1)).rejects.toThrow(/ECONNREFUSED/);
    const heartbeat = { type: XC.HEARTBEAT, framework_id: { value: "x" }, executor_id: { value: "y" } };
    let recovering = await executorCall(s.endpoint, heartbeat).catch(() => undefined);
    while (recovering?.status !== 503) {
      await new Promise((r) => setTimeout(r, 10));
      recovering = await executorCall(s.endpoint, heartbeat).catch(() => undefined);
    }
    expect(recovering.text).toBe("Agent has not finished recovery");
    // An update produced while the agent was away goes with the re-SUBSCRIBE.
    const u2 = update(s, "t1", v1.TaskState.TASK_RUNNING, { message: "queued while agent was away" });
    const launched = (await first.next((e) => e.type === X.LAUNCH)).launch?.task as v1.TaskInfo;
    let second: RawExecutorStream | undefined;
    while (second?.status !== 200) {
      await new Promise((r) => setTimeout(r, 20));
      second = new RawExecutorStream(s.endpoint, "application/json");
      opened.streams.push(second);
      await second.open(
        subscribe(s, {
          unacknowledged_tasks: [launched],
          unacknowledged_updates: [u2.update as executor.Call_Update],
        }),
      );
    }
    await second.next((e) => e.type === X.SUBSCRIBED);
    const acked = await second.next((e) => e.type === X.ACKNOWLEDGED);
    expect(same(acked.acknowledged?.uuid, u2.update?.status?.uuid)).toBe(true);
    const early = await executorCall(s.endpoint, update(s, "t1", v1.TaskState.TASK_RUNNING));
    expect([early.status, early.text]).toEqual([503, "Agent has not finished recovery"]);
    const from = s.sub.events.length;
    await restarting;
    const lost = await s.sub.next((e) => e.update?.status?.task_id?.value === "t2", 5000, from);
    expect(lost.update?.status).toMatchObject({
      state: v1.TaskState.TASK_LOST,
      source: v1.TaskStatus_Source.SOURCE_AGENT,
      reason: v1.TaskStatus_Reason.REASON_AGENT_RESTARTED,
      message: "Task launched during agent restart",
    });
    // The update the scheduler had not acknowledged comes again, same uuid; then the one made meanwhile.
    const again = await s.sub.next((e) => same(e.update?.status?.uuid, u1.update?.status?.uuid), 5000, from);
    expect(again).toBeDefined();
    await acknowledge(s, seen1.update?.status as v1.TaskStatus);
    const queued = await s.sub.next((e) => same(e.update?.status?.uuid, u2.update?.status?.uuid), 5000, from);
    expect(queued.update?.status?.message).toBe("queued while agent was away");
    expect((await executorCall(s.endpoint, update(s, "t1", v1.TaskState.TASK_RUNNING))).status).toBe(202);
    expect(s.cluster.agents[0]?.executors?.get(s.frameworkId, "ex-1")?.state).toBe("running");
  });

  it("without checkpointing: TASK_LOST/REASON_AGENT_DISCONNECTED at once; re-SUBSCRIBE gets 400 Framework cannot be found", async () => {
    const s = await setup({ checkpoint: false });
    const first = await openStream(s);
    await first.next((e) => e.type === X.LAUNCH);
    const pid = s.cluster.agents[0]?.executors?.get(s.frameworkId, "ex-1")?.pid as number;
    const restarting = s.cluster.restartAgent(0, { downMs: 200, recoveryMs: 50, reregistrationMs: 100 });
    const lost = await s.sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_LOST);
    expect(lost.update?.status).toMatchObject({
      source: v1.TaskStatus_Source.SOURCE_MASTER,
      reason: v1.TaskStatus_Reason.REASON_AGENT_DISCONNECTED,
      message: "Agent 127.0.0.1 disconnected",
      executor_id: { value: "ex-1" },
    });
    expect(lost.update?.status?.uuid).toBeUndefined();
    await restarting;
    const again = await executorCall(s.endpoint, subscribe(s));
    expect([again.status, again.text]).toEqual([400, "Framework cannot be found"]);
    // The posix launcher leaves the executor running; it must exit by itself.
    expect(() => process.kill(pid, 0)).not.toThrow();
  });
});

describe('scripted custom executors (customExecutors: "scripted")', () => {
  it("stay available: no process, labelled as simulated", async () => {
    const cluster = await startCluster({ allocationIntervalMs: 50, customExecutors: "scripted" });
    opened.cluster = cluster;
    expect(cluster.agents[0]?.executors).toBeUndefined();
    const sub = new RawSubscription(cluster.masterUrls[0] as string, "application/json");
    opened.sub = sub;
    await sub.open(subscribeCall());
    await sub.next((e) => e.type === E.SUBSCRIBED);
    const offer = (await sub.next((e) => e.type === E.OFFERS)).offers?.offers?.[0] as v1.Offer;
    await acceptLaunch(sub, offer, {
      name: "s",
      task_id: { value: "s1" },
      agent_id: offer.agent_id,
      resources: [],
      executor: { executor_id: { value: "ex-s" }, command: { value: "exit 7" } },
    });
    const starting = await sub.next((e) => e.update?.status?.state === v1.TaskState.TASK_STARTING);
    expect(starting.update?.status?.labels?.labels?.[0]).toEqual({
      key: "mesos-ts.simulated",
      value: "mesos-ts testkit: custom executor simulated, not run",
    });
  });
});
