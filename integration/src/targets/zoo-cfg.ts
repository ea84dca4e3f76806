/** A standalone ZooKeeper configuration for a throwaway server. */
export function zooCfgText({ port, dataDir }: { port: number; dataDir: string }): string {
  return [
    "tickTime=2000",
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    "maxClientCnxns=0",
    "admin.enableServer=false",
    "4lw.commands.whitelist=ruok,srvr,stat,mntr",
    "forceSync=no",
    "",
  ].join("\n");
}
