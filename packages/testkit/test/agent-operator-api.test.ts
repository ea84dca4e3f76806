// The simulated agent's operator API (`POST /api/v1` on the agent) answers as a real 1.12
// agent does: media-type rules with the recorded texts, read-only calls, sandbox files and a
// nested container session running a real process.
import { agent as A, MesosJson, v1 } from "@mesos-ts/proto";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Cluster, startCluster } from "../src/index.js";
import { post } from "./helpers/raw-client.js";

let cluster: Cluster;
let url: string;
beforeAll(async () => {
  cluster = await startCluster({ agents: 1 });
  url = `http://127.0.0.1:${cluster.agents[0]?.port}/api/v1`;
});
afterAll(() => cluster.close());

const json = (call: A.Call) => MesosJson.stringify(A.Call, call);
const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

it("applies the media-type rules with a real agent's texts", async () => {
  const state = json({ type: A.Call_Type.GET_STATE });
  const cases: Array<[Record<string, string>, number, string]> = [
    [
      { "Content-Type": "application/json", Accept: "application/recordio" },
      406,
      "Streaming response is not supported for GET_STATE call",
    ],
    [
      { ...JSON_HEADERS, "Message-Accept": "application/json" },
      406,
      "Expecting 'Message-Accept' to be not set for non-streaming responses",
    ],
    [
      { ...JSON_HEADERS, "Message-Content-Type": "application/json" },
      415,
      "Expecting 'Message-Content-Type' to be not set for non-streaming requests",
    ],
    [
      { "Content-Type": "application/recordio", Accept: "application/json" },
      400,
      "Expecting 'Message-Content-Type' to be set for streaming requests",
    ],
    [
      { "Content-Type": "application/json", Accept: "text/plain" },
      406,
      "Expecting 'Accept' to allow application/json or application/x-protobuf or application/recordio",
    ],
    [
      { "Content-Type": "application/json; charset=utf-8" },
      415,
      "Expecting 'Content-Type' of application/json or application/x-protobuf or application/recordio",
    ],
    [{}, 400, "Expecting 'Content-Type' to be present"],
  ];
  for (const [headers, status, text] of cases) {
    const r = await post(url, state, headers);
    expect([r.status, r.text]).toEqual([status, text]);
  }
  const unknown = await post(url, json({ type: A.Call_Type.UNKNOWN }), JSON_HEADERS);
  expect([unknown.status, unknown.text]).toEqual([501, "501 Not Implemented."]);
  const get = await post(url, "", {}, "GET");
  expect([get.status, get.headers.allow]).toEqual([405, "POST"]);
  const input = await post(
    url,
    json({ type: A.Call_Type.ATTACH_CONTAINER_INPUT, attach_container_input: {} }),
    JSON_HEADERS,
  );
  expect([input.status, input.text]).toEqual([
    415,
    "Expecting 'Content-Type' to be application/recordio for ATTACH_CONTAINER_INPUT call",
  ]);
  const both = await post(url, json({ type: A.Call_Type.GET_HEALTH }), {
    "Content-Type": "application/json",
    Accept: "application/x-protobuf, application/json",
  });
  expect([both.status, both.headers["content-type"], both.text]).toEqual([
    200,
    "application/json",
    '{"type":"GET_HEALTH","get_health":{"healthy":true}}',
  ]);
  const aliased = await post(
    url.replace("/api/v1", "/slave(1)/api/v1"),
    json({ type: A.Call_Type.GET_HEALTH }),
    JSON_HEADERS,
  );
  expect(aliased.status).toBe(200); // the agent's process id prefix, as Mesos routes it
  const pb = await post(url, A.Call.encode({ type: A.Call_Type.GET_HEALTH }).finish(), {
    "Content-Type": "application/x-protobuf",
    Accept: "application/x-protobuf",
  });
  expect(Buffer.from(pb.text, "latin1").toString("hex")).toBe("080112020801");
});

