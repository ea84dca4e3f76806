import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { containerRuntimeProblem } from "./container-server.js";
import { ZooKeeperNotFoundError } from "./errors.js";
import { DEBIAN_ZOOKEEPER_JAR, findJavaInstall } from "./java-install.js";

export interface FindZooKeeperOptions {
  /** When root on Debian and nothing else is found: `apt-get install -y zookeeper`. Default false. */
  readonly install?: boolean;
  /** Where progress lines go (default: stdout). */
  readonly log?: (line: string) => void;
  /** Environment to read `ZK_CONNECT` and `ZOOKEEPER_HOME` from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Which ZooKeeper a test run will use. */
export interface ZooKeeperSource {
  readonly kind: "external" | "container" | "zookeeper-home" | "debian";
  /** One line: what and why, e.g. `no Docker engine (…); using Debian's /usr/share/java/zookeeper.jar`. */
  readonly detail: string;
  /** For `external`: the `ZK_CONNECT` value. */
  readonly connectString?: string;
}

/**
 * Decides where tests get ZooKeeper from: `ZK_CONNECT` (an existing server), a Docker engine
 * (testcontainers), a local install (`ZOOKEEPER_HOME`, Debian's jar), or, as root on Debian with
 * `install: true`, installs Debian's package. Throws ZooKeeperNotFoundError with a one-line
 * instruction otherwise.
 */
export async function findZooKeeper(options: FindZooKeeperOptions = {}): Promise<ZooKeeperSource> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const external = env.ZK_CONNECT?.trim();
  if (external) return { kind: "external", detail: `using ZK_CONNECT=${external}`, connectString: external };
  const problem = await containerRuntimeProblem();
  if (problem === undefined)
    return { kind: "container", detail: "using a Docker container (testcontainers)" };
  const why = `no Docker engine (${problem})`;
  let install = findJavaInstall(env.ZOOKEEPER_HOME);
  if (!install && options.install && canAptInstall()) {
    log("zookeeper: installing Debian's zookeeper package (apt-get install -y zookeeper)");
    const r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "zookeeper"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (r.status !== 0) {
      spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
      spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "zookeeper"], {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
      });
    }
    install = findJavaInstall(env.ZOOKEEPER_HOME);
  }
  if (install) {
    if (!hasJava()) {
      throw new ZooKeeperNotFoundError(`found ${install.detail} but no java on PATH: install a JRE (>= 11)`);
    }
    return { kind: install.kind, detail: `${why}; using ${install.detail}` };
  }
  throw new ZooKeeperNotFoundError(
    `no ZooKeeper for the tests: ${why} and no local install; run \`sudo apt-get install -y zookeeper\`, ` +
      "set ZOOKEEPER_HOME, start Docker, or set ZK_CONNECT=host:port",
  );
}

function canAptInstall(): boolean {
  return process.getuid?.() === 0 && existsSync("/etc/debian_version") && !existsSync(DEBIAN_ZOOKEEPER_JAR);
}

function hasJava(): boolean {
  const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : "java";
  return spawnSync(java, ["-version"], { stdio: "ignore" }).status === 0;
}
