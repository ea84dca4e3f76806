import { redactMasterUrl } from "@mesos-ts/discovery";
import type { ContentType } from "@mesos-ts/scheduler";
import { agentFilesReader } from "./agent-files.js";
import { type EmbeddedCluster, startEmbeddedCluster } from "./embedded-cluster.js";
import { type FrameworkResult, runFramework } from "./framework.js";
import { Progress } from "./progress.js";
import { renderSummary, type SummaryContext, summaryJson } from "./summary.js";
import { demoTasks } from "./tasks.js";

export interface DemoConfig {
  /** A master URL; undefined = start the embedded simulated cluster. */
  master?: string | undefined;
  contentType: ContentType;
  /** Number of command tasks. */
  tasks: number;
  /** Launch the Docker-container task too. */
  docker: boolean;
  timeoutSeconds: number;
  /** Human output to `err`, one JSON line to `out`. */
  json: boolean;
  signal?: AbortSignal;
  /** Embedded cluster only: where the sandboxes go, kept (default a temp dir removed at the end). */
  workDir?: string;
  /** Embedded cluster only: keep the temp dir of the sandboxes (its path is printed). */
  keep?: boolean;
  /** Embedded cluster only (default 1000 ms as Mesos; tests go faster). */
  allocationIntervalMs?: number;
}

export interface DemoIO {
  out(line: string): void;
  err(line: string): void;
}

export interface DemoRun {
  exitCode: number;
  result: FrameworkResult | undefined;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The whole demo: cluster (embedded unless `master`), framework, summary. Never throws. */
export async function runDemo(config: DemoConfig, io: DemoIO): Promise<DemoRun> {
  const human = config.json ? io.err : io.out;
  const progress = new Progress(human);
  let embedded: EmbeddedCluster | undefined;
  let master = config.master;
  // Reported as given, less any password (a zk:// or http:// URL may carry one).
  const context: SummaryContext = {
    cluster: master === undefined ? "embedded simulator" : redactMasterUrl(master),
  };
  try {
    if (master === undefined) {
      progress.line("starting the embedded cluster: 2 masters without ZooKeeper, 2 agents in process mode");
      embedded = await startEmbeddedCluster({
        ...(config.workDir !== undefined ? { workDir: config.workDir } : {}),
        ...(config.keep ? { keep: true } : {}),
        ...(config.allocationIntervalMs !== undefined
          ? { allocationIntervalMs: config.allocationIntervalMs }
          : {}),
      });
      master = embedded.subscribeUrl;
      context.cluster = "embedded simulator (@mesos-ts/testkit)";
      const kept = config.keep || config.workDir !== undefined;
      if (kept) context.workDir = embedded.workDir;
      progress.line(`masters: ${embedded.masterUrls.join(", ")} (leader ${embedded.leaderUrl})`);
      for (const a of embedded.agents) progress.line(`agent ${a.id} on ${a.hostname}:${a.port}`);
      progress.line(
        `sandboxes (task stdout/stderr) under ${embedded.workDir}${kept ? "" : " (removed at the end; --keep keeps them)"}`,
      );
      progress.line(`subscribing through ${master}, which is not the leader: expect a 307`);
    }
    // The custom executor runs on the embedded cluster only: a real agent may lack Node.js.
    const tasks = demoTasks({
      commandTasks: config.tasks,
      docker: config.docker,
      executor: embedded !== undefined,
    });
    const result = await runFramework({
      master,
      contentType: config.contentType,
      tasks,
      timeoutMs: config.timeoutSeconds * 1000,
      progress,
      ...(config.signal ? { signal: config.signal } : {}),
      readOutput: embedded?.readOutput ?? agentFilesReader(),
    });
    for (const line of renderSummary(result, context)) progress.raw(line);
    if (config.json) io.out(summaryJson(result, context));
    // With --json the summary (and its FAILED line) already went to stderr.
    if (!result.ok && result.error && !config.json) io.err(`mesos-ts-demo: ${result.error}`);
    const exitCode = result.ok ? EXIT.ok : result.outcome === "interrupted" ? EXIT.interrupted : EXIT.failed;
    return { exitCode, result };
  } catch (error) {
    io.err(`mesos-ts-demo: ${(error as Error).message}`);
    return { exitCode: EXIT.failed, result: undefined };
  } finally {
    await embedded?.close();
  }
}
