import type { StartedTestContainer } from "testcontainers";
import { ZooKeeperStartError } from "./errors.js";
import { waitForImok } from "./four-letter-word.js";
import { type ServerSettings, zooCfg } from "./server-config.js";

/** The image used when a Docker engine answers. */
export const ZOOKEEPER_IMAGE = "jplock/zookeeper:3.8.4";
const CONTAINER_DATA_DIR = "/tmp/zookeeper";

type Testcontainers = typeof import("testcontainers");

/** testcontainers is optional: `undefined` when it is not installed. */
export async function loadTestcontainers(): Promise<Testcontainers | undefined> {
  try {
    return await import("testcontainers");
  } catch {
    return undefined;
  }
}

/** Resolves with `undefined` when a container engine answers, else with the reason it does not. */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  const tc = await loadTestcontainers();
  if (!tc) return "testcontainers is not installed";
  try {
    await tc.getContainerRuntimeClient();
    return undefined;
  } catch (e) {
    return (e as Error).message.split("\n")[0] ?? "no container runtime";
  }
}

/** ZooKeeper in a container, host port fixed so that a restart keeps it. */
export class ContainerServer {
  #container: StartedTestContainer | undefined;

  constructor(
    readonly settings: ServerSettings,
    readonly startTimeout: number,
  ) {}

  async start(): Promise<void> {
    const tc = await loadTestcontainers();
    if (!tc) throw new ZooKeeperStartError("testcontainers is not installed", "");
    const cfg = zooCfg({
      ...this.settings,
      dataDir: CONTAINER_DATA_DIR,
      port: 2181,
      clientPortAddress: "0.0.0.0",
    });
    this.#container = await new tc.GenericContainer(ZOOKEEPER_IMAGE)
      .withExposedPorts({ container: 2181, host: this.settings.port })
      .withCopyContentToContainer([{ content: cfg, target: "/opt/zookeeper/conf/zoo.cfg" }])
      .withStartupTimeout(this.startTimeout)
      .start();
    await this.#ready();
  }

  async #ready(): Promise<void> {
    if (!(await waitForImok(this.settings.clientPortAddress, this.settings.port, this.startTimeout))) {
      throw new ZooKeeperStartError(
        `ZooKeeper container did not answer ruok on port ${this.settings.port}`,
        "",
      );
    }
  }

  async restart(): Promise<void> {
    await this.#container?.restart();
    await this.#ready();
  }

  async kill(): Promise<void> {
    await this.#container?.stop({ timeout: 0, remove: false });
  }

  async stop(): Promise<void> {
    await this.#container?.stop({ remove: true });
    this.#container = undefined;
  }
}
