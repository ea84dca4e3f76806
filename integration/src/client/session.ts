/**
 * A framework as a user would write it with @mesos-ts/scheduler, plus a recorder of every event
 * it saw so scenarios can wait for, and assert on, what came over the wire.
 */
import { userInfo } from "node:os";
import type { v1 } from "@mesos-ts/proto";
import { createScheduler, type SchedulerClient, type SchedulerEvent } from "@mesos-ts/scheduler";
import type { Cluster } from "../cluster/cluster.js";
import type { ContentType } from "../report/row.js";

export interface SessionOptions {
  readonly cluster: Cluster;
  readonly contentType: ContentType;
  /** Framework name; the suite prefixes it. */
  readonly name: string;
  readonly signal: AbortSignal;
  /** Re-subscribe as this framework (failover). */
  readonly frameworkId?: string;
  /** Seconds (default 120): long enough to survive a failover scenario, short enough to clean up. */
  readonly failoverTimeout?: number;
  /** Default false: scenarios acknowledge explicitly, so the wire shows it. */
  readonly autoAcknowledge?: boolean;
  readonly capabilities?: v1.FrameworkInfo_Capability[];
}

export type Predicate = (e: SchedulerEvent) => boolean;

export class Session {
  readonly seen: SchedulerEvent[] = [];
  readonly #waiters = new Set<() => void>();
  #ended: Error | undefined;
  #endedFlag = false;
  readonly #pump: Promise<void>;

  private constructor(
    readonly client: SchedulerClient,
    readonly options: SessionOptions,
  ) {
    this.#pump = this.#run();
  }

  static async open(options: SessionOptions): Promise<Session> {
    const framework: v1.FrameworkInfo = {
      user: userInfo().username,
      name: `mesos-ts-conformance ${options.name} (${options.contentType})`,
      failover_timeout: options.failoverTimeout ?? 120,
      ...(options.frameworkId ? { id: { value: options.frameworkId } } : {}),
      ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    };
    const client = createScheduler({
      master: options.cluster.masterUrl,
      framework,
      contentType: options.contentType,
      signal: options.signal,
      autoAcknowledge: options.autoAcknowledge ?? false,
      leaderChangeDelayMaxMs: 100,
      backoff: { initialMs: 100, maxMs: 1_000 },
      ...(process.env.MESOS_TS_DEBUG ? { logger: debugLogger(options.name) } : {}),
    });
    const session = new Session(client, options);
    if (process.env.MESOS_TS_DEBUG) {
      client.onStateChange((c) =>
        console.error(
          `[${options.name}] state ${c.previous} → ${c.state}${c.error ? `: ${c.error.message}` : ""}`,
        ),
      );
    }
    try {
      await session.waitFor((e) => e.type === "SUBSCRIBED", 30_000, "SUBSCRIBED");
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  get frameworkId(): string {
    const id = this.client.frameworkId;
    if (id === undefined) throw new Error("not subscribed yet");
    return id;
  }

  /** Index of the next event: pass it as `from` to wait only for events after now. */
  mark(): number {
    return this.seen.length;
  }

  /** The first event at index ≥ `from` matching `pred`; rejects after `timeoutMs`. */
  async waitFor(pred: Predicate, timeoutMs: number, what: string, from = 0): Promise<SchedulerEvent> {
    const deadline = Date.now() + timeoutMs;
    let i = from;
    for (;;) {
      for (; i < this.seen.length; i++) {
        const e = this.seen[i]!;
        if (pred(e)) return e;
      }
      if (this.#endedFlag) {
        throw new Error(`event stream ended before ${what}${this.#ended ? `: ${this.#ended.message}` : ""}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms (saw: ${this.#summary(from)})`);
      await this.#next(left);
    }
  }

  /** Asserts that no event matching `pred` arrives (from `from`) during `ms`. */
  async expectNone(pred: Predicate, ms: number, what: string, from = this.mark()): Promise<void> {
    try {
      const e = await this.waitFor(pred, ms, what, from);
      throw new UnexpectedEventError(`unexpected ${what}: ${e.type}`);
    } catch (e) {
      if (e instanceof UnexpectedEventError) throw e;
      if (this.#endedFlag) throw e;
    }
  }

  /** The next OFFERS event's offers (from `from`). */
  async offers(timeoutMs = 20_000, from = 0): Promise<v1.Offer[]> {
    const e = await this.waitFor(
      (x) => x.type === "OFFERS" && x.offers.length > 0,
      timeoutMs,
      "OFFERS",
      from,
    );
    return e.type === "OFFERS" ? e.offers : [];
  }

  /** The UPDATE for `taskId` in `state` (from `from`). */
  async update(taskId: string, state: v1.TaskState, timeoutMs: number, from = 0): Promise<v1.TaskStatus> {
    const e = await this.waitFor(
      (x) => x.type === "UPDATE" && x.status.task_id?.value === taskId && x.status.state === state,
      timeoutMs,
      `UPDATE ${taskId} state ${state}`,
      from,
    );
    if (e.type !== "UPDATE") throw new Error("unreachable");
    return e.status;
  }

  /** Declines every offer it was given from `from` on (so other sessions get them). */
  async declineAll(from = 0, refuseSeconds = 0): Promise<void> {
    const ids = this.seen
      .slice(from)
      .flatMap((e) => (e.type === "OFFERS" ? e.offers : []))
      .flatMap((o) => (o.id?.value ? [o.id.value] : []));
    if (ids.length > 0) await this.client.decline({ offerIds: ids, filters: refuseSeconds });
  }

  /** Ends the framework (TEARDOWN) and closes, best effort. */
  async teardown(): Promise<void> {
    try {
      if (this.client.state === "subscribed")
        await this.client.teardown({ signal: AbortSignal.timeout(10_000) });
    } catch {
      // the scenario's outcome is already decided; cleanup must not hide it
    }
    await this.close();
  }

  /** Closes the client without TEARDOWN: the framework stays registered until its failover timeout. */
  async close(): Promise<void> {
    await this.client.close();
    await this.#pump.catch(() => {});
  }

  async #run(): Promise<void> {
    try {
      for await (const e of this.client.events()) {
        this.seen.push(e);
        this.#wake();
      }
    } catch (e) {
      this.#ended = e instanceof Error ? e : new Error(String(e));
    } finally {
      this.#endedFlag = true;
      this.#wake();
    }
  }

  #wake(): void {
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }

  #next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const w = done;
      this.#waiters.add(w);
      function done() {
        clearTimeout(t);
        resolve();
      }
    });
  }

  #summary(from: number): string {
    const types = this.seen.slice(from).map((e) => e.type);
    return types.length === 0 ? "nothing" : types.slice(-12).join(",");
  }
}

class UnexpectedEventError extends Error {}

/** MESOS_TS_DEBUG=1: the scheduler client's log on stderr. */
function debugLogger(name: string) {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    console.error(
      `[${name}] ${level} ${message}${fields ? ` ${JSON.stringify(fields, (_k, v) => (typeof v === "bigint" ? String(v) : v))}` : ""}`,
    );
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}
