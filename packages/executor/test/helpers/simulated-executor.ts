// A custom executor launched by a simulated agent whose process only records its environment
// and waits: the test itself then plays the executor in-process, with the client under test.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { v1 } from "@mesos-ts/proto";
import {
  createScheduler,
  type SchedulerClient,
  type SchedulerEvent,
  takeResources,
} from "@mesos-ts/scheduler";
import { type Cluster, startCluster } from "@mesos-ts/testkit";
import { type ExecutorEnvironment, readExecutorEnvironment } from "../../src/index.js";

export const PLACEHOLDER = "env > executor-env.txt; exec sleep 600";

export interface Simulated {
  readonly cluster: Cluster;
  readonly scheduler: SchedulerClient;
  readonly updates: v1.TaskStatus[];
  readonly events: SchedulerEvent[];
  readonly environment: ExecutorEnvironment;
  readonly agentId: string;
  close(): Promise<void>;
}

export interface SimulatedOptions {
  readonly executor?: Partial<v1.ExecutorInfo>;
  readonly task?: Partial<v1.TaskInfo>;
  readonly framework?: Partial<v1.FrameworkInfo>;
}

/** A cluster, a scheduler (auto-acknowledging) and one task launched on a CUSTOM executor. */
export async function simulatedExecutor(options: SimulatedOptions = {}): Promise<Simulated> {
  const cluster = await startCluster({ allocationIntervalMs: 50 });
  const scheduler = createScheduler({
    master: cluster.masterUrls[0] as string,
    framework: { user: "u", name: "executor-tests", failover_timeout: 60, ...options.framework },
  });
  const updates: v1.TaskStatus[] = [];
  const events: SchedulerEvent[] = [];
  let agentId = "";
  let launched = false;
  const loop = (async () => {
    for await (const event of scheduler.events()) {
      events.push(event);
      if (event.type === "UPDATE") updates.push(event.status);
      if (event.type !== "OFFERS" || launched) continue;
      const offer = event.offers[0] as v1.Offer;
      const fit = takeResources(offer.resources ?? [], { cpus: 0.1, mem: 32 });
      agentId = offer.agent_id?.value ?? "";
      launched = true;
      await scheduler.launch({
        offerIds: [offer.id as v1.OfferID],
        tasks: [
          {
            name: "t1",
            task_id: { value: "t1" },
            agent_id: offer.agent_id,
            resources: fit?.taken ?? [],
            executor: {
              type: v1.ExecutorInfo_Type.CUSTOM,
              executor_id: { value: "ex-1" },
              command: { value: PLACEHOLDER },
              ...options.executor,
            },
            ...options.task,
          },
        ],
      });
    }
  })().catch(() => undefined);
  const deadline = Date.now() + 10_000;
  let file = "";
  for (;;) {
    const fw = cluster.frameworks()[0]?.id;
    const sandbox = fw ? cluster.agents[0]?.sandboxOf(fw, "t1") : undefined;
    file = sandbox ? join(sandbox, "executor-env.txt") : "";
    if (file && existsSync(file) && readFileSync(file, "utf8").includes("MESOS_SLAVE_PID")) break;
    if (Date.now() > deadline) throw new Error("the executor process did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  const env = Object.fromEntries(
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return {
    cluster,
    scheduler,
    updates,
    events,
    environment: readExecutorEnvironment(env),
    agentId,
    async close() {
      await scheduler.close();
      await loop;
      await cluster.close();
    },
  };
}

export async function until<T>(get: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
