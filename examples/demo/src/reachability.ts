import { MastersRefusedError, parseMasterUrl, StaticDetector } from "@mesos-ts/discovery";

/**
 * Before subscribing to a `host:port` master list: one probe of each master (discovery's static
 * detector). Resolves with the error when every master refused the connection, which is known at
 * once; anything else (a slow master, no leader yet, a zk:// URL) is left to the scheduler client.
 */
export async function refusedMasters(
  master: string,
  signal: AbortSignal,
): Promise<MastersRefusedError | undefined> {
  let parsed: ReturnType<typeof parseMasterUrl>;
  try {
    parsed = parseMasterUrl(master);
  } catch {
    return undefined; // the scheduler client reports a URL it cannot use
  }
  if (parsed.kind !== "static") return undefined;
  const detector = new StaticDetector(parsed.masters, { interval: 0, signal });
  try {
    const first = await detector.changes({ signal }).next();
    const reason = first.done ? undefined : first.value.reason;
    return reason instanceof MastersRefusedError ? reason : undefined;
  } finally {
    await detector.close();
  }
}
