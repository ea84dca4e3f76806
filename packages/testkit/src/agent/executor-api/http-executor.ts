import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { executor, type v1 } from "@mesos-ts/proto";
import { encodeBody } from "../../codec.js";
import type { MediaType } from "../../http/accept.js";
import type { RecordStream } from "../../master/record-stream.js";
import { withoutInheritedFds } from "../close-inherited-fds.js";

/** Why the agent destroyed the container itself (Mesos' `pendingTermination`), if it did. */
export interface PendingTermination {
  readonly reason: v1.TaskStatus_Reason;
  readonly message: string;
}

export interface HttpExecutorSpawn {
  readonly frameworkId: string;
  readonly info: v1.ExecutorInfo;
  readonly containerId: string;
  readonly sandbox: string;
  readonly env: Record<string, string>;
  readonly shutdownGraceMs: number;
  /** HEARTBEAT events on the stream, the first one interval after SUBSCRIBE. */
  readonly heartbeatIntervalMs: number;
  /** The process ended: raw wait status (exit code << 8, or the signal number). */
  readonly onExit: (executor: HttpExecutor, waitStatus: number) => void;
}

/**
 * One custom executor's container: the real child process (its own session and process group,
 * as `mesos-containerizer launch` makes it), its subscription stream and its timers.
 * `registering` until it SUBSCRIBEs; `terminating` after SHUTDOWN or a registration timeout.
 */
export class HttpExecutor {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly info: v1.ExecutorInfo;
  readonly containerId: string;
  readonly sandbox: string;
  state: "registering" | "running" | "terminating" | "terminated" = "registering";
  /** Tasks launched before it subscribed: sent as LAUNCH right after SUBSCRIBED. */
  readonly queued: v1.TaskInfo[] = [];
  pendingTermination: PendingTermination | undefined;
  /** The framework was torn down: nothing is reported when the process ends. */
  frameworkRemoved = false;
  /** Recovered by a restarted agent and not re-subscribed yet. */
  recovered = false;
  #stream: { stream: RecordStream; media: MediaType; heartbeat: NodeJS.Timeout } | undefined;
  readonly #heartbeatMs: number;
  readonly #child: ChildProcess;
  readonly #shutdownGraceMs: number;
  #killTimer: NodeJS.Timeout | undefined;
  #registrationTimer: NodeJS.Timeout | undefined;

  constructor(spawnInfo: HttpExecutorSpawn) {
    this.frameworkId = spawnInfo.frameworkId;
    this.info = spawnInfo.info;
    this.executorId = spawnInfo.info.executor_id?.value ?? "";
    this.containerId = spawnInfo.containerId;
    this.sandbox = spawnInfo.sandbox;
    this.#shutdownGraceMs = spawnInfo.shutdownGraceMs;
    this.#heartbeatMs = spawnInfo.heartbeatIntervalMs;
    const command = spawnInfo.info.command ?? {};
    const stdout = openSync(join(spawnInfo.sandbox, "stdout"), "a");
    const stderr = openSync(join(spawnInfo.sandbox, "stderr"), "a");
    try {
      const value = command.value ?? "";
      const launch =
        (command.shell ?? true)
          ? withoutInheritedFds("/bin/sh", ["-c", value])
          : withoutInheritedFds(value, (command.arguments ?? []).slice(1), command.arguments?.[0] ?? value);
      this.#child = spawn(launch.file, launch.args, {
        argv0: launch.argv0,
        cwd: spawnInfo.sandbox,
        env: spawnInfo.env,
        stdio: ["ignore", stdout, stderr],
        detached: true,
      });
    } finally {
      closeSync(stdout);
      closeSync(stderr);
    }
    let ended = false;
    const end = (waitStatus: number) => {
      if (ended) return;
      ended = true;
      this.state = "terminated";
      this.#clearTimers();
      this.#endStream();
      spawnInfo.onExit(this, waitStatus);
    };
    this.#child.once("error", () => end(127 << 8));
    this.#child.once("exit", (code, signal) =>
      end(code !== null ? code << 8 : (constants.signals[signal as NodeJS.Signals] ?? 9)),
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get subscribed(): boolean {
    return this.state === "running" || (this.state === "terminating" && this.#stream !== undefined);
  }

  /** Destroys the container after `ms` unless it subscribed (`--executor_registration_timeout`). */
  armRegistrationTimeout(ms: number, message: string, reason: v1.TaskStatus_Reason): void {
    this.#registrationTimer = setTimeout(() => {
      this.#registrationTimer = undefined;
      if (this.state !== "registering") return;
      this.pendingTermination = { reason, message };
      this.destroy();
    }, ms);
  }

  /** A (new) subscription: the previous stream, if any, is closed (observed). */
  attach(stream: RecordStream, media: MediaType): void {
    if (this.#registrationTimer) clearTimeout(this.#registrationTimer);
    this.#registrationTimer = undefined;
    this.#endStream();
    const heartbeat = setInterval(
      () => this.send({ type: executor.Event_Type.HEARTBEAT }),
      this.#heartbeatMs,
    );
    this.#stream = { stream, media, heartbeat };
    if (this.state === "registering") this.state = "running";
    stream.onClose(() => {
      // The agent does not notice a broken stream: later events are lost (observed).
      clearInterval(heartbeat);
      if (this.#stream?.stream === stream) this.#stream = undefined;
    });
  }

  /** The agent process died: its end of the stream is gone (the executor sees EOF). */
  detach(): void {
    if (this.#stream) clearInterval(this.#stream.heartbeat);
    this.#stream?.stream.drop();
    this.#stream = undefined;
  }

  /** Sends one event if a stream is open; returns whether it went out. */
  send(event: executor.Event): boolean {
    const open = this.#stream;
    if (!open || open.stream.closed) return false;
    open.stream.send(encodeBody(executor.Event, open.media, event));
    return true;
  }

  /** SHUTDOWN: the event, then SIGKILL of the process group after the grace period. No SIGTERM. */
  shutdown(): void {
    if (this.state === "terminated" || this.state === "terminating") return;
    const subscribed = this.state === "running";
    this.state = "terminating";
    if (!subscribed) {
      this.destroy();
      return;
    }
    this.send({ type: executor.Event_Type.SHUTDOWN });
    this.#killTimer = setTimeout(() => this.destroy(), this.#shutdownGraceMs);
  }

  /** SIGKILL to the whole process group (containerizer destroy). */
  destroy(): void {
    if (this.state === "terminated") return;
    this.state = "terminating";
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      this.#child.kill("SIGKILL");
    }
  }

  close(): void {
    this.#clearTimers();
    this.destroy();
    this.#endStream();
  }

  #endStream(): void {
    if (this.#stream) clearInterval(this.#stream.heartbeat);
    this.#stream?.stream.end();
    this.#stream = undefined;
  }

  #clearTimers(): void {
    if (this.#killTimer) clearTimeout(this.#killTimer);
    if (this.#registrationTimer) clearTimeout(this.#registrationTimer);
    this.#killTimer = undefined;
    this.#registrationTimer = undefined;
  }
}
