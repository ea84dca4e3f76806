export { ContainerServer, containerRuntimeProblem, ZOOKEEPER_IMAGE } from "./container-server.js";
export { ZooKeeperNotFoundError, ZooKeeperServerError, ZooKeeperStartError } from "./errors.js";
export { type FindZooKeeperOptions, findZooKeeper, type ZooKeeperSource } from "./find-zookeeper.js";
export { type TestZooKeeper, zookeeperForTests } from "./for-tests.js";
export { fourLetterWord, waitForImok } from "./four-letter-word.js";
export { freePort } from "./free-port.js";
export { DEBIAN_ZOOKEEPER_JAR, findJavaInstall, type JavaInstall } from "./java-install.js";
export { type StartZooKeeperOptions, startZooKeeper, type ZooKeeperServer } from "./start-zookeeper.js";
