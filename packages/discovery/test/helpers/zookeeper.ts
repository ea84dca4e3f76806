import { rmSync } from "node:fs";
import { join } from "node:path";
import { fourLetterWord, startZooKeeper, type ZooKeeperServer } from "@mesos-ts/zookeeper-server";
import ZooKeeper from "zookeeper";
import type { LeaderChange, LeaderDetector } from "../../src/index.js";
import { close, connect } from "./mesos-master.js";

let counter = 0;
/** A fresh group path per test, so tests never see each other's nodes. */
export function uniquePath(): string {
  return `/mesos-${process.pid}-${Date.now().toString(36)}-${++counter}/sub`;
}

/** A private server with a 250 ms tick: sessions of 500 ms - 5 s. */
export function server(): Promise<ZooKeeperServer> {
  return startZooKeeper({ tickTime: 250 });
}

/** The server's last processed zxid, from `srvr`. */
export async function serverZxid(zk: ZooKeeperServer): Promise<bigint> {
  const m = /^Zxid: (0x[0-9a-f]+)$/im.exec(
    await fourLetterWord(zk.connectString.split(":")[0] ?? "127.0.0.1", zk.port, "srvr"),
  );
  if (!m?.[1]) throw new Error("no Zxid in the srvr answer");
  return BigInt(m[1]);
}

/**
 * Restarts a local server without its data (sessions and znodes), so that every client that
 * reconnects is told its session expired: a real server-side expiry, every time.
 *
 * Wiping alone is not enough: a server refuses (closes the connection, "client must try another
 * server") a client that has seen a later zxid than its own, so the clients would just retry
 * forever. A fresh session (it has seen no zxid, so it is let in) therefore first writes until
 * the new server's zxid has caught up with the old one.
 */
/**
 * A crash that loses the server's data (sessions, znodes and transaction count), restarted on
 * the same port. Clients that have seen a later zxid are refused without ever hearing
 * "session expired": what an ensemble that lost its data does to its old clients.
 */
export async function restartWithDataLost(zk: ZooKeeperServer): Promise<void> {
  if (zk.kind === "container") throw new Error("restartWithDataLost needs a local server (its dataDir)");
  await zk.kill();
  rmSync(join(zk.dataDir, "version-2"), { recursive: true, force: true });
  await zk.restart();
}

export async function restartWithoutSessions(zk: ZooKeeperServer): Promise<void> {
  if (zk.kind === "container") throw new Error("restartWithoutSessions needs a local server (its dataDir)");
  const seen = await serverZxid(zk); // no client can have seen a later one
  await restartWithDataLost(zk);
  const admin = await connect(zk.connectString);
  try {
    const pad = `/zxid-pad-${process.pid}`;
    await admin.create(pad, "", ZooKeeper.constants.ZOO_PERSISTENT);
    for (let zxid = await serverZxid(zk); zxid < seen; zxid = await serverZxid(zk)) {
      // One transaction each, pipelined.
      await Promise.all(
        Array.from({ length: Number(seen - zxid) }, () =>
          admin.create(`${pad}/n`, "", ZooKeeper.constants.ZOO_PERSISTENT_SEQUENTIAL),
        ),
      );
    }
  } finally {
    await close(admin);
  }
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
