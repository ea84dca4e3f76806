// What every subcommand gets: the master client (from --master or MESOS_MASTER, any URL
// discovery accepts), credentials, output settings and the IO to use.
import {
  type AgentClient,
  type ContentType,
  HttpStatusError,
  MasterClient,
  OperatorError,
} from "@mesos-ts/operator";
import { MesosJson, type MessageType } from "@mesos-ts/proto";
import { loadCredentials } from "./credentials.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { type CliIO, colourEnabled } from "./io.js";
import { type Paint, painter } from "./output/style.js";

export interface GlobalOptions {
  readonly master?: string | undefined;
  readonly json?: boolean | undefined;
  readonly wide?: boolean | undefined;
  readonly credentials?: string | undefined;
  readonly protobuf?: boolean | undefined;
  readonly timeout?: number | undefined;
}

export class Context {
  readonly io: CliIO;
  readonly json: boolean;
  readonly wide: boolean;
  readonly paint: Paint;
  readonly #options: GlobalOptions;
  #client: MasterClient | undefined;
  readonly #agents = new Map<string, Promise<AgentClient>>();

  constructor(io: CliIO, options: GlobalOptions) {
    this.io = io;
    this.#options = options;
    this.json = options.json === true;
    this.wide = options.wide === true;
    this.paint = painter(!this.json && colourEnabled(io));
  }

  get masterUrl(): string {
    const url = this.#options.master ?? this.io.env.MESOS_MASTER;
    if (!url)
      throw new UsageError("no master: give --master <url> or set MESOS_MASTER (e.g. zk://host:2181/mesos)");
    return url;
  }

  get contentType(): ContentType {
    return this.#options.protobuf ? "protobuf" : "json";
  }

  master(): MasterClient {
    if (!this.#client) {
      const credentials = loadCredentials(this.io.env, this.#options.credentials);
      try {
        this.#client = new MasterClient({
          master: this.masterUrl,
          contentType: this.contentType,
          ...(credentials ? { credentials } : {}),
          ...(this.#options.timeout !== undefined ? { leaderTimeoutMs: this.#options.timeout * 1000 } : {}),
        });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    return this.#client;
  }

  /** The operator API of an agent named by id (through the master's GET_AGENTS). */
  agent(agentId: string): Promise<AgentClient> {
    let found = this.#agents.get(agentId);
    if (!found) {
      found = this.master().agent(agentId, { signal: this.io.signal });
      this.#agents.set(agentId, found);
    }
    return found;
  }

  out(text: string): void {
    this.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** A wire message as Mesos JSON (one line: NDJSON-friendly). */
  outMessage<T>(type: MessageType<T>, message: T): void {
    this.out(MesosJson.stringify(type, message));
  }

  /** With --json: each message as one Mesos JSON line, and true (the caller is done). */
  jsonLines<T>(type: MessageType<T>, messages: readonly T[]): boolean {
    if (!this.json) return false;
    for (const m of messages) this.outMessage(type, m);
    return true;
  }

  async close(): Promise<void> {
    for (const a of this.#agents.values()) await a.then((c) => c.close()).catch(() => {});
    await this.#client?.close();
  }
}

/** The one-line message and exit code of any error a subcommand throws. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof HttpStatusError)
    return { message: error.message, exitCode: error.status === 404 ? EXIT.notFound : EXIT.failure };
  if (error instanceof OperatorError) return { message: error.message, exitCode: EXIT.failure };
  if (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code.startsWith("MESOS_")
  )
    return { message: error.message, exitCode: EXIT.failure };
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT.failure };
}
