import { startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import type { LeaderChange, LeaderDetector } from "../../src/index.js";

let counter = 0;
/** A fresh group path per test, so tests never see each other's nodes. */
export function uniquePath(): string {
  return `/mesos-${process.pid}-${Date.now().toString(36)}-${++counter}/sub`;
}

/** A private server with a 250 ms tick: sessions of 500 ms - 5 s. */
export function server(): Promise<ZooKeeperServer> {
  return startZooKeeper({ tickTime: 250 });
}

/** Next change from an iterator, failing after `ms`. */
export async function next(it: AsyncIterator<LeaderChange>, ms = 15_000): Promise<LeaderChange> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no change within ${ms} ms`)), ms);
  });
  try {
    const r = await Promise.race([it.next(), timeout]);
    if (r.done) throw new Error("iterator ended");
    return r.value;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a change satisfying `pred`, skipping others. */
export async function until(
  it: AsyncIterator<LeaderChange>,
  pred: (c: LeaderChange) => boolean,
  ms = 15_000,
): Promise<LeaderChange> {
  const deadline = Date.now() + ms;
  for (;;) {
    const c = await next(it, Math.max(1, deadline - Date.now()));
    if (pred(c)) return c;
  }
}

export type { LeaderDetector };
