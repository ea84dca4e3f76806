import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpStatusError, MasterClient, NetworkError } from "../src/index.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ masters: 2, agents: 2, taskMode: "scripted", heartbeatIntervalMs: 200 });
});
afterAll(() => cluster.close());

describe.each(["json", "protobuf"] as const)("master calls in %s", (contentType) => {
  it("answers typed GET_* payloads from the leader", async () => {
    const client = new MasterClient({ master: cluster.masterUrls[0] as string, contentType });
    try {
      expect(await client.getHealth()).toEqual(expect.objectContaining({ healthy: true }));
      const master = await client.getMaster();
      expect(master.master_info?.id).toBe(cluster.masters[0]?.info.id);
      expect((await client.getVersion()).version_info?.version).toMatch(/^1\./);
      const agents = await client.call("GET_AGENTS");
      expect(agents.agents?.map((a) => a.agent_info?.id?.value).sort()).toEqual(
        cluster.agents.map((a) => a.id).sort(),
      );
      const state = await client.getState();
      expect(state.get_agents?.agents).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it("follows the 307 of a follower to the leader and remembers it", async () => {
    const follower = cluster.masterUrls[1] as string;
    const leader = cluster.masterUrls[0] as string;
    const client = new MasterClient({ master: follower, contentType });
    try {
      expect(await client.leaderUrl()).toBe(follower);
      expect((await client.getHealth()).healthy).toBe(true);
      expect(await client.leaderUrl()).toBe(leader);
    } finally {
      await client.close();
    }
  });
});

it("tries the next master of a list when one does not answer", async () => {
  const dead = "127.0.0.1:1"; // nothing listens on port 1
  const client = new MasterClient({ master: `${dead},${cluster.masterUrls[0]?.slice(7)}` });
  try {
    expect((await client.getHealth()).healthy).toBe(true);
  } finally {
    await client.close();
  }
});

it("a master nobody answers at is a NetworkError, with no path or credentials in it", async () => {
  const client = new MasterClient({
    master: "http://127.0.0.1:1",
    credentials: { principal: "ops", secret: "s3cret" },
  });
  const error = await client.getHealth().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).code).toBe("MESOS_TRANSPORT_NETWORK");
  expect(String((error as Error).message)).not.toContain("s3cret");
  await client.close();
});

it("TEARDOWN of an unknown framework is a typed 400", async () => {
  const client = new MasterClient({ master: cluster.masterUrls[0] as string, contentType: "json" });
  const error = await client.teardown("no-such-framework").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpStatusError);
  expect((error as HttpStatusError).status).toBe(400);
  expect((error as HttpStatusError).callType).toBe("TEARDOWN");
  await client.close();
});

it("an agent id the master does not know is an UnknownAgentError", async () => {
  const client = new MasterClient({ master: cluster.masterUrls[0] as string });
  const error = await client.agent("no-such-agent").catch((e: unknown) => e);
  expect((error as { code?: string }).code).toBe("MESOS_OPERATOR_UNKNOWN_AGENT");
  await client.close();
});
