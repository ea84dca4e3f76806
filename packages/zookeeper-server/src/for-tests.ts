import { type StartZooKeeperOptions, startZooKeeper, type ZooKeeperServer } from "./start-zookeeper.js";

/** What a test gets: a private server, or the one named by `ZK_CONNECT` (`external`). */
export interface TestZooKeeper {
  readonly connectString: string;
  /** True for `ZK_CONNECT`: shared, so use a unique chroot path and do not expect `server`. */
  readonly external: boolean;
  /** The private server (kill/restart for fault tests); undefined when external. */
  readonly server: ZooKeeperServer | undefined;
  /** Stops the private server; a no-op for an external one. */
  stop(): Promise<void>;
}

/** For test suites: honours `ZK_CONNECT`, else starts a private server with `options`. */
export async function zookeeperForTests(
  options: StartZooKeeperOptions & { env?: NodeJS.ProcessEnv } = {},
): Promise<TestZooKeeper> {
  const external = (options.env ?? process.env).ZK_CONNECT?.trim();
  if (external) return { connectString: external, external: true, server: undefined, stop: async () => {} };
  const server = await startZooKeeper(options);
  return { connectString: server.connectString, external: false, server, stop: () => server.stop() };
}