it("serves a task's sandbox and runs a nested session in its container", async () => {
  const agent = cluster.agents[0]!;
  agent.launch("F-direct", [
    {
      name: "t",
      task_id: { value: "t1" },
      agent_id: { value: agent.id },
      resources: [],
      command: { value: "echo out; sleep 30" },
    },
  ]);
  const deadline = Date.now() + 5000;
  while (agent.tasks.get("F-direct/t1")?.state !== v1.TaskState.TASK_RUNNING && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const read = await post(
    url,
    json({
      type: A.Call_Type.READ_FILE,
      read_file: { path: "/frameworks/F-direct/executors/t1/runs/latest/stdout", offset: 0n },
    }),
    JSON_HEADERS,
  );
  expect(read.text).toBe('{"type":"READ_FILE","read_file":{"size":4,"data":"b3V0Cg=="}}');
  const dir = await post(
    url,
    json({
      type: A.Call_Type.READ_FILE,
      read_file: { path: "/frameworks/F-direct/executors/t1/runs/latest", offset: 0n },
    }),
    JSON_HEADERS,
  );
  expect([dir.status, dir.text]).toEqual([400, "Cannot read a directory.\n"]);
  const missing = await post(
    url,
    json({
      type: A.Call_Type.LIST_FILES,
      list_files: { path: "/frameworks/F-direct/executors/zz/runs/latest" },
    }),
    JSON_HEADERS,
  );
  expect([missing.status, missing.text, missing.headers["content-length"]]).toEqual([404, "", "0"]);

  const containerId = agent.tasks.get("F-direct/t1")!.containerId;
  const launch = (parent: string) =>
    post(
      url,
      json({
        type: A.Call_Type.LAUNCH_NESTED_CONTAINER_SESSION,
        launch_nested_container_session: {
          container_id: { value: `s-${parent}`, parent: { value: parent } },
          command: { shell: true, value: "echo nested; exit 3" },
        },
      }),
      {
        "Content-Type": "application/json",
        Accept: "application/recordio",
        "Message-Accept": "application/json",
      },
    );
  const bad = await launch("nope");
  expect([bad.status, bad.text]).toEqual([400, "Parent container nope does not exist"]);
  const session = await launch(containerId);
  expect(session.headers["content-type"]).toBe("application/recordio");
  expect(session.headers["message-content-type"]).toBe("application/json");
  const decoder = new RecordIODecoder();
  const records = decoder.push(Buffer.from(session.text)).map((r) => Buffer.from(r).toString());
  expect(records).toEqual(['{"type":"DATA","data":{"type":"STDOUT","data":"bmVzdGVkCg=="}}']);
  const wait = await post(
    url,
    json({
      type: A.Call_Type.WAIT_NESTED_CONTAINER,
      wait_nested_container: { container_id: { value: `s-${containerId}`, parent: { value: containerId } } },
    }),
    JSON_HEADERS,
  );
  expect(wait.text).toBe('{"type":"WAIT_NESTED_CONTAINER","wait_nested_container":{"exit_status":768}}');
  const attach = await post(
    url,
    json({
      type: A.Call_Type.ATTACH_CONTAINER_OUTPUT,
      attach_container_output: { container_id: { value: containerId } },
    }),
    { "Content-Type": "application/json", Accept: "application/recordio" },
  );
  expect([attach.status, attach.text]).toEqual([
    500,
    "I/O switchboard server was disabled for this container",
  ]);
});

it("ATTACH_CONTAINER_INPUT: unknown container 404, a zero-length record 400, as a real agent", async () => {
  const headers = {
    "Content-Type": "application/recordio",
    "Message-Content-Type": "application/json",
    Accept: "application/json",
  };
  const header = json({
    type: A.Call_Type.ATTACH_CONTAINER_INPUT,
    attach_container_input: {
      type: A.Call_AttachContainerInput_Type.CONTAINER_ID,
      container_id: { value: "nope" },
    },
  });
  const unknown = await post(url, `${Buffer.byteLength(header)}\n${header}`, headers);
  expect([unknown.status, unknown.text]).toEqual([404, "Container nope cannot be found"]);
  const empty = await post(url, "0\n", headers);
  expect([empty.status, empty.text]).toEqual([
    400,
    "Failed to parse body into JSON: syntax error at line 1 near: ",
  ]);
  const wrong = json({ type: A.Call_Type.GET_STATE });
  const notInput = await post(url, `${Buffer.byteLength(wrong)}\n${wrong}`, headers);
  expect([notInput.status, notInput.text]).toEqual([
    415,
    "Streaming 'Content-Type' application/recordio is not supported for GET_STATE call",
  ]);
});
