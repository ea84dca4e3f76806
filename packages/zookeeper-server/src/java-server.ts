import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ZooKeeperStartError } from "./errors.js";
import { waitForImok } from "./four-letter-word.js";
import { type JavaInstall, javaExecutable } from "./java-install.js";
import { type ServerSettings, zooCfg } from "./server-config.js";

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

const dataDirs = new Set<string>();

/** Registers a data dir to remove if this process exits (or is told to) without `stop()`. */
export function trackDataDir(dir: string, keep: boolean): void {
  if (keep) dataDirs.add(dir);
  else dataDirs.delete(dir);
  installExitHook();
}

function cleanUp(): void {
  for (const child of live) child.kill("SIGKILL");
  // SIGKILL is asynchronous, but a removed directory is all we need: the JVM just dies with it.
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

/**
 * Last resort for a parent that exits without stopping its servers: a normal exit, process.exit,
 * or SIGTERM/SIGINT (which skip "exit" handlers unless someone handles them). The signal
 * handlers only act when nobody else listens, then re-raise so the exit status stays a signal's.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", cleanUp);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const onSignal = () => {
      cleanUp();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/**
 * Kills `pid` when this process dies in any way, even by SIGKILL: a tiny shell that waits for
 * its stdin (a pipe from us) to close. Unref'd so it never keeps the event loop alive.
 */
function spawnWatchdog(pid: number): ChildProcess {
  const dog = spawn("sh", ["-c", `cat >/dev/null; kill -KILL ${pid} 2>/dev/null`], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

/** One ZooKeeper JVM; `start` may be called again after the process is gone (same port, same data). */
export class JavaServerProcess {
  #child: ChildProcess | undefined;
  #watchdog: ChildProcess | undefined;
  #output = "";

  constructor(
    readonly install: JavaInstall,
    readonly settings: ServerSettings,
    readonly startTimeout: number,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    const cfg = join(this.settings.dataDir, "zoo.cfg");
    writeFileSync(cfg, zooCfg(this.settings));
    this.#output = "";
    const child = spawn(
      javaExecutable(),
      [
        "-Xms32m",
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Dzookeeper.admin.enableServer=false",

        "-Dzookeeper.forceSync=no",
        "-cp",
        this.install.classpath,
        "org.apache.zookeeper.server.ZooKeeperServerMain",
        cfg,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    live.add(child);
    installExitHook();
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString("utf8")).slice(-8192);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("exit", () => {
      live.delete(child);
      this.#watchdog?.kill("SIGKILL");
      this.#watchdog = undefined;
    });
    this.#child = child;
    const spawned: Error | undefined = await Promise.race([
      once(child, "spawn").then(() => undefined),
      once(child, "error").then(([e]) => e as Error),
    ]);
    if (spawned) {
      throw new ZooKeeperStartError(`cannot run java: ${spawned.message}`, this.#output, { cause: spawned });
    }
    if (child.pid !== undefined) this.#watchdog = spawnWatchdog(child.pid);
    const exited = once(child, "exit").then(() => false);
    const ready = await Promise.race([
      waitForImok(this.settings.clientPortAddress, this.settings.port, this.startTimeout),
      exited,
    ]);
    if (!ready) {
      this.kill();
      throw new ZooKeeperStartError(
        `ZooKeeper (${this.install.detail}) did not answer ruok on port ${this.settings.port} within ${this.startTimeout} ms`,
        this.#output,
      );
    }
  }

  /** SIGKILL, like a crash: no clean shutdown, data stays. */
  kill(): void {
    this.#child?.kill("SIGKILL");
  }

  /** SIGTERM and wait for the JVM to exit (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Waits until a killed process is really gone. */
  async exited(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await once(child, "exit");
  }
}
