// Acknowledged updates/s (issue 12): a loopback master (bench/ack-master.ts, its own process)
// streams 20,000 UPDATEs carrying a uuid; the client acknowledges each (autoAcknowledge, the
// default) and a round ends when the master has counted every ACK. Baseline in the same run: a
// raw loop — one undici request for the stream, @mesos-ts/recordio `decode()`, the wire decode,
// and each ACK POSTed at once on one undici Client with pipelining 16 — the least any client
// does. Each side runs in a fresh process (bench/ack-runner.mjs, on the built packages), timed from "go" (after its
// start-up) to the master's last ACK. Also reported: connections the master saw per round
// (target: at most 2), each side's peak RSS (sampled every 5 ms; target < 150 MiB) and warnings
// (target: none). Run: npm run bench (node --import tsx bench/acks.bench.ts). BENCH_ROUNDS (default 5).
import { type ChildProcess, fork } from "node:child_process";

type Wire = "protobuf" | "json";
type Message = Record<string, unknown>;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function child(
  file: string,
  args: string[],
  execArgv = ["--import", "tsx"],
): { proc: ChildProcess; next: () => Promise<Message> } {
  const proc = fork(new URL(file, import.meta.url).pathname, args, {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const queue: Message[] = [];
  const waiters: Array<(m: Message) => void> = [];
  proc.on("message", (m) => {
    const w = waiters.shift();
    if (w) w(m as Message);
    else queue.push(m as Message);
  });
  const next = () =>
    new Promise<Message>((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiters.push(resolve);
    });
  return { proc, next };
}

const master = child("./ack-master.ts", []);
const hello = await master.next();
const url = `http://127.0.0.1:${hello.port}`;
const COUNT = hello.count as number;

interface Round {
  perSecond: number;
  connections: number;
  rss: number;
  warnings: string[];
}

async function round(wire: Wire, who: "raw" | "ours"): Promise<Round> {
  master.proc.send({ reset: wire });
  await master.next();
  const runner = child("./ack-runner.mjs", [url, who, wire, String(COUNT)], []);
  await runner.next(); // ready: tsx and the modules are loaded
  const start = performance.now();
  runner.proc.send({ go: true });
  const done = await master.next();
  const ms = performance.now() - start;
  runner.proc.send({ stop: true });
  const report = await runner.next();
  await new Promise((resolve) => runner.proc.once("exit", resolve));
  return {
    perSecond: (COUNT / ms) * 1000,
    connections: done.connections as number,
    rss: report.rss as number,
    warnings: report.warnings as string[],
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mib = (n: number) => (n / 2 ** 20).toFixed(0);
const rows: string[] = [];
const warnings: string[] = [];
for (const wire of ["protobuf", "json"] as const) {
  const raw: Round[] = [];
  const ours: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first, so that a drift in machine load does not favour one side.
    for (const who of i % 2 === 0 ? (["raw", "ours"] as const) : (["ours", "raw"] as const)) {
      const r = await round(wire, who);
      (who === "raw" ? raw : ours).push(r);
      warnings.push(...r.warnings);
    }
  }
  const rawRate = median(raw.map((r) => r.perSecond));
  const ourRate = median(ours.map((r) => r.perSecond));
  const ratios = ours.map((r, i) => r.perSecond / (raw[i] as Round).perSecond);
  rows.push(
    `| ${wire} | ${fmt(COUNT)} | ${fmt(rawRate)} | ${fmt(ourRate)} | ${(ourRate / rawRate).toFixed(2)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ${Math.max(...ours.map((r) => r.connections))} (raw: ${Math.max(...raw.map((r) => r.connections))}) | ${mib(Math.max(...ours.map((r) => r.rss)))} (raw: ${mib(Math.max(...raw.map((r) => r.rss)))}) |`,
  );
}
master.proc.disconnect();
console.log(
  `\n### Acknowledged updates/s (median of ${ROUNDS} interleaved rounds, each side in a fresh process)\n`,
);
console.log(
  "| content type | updates | raw undici pipelined ACK loop (acks/s) | @mesos-ts/scheduler (acks/s) | ratio of medians | per-round ratios | sockets per run, max | peak RSS MiB, max |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);
console.log(`\nWarnings printed: ${warnings.length === 0 ? "none" : warnings.join("; ")}`);
