import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where Debian's `zookeeper` package puts the server jar (its manifest Class-Path names the deps). */
export const DEBIAN_ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";

/** A ZooKeeper installation that `java` can run: the classpath and where it came from. */
export interface JavaInstall {
  /** `"zookeeper-home"` (from `ZOOKEEPER_HOME`) or `"debian"` (/usr/share/java/zookeeper.jar). */
  readonly kind: "zookeeper-home" | "debian";
  readonly classpath: string;
  /** Human-readable origin, e.g. `ZOOKEEPER_HOME=/opt/zookeeper`. */
  readonly detail: string;
}

/** Finds a local ZooKeeper: `zookeeperHome` (default `$ZOOKEEPER_HOME`), then Debian's jar. */
export function findJavaInstall(zookeeperHome = process.env.ZOOKEEPER_HOME): JavaInstall | undefined {
  if (zookeeperHome) {
    const jars = [zookeeperHome, join(zookeeperHome, "lib")].flatMap((dir) =>
      existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith(".jar"))
            .map((f) => join(dir, f))
        : [],
    );
    if (jars.some((j) => /zookeeper-[0-9].*\.jar$/.test(j) || j.endsWith("zookeeper.jar"))) {
      return {
        kind: "zookeeper-home",
        classpath: [join(zookeeperHome, "conf"), ...jars].join(":"),
        detail: `ZOOKEEPER_HOME=${zookeeperHome}`,
      };
    }
  }
  if (existsSync(DEBIAN_ZOOKEEPER_JAR)) {
    return { kind: "debian", classpath: DEBIAN_ZOOKEEPER_JAR, detail: `Debian's ${DEBIAN_ZOOKEEPER_JAR}` };
  }
  return undefined;
}

/** The `java` executable: `$JAVA_HOME/bin/java` when set, else `java` from PATH. */
export function javaExecutable(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}
