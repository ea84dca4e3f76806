// watchCluster(): a live mirror of the cluster from the operator event stream. Re-seeded by
// every SUBSCRIBED (each resubscription starts with the whole state), so it never drifts
// across a leader change.
import { ClosedError, InvalidArgumentError, type MesosClientError } from "@mesos-ts/transport";
import type { SubscribeOptions } from "../events/event-stream.js";
import type { MasterClient } from "../master/master-client.js";
import {
  type Agent,
  ClusterView,
  type Executor,
  type Framework,
  type Task,
  type ViewChange,
} from "./cluster-view.js";

export interface WatchClusterOptions extends Omit<SubscribeOptions, "resubscribe" | "onDisconnect"> {
  /** Listeners allowed at once (default 64): a bound, not a suggestion. */
  readonly maxListeners?: number;
}

export interface ClusterMirror {
  readonly frameworks: ReadonlyMap<string, Framework>;
  readonly agents: ReadonlyMap<string, Agent>;
  /** Live tasks keyed `frameworkId/taskId` (terminal ones leave). */
  readonly tasks: ReadonlyMap<string, Task>;
  /** Executors from the snapshot (the event stream has no executor events), keyed `frameworkId/executorId`. */
  readonly executors: ReadonlyMap<string, Executor>;
  /** Resolves at the first SUBSCRIBED; rejects if the stream fails for good first. */
  readonly ready: Promise<void>;
  /** Seeded at least once and connected now. */
  readonly connected: boolean;
  /** SUBSCRIBED snapshots applied so far (1 + resubscriptions). */
  readonly generation: number;
  /** Calls `listener` with each batch of changes (one event's worth); returns an unsubscribe. */
  onChange(listener: (changes: readonly ViewChange[]) => void): () => void;
  /** Stops the stream; the maps keep their last content. */
  close(): Promise<void>;
}

export function watchCluster(client: MasterClient, options: WatchClusterOptions = {}): ClusterMirror {
  const view = new ClusterView();
  const listeners = new Set<(changes: readonly ViewChange[]) => void>();
  const maxListeners = options.maxListeners ?? 64;
  const stop = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => stop.abort(outer?.reason);
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  let connected = false;
  let generation = 0;
  let markReady!: () => void;
  let failReady!: (e: unknown) => void;
  const ready = new Promise<void>((ok, fail) => {
    markReady = ok;
    failReady = fail;
  });
  ready.catch(() => {}); // observed through `ready` by whoever cares

  const notify = (changes: readonly ViewChange[]) => {
    if (changes.length === 0) return;
    for (const l of listeners) {
      try {
        l(changes);
      } catch {
        // a listener's bug must not stop the mirror
      }
    }
  };

  const loop = (async () => {
    try {
      for await (const event of client.subscribe({
        ...options,
        signal: stop.signal,
        onDisconnect: (_: MesosClientError) => {
          connected = false;
        },
      })) {
        const changes = view.apply(event);
        if (event.type === "SUBSCRIBED") {
          generation++;
          connected = true;
          markReady();
        }
        notify(changes);
      }
    } catch (error) {
      failReady(error);
    } finally {
      failReady(new ClosedError("the mirror is closed")); // no effect once ready
      connected = false;
      outer?.removeEventListener("abort", onOuterAbort);
    }
  })();

  return {
    frameworks: view.frameworks,
    agents: view.agents,
    tasks: view.tasks,
    executors: view.executors,
    ready,
    get connected() {
      return connected;
    },
    get generation() {
      return generation;
    },
    onChange(listener) {
      if (listeners.size >= maxListeners)
        throw new InvalidArgumentError(`more than ${maxListeners} listeners`);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stop.abort();
      await loop;
    },
  };
}
