import { scheduler, v1 } from "@mesos-ts/proto";
import {
  Backoff,
  InsecureRedirectError,
  RedirectChain,
  resolveRedirect,
  statusOutcome,
} from "@mesos-ts/transport";
import { afterEach, describe, expect, it } from "vitest";
import {
  containsResources,
  dockerTask,
  rangesOf,
  rangesResource,
  type SchedulerEvent,
  scalarResource,
  scalarSum,
  subtractResources,
  takeResources,
  toSchedulerEvent,
} from "../src/index.js";
import { EventReader, testClient, WIRES } from "./helpers/client.js";
import { FakeMaster, redirect } from "./helpers/fake-master.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("HTTP outcome table and redirects", () => {
  it("classifies statuses from the table", () => {
    expect(statusOutcome(202)).toMatchObject({ ok: true });
    for (const s of [503, 404, 429]) expect(statusOutcome(s).temporary).toBe(true);
    expect(statusOutcome(403)).toMatchObject({ temporary: false, subscriptionLost: true });
    expect(statusOutcome(418)).toMatchObject({ ok: false, temporary: false });
  });

  it("resolves protocol-relative Locations keeping the scheme and refuses https downgrades", () => {
    const from = new URL("https://m1:5050/api/v1/scheduler");
    expect(resolveRedirect(from, "//m2:5050/master/api/v1/scheduler").href).toBe(
      "https://m2:5050/master/api/v1/scheduler",
    );
    expect(() => resolveRedirect(from, "http://m2:5050/x")).toThrow(InsecureRedirectError);
    expect(() => resolveRedirect(from, undefined)).toThrow(/unusable redirect/);
    const chain = new RedirectChain(new URL("http://a:1/"), 2);
    chain.follow(new URL("http://a:1/"), "//b:1/");
    expect(() => chain.follow(new URL("http://b:1/"), "//a:1/")).toThrow(/redirect loop/);
    const hops = new RedirectChain(new URL("http://a:1/"), 1);
    hops.follow(new URL("http://a:1/"), "//b:1/");
    expect(() => hops.follow(new URL("http://b:1/"), "//c:1/")).toThrow(/too many redirects/);
  });

  it("backs off exponentially with jitter, capped", () => {
    let r = 0;
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => r });
    const lows = [b.next(), b.next(), b.next(), b.next(), b.next()];
    expect(lows).toEqual([50, 100, 200, 400, 500]);
    r = 0.999999;
    expect(b.next()).toBeCloseTo(1000, 0);
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(100);
  });
});

describe("events", () => {
  it("maps an unknown type from a newer master to the 'unknown' member", () => {
    const bytes = Buffer.from([0x08, 0x63]); // type = 99
    const event = toSchedulerEvent(scheduler.Event.decode(bytes), 1);
    expect(event).toMatchObject({ type: "unknown", wireType: 99, generation: 1 });
    const describeType = (e: SchedulerEvent): string => {
      switch (e.type) {
        case "SUBSCRIBED":
        case "OFFERS":
        case "INVERSE_OFFERS":
        case "RESCIND":
        case "RESCIND_INVERSE_OFFER":
        case "UPDATE":
        case "UPDATE_OPERATION_STATUS":
        case "MESSAGE":
        case "FAILURE":
        case "ERROR":
        case "HEARTBEAT":
        case "unknown":
          return e.type;
        default: {
          const never: never = e; // exhaustive: adding a member breaks compilation
          return never;
        }
      }
    };
    // The switch above is checked by the compiler; at run time, a known type goes to its own case.
    expect(describeType(toSchedulerEvent({ type: scheduler.Event_Type.HEARTBEAT }, 1))).toBe("HEARTBEAT");
  });

  it.each(WIRES)("keeps int64 values beyond 2^53 exact end to end (%s)", async (wire) => {
    const m = await FakeMaster.start({ frameworkId: "fw-int64" });
    cleanups.push(() => m.close());
    const client = testClient(m.url, wire);
    cleanups.push(() => client.close());
    const reader = new EventReader(client);
    await reader.next("SUBSCRIBED");
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    m.send({
      type: scheduler.Event_Type.OFFERS,
      offers: {
        offers: [
          {
            id: { value: "o1" },
            framework_id: { value: "fw-int64" },
            agent_id: { value: "a1" },
            hostname: "h",
            resources: [rangesResource("ports", [[big, big + 10n]])],
          },
        ],
      },
    });
    const offers = await reader.next("OFFERS");
    expect(rangesOf(offers.offers[0]!.resources!, "ports")).toEqual([[big, big + 10n]]);
    m.send({ type: 99 as scheduler.Event_Type });
    m.send({ type: scheduler.Event_Type.HEARTBEAT });
    await reader.next("HEARTBEAT");
    expect(reader.seen.some((e) => e.type === "unknown")).toBe(true); // never a crash, in both encodings
    await reader.close();
  });
});

