// A small framework for tests: launches command tasks on the offers it gets, kills them, tears
// down. Built on @mesos-ts/scheduler (a test-only dependency) so that the simulator sees a
// real scheduler, not hand-made calls.

import { v1 } from "@mesos-ts/proto";
import { commandTask, createScheduler, type SchedulerClient, takeResources } from "@mesos-ts/scheduler";

export interface TestFramework {
  readonly client: SchedulerClient;
  id(): string;
  /** SUBSCRIBED events seen (2 after one failover). */
  subscriptions(): number;
  /** Launches one task on the next offer with room; resolves with its agent id. */
  launch(
    taskId: string,
    command: string,
    options?: { agentId?: string; avoidAgent?: string },
  ): Promise<string>;
  kill(taskId: string): Promise<void>;
  /** Resolves when `taskId` reached `state` (a TaskState name). */
  waitFor(taskId: string, state: string, timeoutMs?: number): Promise<v1.TaskStatus>;
  teardown(): Promise<void>;
  close(): Promise<void>;
}

export async function startFramework(master: string, name = "op-test"): Promise<TestFramework> {
  const client = createScheduler({ master, framework: { user: "nobody", name, failover_timeout: 3600 } });
  const offers: v1.Offer[] = [];
  const offerWaiters: Array<() => void> = [];
  let subscriptions = 0;
  const states = new Map<string, v1.TaskStatus>();
  const stateWaiters = new Set<() => void>();
  const loop = (async () => {
    try {
      for await (const event of client.events()) {
        if (event.type === "SUBSCRIBED") {
          subscriptions++;
          offers.length = 0; // offers of a previous leader are gone
        } else if (event.type === "OFFERS") {
          if (offerWaiters.length === 0) {
            // Nobody is launching: give the resources back at once so other frameworks get them.
            const offerIds = event.offers.flatMap((o) => (o.id ? [o.id] : []));
            void client.decline({ offerIds, filters: 0.1 }).catch(() => {});
            continue;
          }
          offers.push(...event.offers);
          for (const w of offerWaiters.splice(0)) w();
        } else if (event.type === "RESCIND") {
          const i = offers.findIndex((o) => o.id?.value === event.offerId?.value);
          if (i >= 0) offers.splice(i, 1);
        } else if (event.type === "UPDATE") {
          states.set(event.status.task_id?.value ?? "", event.status);
          for (const w of stateWaiters) w();
        }
      }
    } catch {
      // closed
    }
  })();
  await client.ready();
  const nextOffer = async (agentId: string | undefined, avoid?: string): Promise<v1.Offer> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const i = offers.findIndex(
        (o) =>
          (agentId === undefined || o.agent_id?.value === agentId) &&
          (avoid === undefined || o.agent_id?.value !== avoid) &&
          takeResources(o.resources ?? [], { cpus: 0.1, mem: 16 }) !== undefined,
      );
      if (i >= 0) {
        offerWaiters.length = 0;
        const taken = offers.splice(i, 1)[0] as v1.Offer;
        const rest = offers.splice(0).flatMap((o) => (o.id ? [o.id] : []));
        if (rest.length > 0) void client.decline({ offerIds: rest, filters: 0.1 }).catch(() => {});
        return taken;
      }
      if (Date.now() > deadline) throw new Error(`no offer within 15 s (${offers.length} offers held)`);
      await new Promise<void>((r) => {
        offerWaiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  return {
    client,
    id: () => client.frameworkId ?? "",
    subscriptions: () => subscriptions,
    async launch(taskId, command, options = {}) {
      const offer = await nextOffer(options.agentId, options.avoidAgent);
      const fit = takeResources(offer.resources ?? [], { cpus: 0.1, mem: 16 });
      const task = commandTask({
        name: taskId,
        taskId,
        agentId: offer.agent_id!,
        resources: fit!.taken,
        command,
      });
      await client.launch({ offerIds: [offer.id!], tasks: [task], filters: 0 }); // the rest is offered again at once
      return offer.agent_id?.value ?? "";
    },
    kill: (taskId) => client.kill({ taskId }),
    waitFor(taskId, state, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const s = states.get(taskId);
          if (s && v1.TaskState[s.state ?? 0] === state) {
            stateWaiters.delete(check);
            clearTimeout(timer);
            resolve(s);
          }
        };
        const timer = setTimeout(() => {
          stateWaiters.delete(check);
          reject(new Error(`task ${taskId} not ${state} within ${timeoutMs} ms`));
        }, timeoutMs);
        stateWaiters.add(check);
        check();
      });
    },
    teardown: () => client.teardown(),
    async close() {
      await client.close();
      await loop;
    },
  };
}
