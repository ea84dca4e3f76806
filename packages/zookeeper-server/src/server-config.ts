/** Settings shared by every way of running the server. */
export interface ServerSettings {
  readonly port: number;
  readonly dataDir: string;
  /** Host address the server binds to. */
  readonly clientPortAddress: string;
  readonly tickTime: number;
  readonly minSessionTimeout: number;
  readonly maxSessionTimeout: number;
}

/** A standalone `zoo.cfg`: admin server off, four-letter words on, fast unsynced writes. */
export function zooCfg(s: ServerSettings): string {
  return [
    `tickTime=${s.tickTime}`,
    `dataDir=${s.dataDir}`,
    `clientPort=${s.port}`,
    `clientPortAddress=${s.clientPortAddress}`,
    `minSessionTimeout=${s.minSessionTimeout}`,
    `maxSessionTimeout=${s.maxSessionTimeout}`,
    "maxClientCnxns=0",
    "admin.enableServer=false",
    "4lw.commands.whitelist=ruok,srvr,stat,mntr,cons,conf",
    "forceSync=no",
    "autopurge.purgeInterval=0",
    "",
  ].join("\n");
}
