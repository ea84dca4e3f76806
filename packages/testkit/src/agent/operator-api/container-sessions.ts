// Nested container sessions (LAUNCH_NESTED_CONTAINER_SESSION): a real process in the parent
// task's sandbox, its stdout/stderr streamed as agent.ProcessIO records to every attached
// output, stdin fed by ATTACH_CONTAINER_INPUT. As on a real agent: no exit status in the
// stream (WAIT_NESTED_CONTAINER gives the raw wait status), the session is destroyed when the
// launching connection closes, and CONTROL heartbeats every 30 s.
import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import { agent, type v1 } from "@mesos-ts/proto";
import { withoutInheritedFds } from "../close-inherited-fds.js";

export interface OutputSink {
  send(record: agent.ProcessIO): void;
  end(): void;
}

export interface Session {
  readonly id: string;
  readonly parentId: string;
  readonly child: ChildProcess;
  readonly sinks: Set<OutputSink>;
  /** Raw wait status once exited. */
  status: number | undefined;
  readonly exited: Promise<number>;
}

/** Finished sessions remembered for WAIT_NESTED_CONTAINER (oldest forgotten first). */
const MAX_FINISHED = 256;
/** Output connections per session (the launcher plus attaches). */
export const MAX_SINKS = 8;

export class ContainerSessions {
  readonly #running = new Map<string, Session>();
  readonly #finished = new Map<string, number>();

  running(): Iterable<Session> {
    return this.#running.values();
  }

  get(id: string): Session | undefined {
    return this.#running.get(id);
  }

  exitStatus(id: string): number | undefined {
    return this.#finished.get(id);
  }

  known(id: string): boolean {
    return this.#running.has(id) || this.#finished.has(id);
  }

  launch(spec: { id: string; parentId: string; sandbox: string; command: v1.CommandInfo }): Session {
    const command = spec.command;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      MESOS_SANDBOX: spec.sandbox,
    };
    for (const v of command.environment?.variables ?? [])
      if (v.name !== undefined) env[v.name] = v.value ?? "";
    const shell = command.shell ?? true;
    const launch = shell
      ? withoutInheritedFds("/bin/sh", ["-c", command.value ?? ""])
      : withoutInheritedFds(
          command.value ?? "",
          (command.arguments ?? []).slice(1),
          command.arguments?.[0] ?? command.value,
        );
    // bash reads ~/.bashrc when its stdin is a socket (Node's pipes are socketpairs): --norc.
    const args = launch.file.endsWith("/bash") ? ["--norc", ...launch.args] : launch.args;
    const child = spawn(launch.file, args, {
      argv0: launch.argv0,
      cwd: spec.sandbox,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    child.stdin?.on("error", () => {}); // the process may exit before reading its input
    let resolveExit!: (status: number) => void;
    const session: Session = {
      id: spec.id,
      parentId: spec.parentId,
      child,
      sinks: new Set(),
      status: undefined,
      exited: new Promise<number>((r) => {
        resolveExit = r;
      }),
    };
    const forward = (type: agent.ProcessIO_Data_Type) => (data: Buffer) => {
      const record: agent.ProcessIO = { type: agent.ProcessIO_Type.DATA, data: { type, data } };
      for (const sink of session.sinks) sink.send(record);
    };
    child.stdout?.on("data", forward(agent.ProcessIO_Data_Type.STDOUT));
    child.stderr?.on("data", forward(agent.ProcessIO_Data_Type.STDERR));
    const heartbeat = setInterval(() => {
      const record: agent.ProcessIO = {
        type: agent.ProcessIO_Type.CONTROL,
        control: {
          type: agent.ProcessIO_Control_Type.HEARTBEAT,
          heartbeat: { interval: { nanoseconds: 30_000_000_000n } },
        },
      };
      for (const sink of session.sinks) sink.send(record);
    }, 30_000);
    heartbeat.unref();
    const finish = (status: number) => {
      if (session.status !== undefined) return;
      clearInterval(heartbeat);
      session.status = status;
      this.#running.delete(session.id);
      this.#finished.set(session.id, status);
      if (this.#finished.size > MAX_FINISHED)
        this.#finished.delete(this.#finished.keys().next().value as string);
      for (const sink of session.sinks) sink.end();
      session.sinks.clear();
      resolveExit(status);
    };
    // "close": stdout and stderr are drained, so every record went out before the end.
    child.once("close", (code, signal) =>
      finish(signal ? (constants.signals[signal] ?? 9) : ((code ?? 0) & 0xff) << 8),
    );
    child.once("error", () => finish(127 << 8));
    this.#running.set(spec.id, session);
    return session;
  }

  kill(id: string, signal: NodeJS.Signals | number = "SIGKILL"): boolean {
    const s = this.#running.get(id);
    if (!s) return false;
    try {
      if (s.child.pid !== undefined) process.kill(-s.child.pid, signal);
    } catch {
      s.child.kill(signal);
    }
    return true;
  }

  close(): void {
    for (const id of [...this.#running.keys()]) this.kill(id);
  }
}
