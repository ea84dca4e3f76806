/**
 * Runs scenarios × content types on one target and turns every outcome into a row. A failure,
 * a timeout or a cluster that does not start makes that row fail; the others still run.
 */
import type { Cluster, TargetHandle } from "./cluster/cluster.js";
import { describeBuild } from "./report/build.js";
import type { ContentType, ResultRow } from "./report/row.js";
import type { Scenario } from "./scenarios/scenario.js";
import { missingFeature } from "./targets/features.js";

export interface PlannedRow {
  readonly scenario: Scenario;
  readonly contentType: ContentType;
  /** Why it cannot run on this target; `undefined` when it can. */
  readonly notRunnable: string | undefined;
}

export function plan(scenarios: readonly Scenario[], target: Pick<TargetHandle, "features">): PlannedRow[] {
  return scenarios.flatMap((scenario) =>
    scenario.contentTypes.map((contentType) => ({
      scenario,
      contentType,
      notRunnable: missingFeature(target.features, scenario.needs),
    })),
  );
}

/** Starts the shared cluster once, on first use; remembers a failure to start. */
export class ClusterPool {
  #shared: Promise<Cluster> | undefined;
  readonly #fresh = new Set<Cluster>();

  constructor(readonly target: TargetHandle) {}

  shared(): Promise<Cluster> {
    this.#shared ??= this.target.start({ masters: 1 });
    return this.#shared;
  }

  /** The build of the shared cluster (GET_VERSION), if it started. */
  async build(): Promise<string> {
    const shared = this.#shared;
    if (!shared) return "Mesos build: no cluster was started";
    try {
      return await describeBuild(await shared, AbortSignal.timeout(15_000));
    } catch (e) {
      return `Mesos build: the cluster did not start: ${(e as Error).message}`;
    }
  }

  /** A cluster for one scenario only; stopped by `release`. */
  async fresh(masters: 1 | 3): Promise<Cluster> {
    const c = await this.target.start({ masters });
    this.#fresh.add(c);
    return c;
  }

  async release(c: Cluster): Promise<void> {
    if (!this.#fresh.delete(c)) return;
    await c.stop();
  }

  async stopAll(): Promise<void> {
    const all: Promise<unknown>[] = [...this.#fresh].map((c) => c.stop());
    this.#fresh.clear();
    if (this.#shared) all.push(this.#shared.then((c) => c.stop()));
    this.#shared = undefined;
    await Promise.allSettled(all);
  }
}

export async function runRow(pool: ClusterPool, planned: PlannedRow): Promise<ResultRow> {
  const { scenario, contentType } = planned;
  const base = {
    scenario: scenario.name,
    contentType,
    target: pool.target.kind,
    mesosVersion: pool.target.mesosVersion,
  };
  if (planned.notRunnable !== undefined) {
    return { ...base, status: "not-runnable", ms: 0, detail: planned.notRunnable };
  }
  const started = performance.now();
  const notes: string[] = [];
  const controller = new AbortController();
  let cluster: Cluster | undefined;
  const timer = setTimeout(
    () => controller.abort(new Error(`timed out after ${scenario.timeoutMs} ms`)),
    scenario.timeoutMs,
  );
  try {
    const own = (scenario.masters ?? 1) > 1;
    cluster = own ? await pool.fresh(scenario.masters ?? 1) : await pool.shared();
    await raceAbort(
      scenario.run({ cluster, contentType, signal: controller.signal, note: (t) => notes.push(t) }),
      controller.signal,
    );
    return { ...base, status: "pass", ms: elapsed(started), detail: notes.join("; ") };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, status: "fail", ms: elapsed(started), detail: [message, ...notes].join("; ") };
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(new Error("scenario finished"));
    if (cluster) await pool.release(cluster).catch(() => {});
  }
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** Rejects with the abort reason as soon as `signal` aborts, even if `work` never settles. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