describe("credentials", () => {
  it("sends basic auth to configured masters only and never puts the secret in errors", async () => {
    const other = await FakeMaster.start({ frameworkId: "fw-auth", onCall: () => 401 });
    cleanups.push(() => other.close());
    const configured = await FakeMaster.start({
      onSubscribe: ({ res }) => redirect(res, `//localhost:${other.port}/master/api/v1/scheduler`),
    });
    cleanups.push(() => configured.close());
    const client = testClient(configured.url, "protobuf", {
      credentials: { principal: "fw", secret: "s3cr3t" },
    });
    cleanups.push(() => client.close());
    await client.ready();
    const expected = `Basic ${Buffer.from("fw:s3cr3t").toString("base64")}`;
    expect(configured.subscribes[0]!.headers.authorization).toBe(expected);
    expect(other.subscribes[0]!.headers.authorization).toBeUndefined(); // "localhost" is not configured
    const error = (await client.revive().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({ status: 401 });
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain("s3cr3t");
    expect(JSON.stringify(error)).not.toContain(Buffer.from("fw:s3cr3t").toString("base64"));
  });
});

describe("resources and tasks", () => {
  const offer = [
    scalarResource("cpus", 4),
    scalarResource("mem", 1024),
    scalarResource("cpus", 1, { reservations: [{ type: 2, role: "web" }] }),
    rangesResource("ports", [
      [31000, 31002],
      [31010, 31010],
    ]),
  ];

  it("adds, subtracts and compares without mixing reserved and unreserved", () => {
    expect(scalarSum(offer, "cpus")).toBe(5);
    expect(scalarSum(offer, "cpus", { reserved: true })).toBe(1);
    const left = subtractResources(offer, [
      scalarResource("cpus", 0.3),
      rangesResource("ports", [[31001, 31001]]),
    ]);
    expect(scalarSum(left, "cpus", { reserved: false })).toBe(3.7);
    expect(rangesOf(left, "ports")).toEqual([
      [31000n, 31000n],
      [31002n, 31002n],
      [31010n, 31010n],
    ]);
    expect(containsResources(offer, [scalarResource("cpus", 4.5)])).toBe(false);
    expect(() => subtractResources(offer, [scalarResource("gpus", 1)])).toThrow(/not enough/);
  });

  it("takes a request from an offer, reserved first, with ports", () => {
    const got = takeResources(offer, { cpus: 1.5, mem: 128, ports: 4 })!;
    expect(got.ports).toEqual([31000, 31001, 31002, 31010]);
    expect(scalarSum(got.taken, "cpus", { reserved: true })).toBe(1);
    expect(scalarSum(got.taken, "cpus", { reserved: false })).toBe(0.5);
    expect(scalarSum(got.remaining, "cpus")).toBe(3.5);
    expect(takeResources(offer, { ports: 5 })).toBeUndefined();
  });

  it("builds Docker tasks with port mappings and their host ports", () => {
    const task = dockerTask({
      name: "web",
      taskId: "web-1",
      agentId: "a1",
      image: "nginx:1.27",
      resources: [scalarResource("cpus", 0.5)],
      portMappings: [{ containerPort: 80, hostPort: 31000 }],
    });
    expect(task.container?.type).toBe(v1.ContainerInfo_Type.DOCKER);
    expect(task.container?.docker?.network).toBe(v1.ContainerInfo_DockerInfo_Network.BRIDGE);
    expect(task.container?.docker?.port_mappings).toEqual([
      { host_port: 31000, container_port: 80, protocol: "tcp" },
    ]);
    expect(rangesOf(task.resources!, "ports")).toEqual([[31000n, 31000n]]);
    expect(() =>
      dockerTask({
        name: "x",
        taskId: "x",
        agentId: "a",
        image: "i",
        resources: [],
        network: "HOST",
        portMappings: [{ containerPort: 1, hostPort: 2 }],
      }),
    ).toThrow(/BRIDGE/);
  });
});
