import { parseMasterUrl, type ZooKeeperMasterUrl } from "@mesos-ts/discovery";
import { InvalidOptionsError } from "./errors.js";

/**
 * The `zookeeper` option, `zk://[credentials@]servers/path` (`include/mesos/zookeeper/url.hpp`), read by discovery's
 * master-URL parser, the one every package shares (credentials become digest auth). Its
 * messages never echo a password.
 */
export function zookeeperUrl(url: string): ZooKeeperMasterUrl {
  let parsed: ReturnType<typeof parseMasterUrl>;
  try {
    parsed = parseMasterUrl(url);
  } catch (error) {
    throw new InvalidOptionsError(`zookeeper: ${(error as Error).message}`);
  }
  if (parsed.kind !== "zookeeper")
    throw new InvalidOptionsError(`zookeeper: not a zk:// URL: ${parsed.redacted}`);
  return parsed;
}
