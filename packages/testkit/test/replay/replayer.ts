// Replays the exchanges recorded with a real Mesos 1.12 (fixtures/real-mesos-1.12) against a
// simulated cluster, in order, substituting the placeholders with the simulator's live values
// (framework id, stream id, agent id, offer id, status uuids), and compares what comes back.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { join } from "node:path";
import { RecordIODecoder } from "@mesos-ts/recordio";
import { type Shape, shapeDifferences, shapeOfJson } from "./shape.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "real-mesos-1.12");

interface RecordedBody {
  kind: "json" | "text" | "empty" | "binary" | "stream";
  shape?: Shape;
  raw?: string;
  text?: string;
  records?: Array<{ bytes: number; shape?: Shape; raw?: string; hex?: string }>;
  streamEnded?: boolean;
}

export interface Exchange {
  exchange: string;
  target: "master" | "agent";
  request: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string | null;
    chunked: boolean;
  };
  response: {
    status: number;
    headers: Record<string, string | boolean | null>;
    body: RecordedBody;
  };
  events?: { lines: string[]; shapes: Shape[]; raw: string[]; subscriptionOpen: boolean };
}

export function loadExchanges(): Exchange[] {
  const index = JSON.parse(readFileSync(join(FIXTURES, "_index.json"), "utf8")) as { files: string[] };
  return index.files.map((f) => JSON.parse(readFileSync(join(FIXTURES, f), "utf8")) as Exchange);
}

export type Outcome = "same" | "differ" | "missing";

export interface ReplayResult {
  readonly exchange: string;
  readonly outcome: Outcome;
  readonly differences: string[];
}

/** What the replay needs from the simulated cluster. */
export interface ReplayTarget {
  readonly masterUrl: string;
  readonly agentUrl: string;
  readonly agentId: string;
  /** A directory the replayed task may write into. */
  readonly scratchDir: string;
  /** The agent's `--work_dir` (for `<work_dir>`). */
  readonly workDir: string;
  /** The sandbox directory of a task of the framework (for `<sandbox>`). */
  sandboxOf(frameworkId: string, taskId: string): string | undefined;
}

/** One request as sent. */
interface Init {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface HttpAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** An event stream (scheduler SUBSCRIBE) kept open across exchanges. */
class EventStream {
  readonly records: Buffer[] = [];
  ended = false;
  streamId: string | undefined;
  #waiters: Array<() => void> = [];
  #req: ReturnType<typeof request> | undefined;

  /** Opens the stream; resolves with the response head. */
  open(url: string, init: Init, chunked: boolean): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const decoder = new RecordIODecoder();
      const req = request(url, { method: init.method, headers: init.headers, agent: false }, (res) => {
        this.streamId = res.headers["mesos-stream-id"] as string | undefined;
        res.on("data", (c: Buffer) => {
          if (res.statusCode === 200) {
            for (const r of decoder.push(c)) this.records.push(Buffer.from(r));
          } else this.records.push(c);
          this.#notify();
        });
        const done = () => {
          this.ended = true;
          this.#notify();
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
        resolve(res);
      });
      req.on("error", (e) => {
        this.ended = true;
        this.#notify();
        reject(e);
      });
      this.#req = req;
      sendBody(req, init.body, chunked);
    });
  }

  /** Waits until `count` records arrived, the stream ended, or `ms` passed. */
  async waitFor(count: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.records.length < count && !this.ended && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.#req?.destroy();
  }

  #notify(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

function sendBody(req: ReturnType<typeof request>, body: string | undefined, chunked: boolean): void {
  if (body === undefined) {
    req.end();
    return;
  }
  if (!chunked) {
    req.setHeader("Content-Length", Buffer.byteLength(body));
    req.end(body);
    return;
  }
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  req.end(body.slice(half));
}

function fetchOnce(url: string, init: Init, chunked: boolean): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    sendBody(req, init.body, chunked);
  });
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Ids written as the recording's placeholders (metric names hold framework ids). */
function idsAsPlaceholders(text: string): string {
  return text
    .replace(new RegExp(`${UUID}-\\d{4}`, "g"), "<uuid>-<nnnn>")
    .replace(new RegExp(`${UUID}-S\\d+`, "g"), "<uuid>-S0")
    .replace(new RegExp(`${UUID}-O\\d+`, "g"), "<uuid>-O<n>")
    .replace(new RegExp(UUID, "g"), "<uuid>");
}

/** Our live values written back as the recording's placeholders. */
function toPlaceholders(text: string, ports: { master: string; agent: string }): string {
  return idsAsPlaceholders(text)
    .replaceAll(`:${ports.master}`, ":<master-port>")
    .replaceAll(`:${ports.agent}`, ":<agent-port>");
}

/** One line per event, as the recording's `events.lines` writes it. */
export function eventLine(event: Record<string, unknown>): string {
  const type = String(event.type);
  if (type === "UPDATE") {
    const s = (event.update as { status: Record<string, unknown> }).status;
    const task = (s.task_id as { value: string }).value;
    return `UPDATE ${s.state} reason=${s.reason ?? "-"} source=${s.source ?? "-"} uuid=${s.uuid ? "yes" : "no"} task=${task} message=${JSON.stringify(s.message ?? "")}`;
  }
  if (type === "ERROR") return `ERROR ${JSON.stringify((event.error as { message: string }).message)}`;
  return type;
}

/** Events a window of the recording leaves out (they come and go with timing). */
const UNRECORDED_EVENTS = new Set(["HEARTBEAT", "OFFERS", "RESCIND", "SUBSCRIBED"]);

/**
 * Runs every exchange in order. `ownedElsewhere` ones are still sent (later exchanges may depend on
 * them) but not judged.
 */
export class Replayer {
  readonly #t: ReplayTarget;
  readonly #ports: { master: string; agent: string };
  readonly #frameworkId = `${randomUUID()}-0001`;
  readonly #token = randomUUID().slice(0, 8);
  #main: EventStream | undefined;
  /** Parsed JSON events of the main subscription, in order. */
  #events: Array<Record<string, unknown>> = [];
  /** The text each event came in (shapes need it: `1.0` is not `1`). */
  readonly #raw = new WeakMap<object, string>();
  #previousMain: EventStream | undefined;
  readonly #others: EventStream[] = [];
  #acked = new Set<string>();

  constructor(target: ReplayTarget) {
    this.#t = target;
    this.#ports = {
      master: new URL(target.masterUrl).port,
      agent: new URL(target.agentUrl).port,
    };
  }

  close(): void {
    this.#main?.close();
    for (const s of this.#others) s.close();
  }

  async run(x: Exchange): Promise<ReplayResult> {
    await this.#beforeExchange(x);
    const base = x.target === "master" ? this.#t.masterUrl : this.#t.agentUrl;
    const path = this.#substitute(x.request.path, x);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(x.request.headers)) headers[k] = this.#substitute(v, x, k);
    const body = x.request.body === null ? undefined : this.#substitute(x.request.body, x);
    const init: Init = { method: x.request.method, headers, ...(body !== undefined ? { body } : {}) };
    const diffs: string[] = [];
    const before = this.#events.length;
    let status: number;
    if (
      x.response.body.kind === "stream" ||
      (x.request.body?.includes('"SUBSCRIBE"') && x.target === "master")
    ) {
      const stream = new EventStream();
      const res = await stream.open(`${base}${path}`, init, x.request.chunked);
      status = res.statusCode ?? 0;
      this.#compareHeaders(x, res.headers, diffs);
      const recorded = x.response.body.records ?? [];
      await stream.waitFor(Math.max(1, recorded.length), 1500);
      // OFFERS may follow HEARTBEAT here where the recording had it first (allocation timing).
      if (recorded.some((r) => r.raw?.startsWith('{"type":"OFFERS"')))
        await stream.waitFor(recorded.length + 1, 1500);
      if (x.response.body.kind === "stream") this.#compareRecords(x, stream, diffs);
      else if (status !== x.response.status) {
        /* status difference reported below */
      }
      const isMain =
        x.request.path === "/api/v1/scheduler" && body?.includes(this.#frameworkId) && status === 200;
      if (isMain && !stream.ended) {
        this.#previousMain = this.#main;
        this.#main = stream;
        this.#follow(stream);
      } else {
        this.#others.push(stream);
        if (!x.events) stream.close();
      }
    } else {
      const answer = await fetchOnce(`${base}${path}`, init, x.request.chunked);
      status = answer.status;
      this.#compareHeaders(x, answer.headers, diffs);
      if (status === x.response.status) this.#compareBody(x, answer, diffs);
    }
    if (status !== x.response.status) diffs.unshift(`status: expected ${x.response.status}, got ${status}`);
    if (x.events) await this.#compareEvents(x, before, diffs);
    const missing = status !== x.response.status && (status === 404 || status === 501);
    return {
      exchange: x.exchange,
      outcome: diffs.length === 0 ? "same" : missing ? "missing" : "differ",
      differences: diffs,
    };
  }

  /** Steps of the recorded session that were not kept, redone here (the gaps in numbering). */
  async #beforeExchange(x: Exchange): Promise<void> {
    if (x.exchange === "sched-subscribe-unregistered-id") await this.#earlierFramework();
    if (x.exchange === "sched-launch-task") await this.#waitEvent((e) => e.type === "OFFERS", 5000);
    if (x.exchange === "sched-ack-second-update") {
      // The first update (TASK_STARTING) was acknowledged in an exchange not kept; the agent
      // sends TASK_RUNNING after that.
      await this.#waitEvent((e) => this.#unacked(e, "TASK_STARTING") !== undefined, 5000);
      for (const e of this.#events) {
        const status = this.#unacked(e, "TASK_STARTING");
        if (status) await this.#acknowledge(status);
      }
      await this.#waitEvent((e) => this.#unacked(e, "TASK_RUNNING") !== undefined, 5000);
    }
    if (x.exchange === "op-get-tasks-completed") {
      // The TASK_KILLED update was acknowledged in an exchange not kept.
      for (const e of this.#events) {
        const status = this.#unacked(e, "TASK_KILLED");
        if (status) await this.#acknowledge(status);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Before these exchanges the recorded session had run and torn down a framework of the same
   * name (it is in `completed_frameworks` of every state answer): done here the same way.
   */
  async #earlierFramework(): Promise<void> {
    const stream = new EventStream();
    await stream.open(
      `${this.#t.masterUrl}/api/v1/scheduler`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          type: "SUBSCRIBE",
          subscribe: { framework_info: { user: "root", name: "wire-probe" } },
        }),
      },
      false,
    );
    await stream.waitFor(1, 1500);
    const subscribed = JSON.parse((stream.records[0] as Buffer).toString("utf8")) as {
      subscribed: { framework_id: { value: string } };
    };
    // It had failed over once (it has a `reregistered_time`).
    const again = new EventStream();
    await again.open(
      `${this.#t.masterUrl}/api/v1/scheduler`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          type: "SUBSCRIBE",
          framework_id: subscribed.subscribed.framework_id,
          subscribe: {
            framework_info: { user: "root", name: "wire-probe", id: subscribed.subscribed.framework_id },
          },
        }),
      },
      false,
    );
    await again.waitFor(1, 1500);
    stream.close();
    await fetchOnce(
      `${this.#t.masterUrl}/api/v1/scheduler`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Mesos-Stream-Id": again.streamId ?? "" },
        body: JSON.stringify({ framework_id: subscribed.subscribed.framework_id, type: "TEARDOWN" }),
      },
      false,
    );
    await again.waitFor(Number.POSITIVE_INFINITY, 1000);
    again.close();
  }

  #unacked(e: Record<string, unknown>, state: string): Record<string, unknown> | undefined {
    const s = (e.update as { status?: Record<string, unknown> } | undefined)?.status;
    if (!s || s.state !== state || typeof s.uuid !== "string" || this.#acked.has(s.uuid)) return undefined;
    return s;
  }

  async #acknowledge(s: Record<string, unknown>): Promise<void> {
    this.#acked.add(s.uuid as string);
    await fetchOnce(
      `${this.#t.masterUrl}/api/v1/scheduler`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Mesos-Stream-Id": this.#main?.streamId ?? "" },
        body: JSON.stringify({
          framework_id: { value: this.#frameworkId },
          type: "ACKNOWLEDGE",
          acknowledge: { agent_id: s.agent_id, task_id: s.task_id, uuid: s.uuid },
        }),
      },
      false,
    );
  }

  #follow(stream: EventStream): void {
    let seen = 0;
    const tick = () => {
      while (seen < stream.records.length) {
        const text = (stream.records[seen++] as Buffer).toString("utf8");
        try {
          const event = JSON.parse(text) as Record<string, unknown>;
          this.#raw.set(event, text);
          this.#events.push(event);
        } catch {
          /* not JSON: ignored */
        }
      }
    };
    const timer = setInterval(() => {
      tick();
      if (stream.ended) clearInterval(timer);
    }, 5);
    timer.unref();
  }

  async #waitEvent(
    pred: (e: Record<string, unknown>, index: number) => boolean,
    ms: number,
  ): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.#events.some(pred)) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  #latestOffer(): string {
    for (let i = this.#events.length - 1; i >= 0; i--) {
      const e = this.#events[i] as { type: string; offers?: { offers: Array<{ id: { value: string } }> } };
      if (e.type === "OFFERS") return e.offers?.offers[0]?.id.value ?? "";
    }
    return "no-offer";
  }

  #substitute(text: string, x: Exchange, header?: string): string {
    const wrongStream =
      x.exchange === "sched-400-wrong-stream-id" || x.exchange === "sched-400-subscribe-with-stream-id";
    // The recording writes every framework id as `<uuid>-<nnnn>`; this exchange named one the
    // agent does not know (its name says so, and a real agent answers "Framework cannot be found").
    const frameworkId =
      x.exchange === "exec-subscribe-unknown-framework" ? `${randomUUID()}-0001` : this.#frameworkId;
    let out = text
      .replaceAll("<uuid>-<nnnn>", frameworkId)
      .replaceAll("<uuid>-S0", this.#t.agentId)
      .replaceAll("<uuid>-O<n>", this.#latestOffer())
      .replaceAll(
        "/tmp/wire-probe-<token>.sandbox",
        join(this.#t.scratchDir, `wire-probe-${this.#token}.sandbox`),
      );
    if (out.includes("<sandbox>")) {
      out = out.replaceAll(
        "<sandbox>",
        this.#t.sandboxOf(this.#frameworkId, "wire-probe-task") ?? "/no-sandbox",
      );
    }
    if (out.includes("<uuid-base64>")) {
      const pending = this.#events.map((e) => this.#unacked(e, "TASK_RUNNING")).find((s) => s !== undefined);
      const uuid =
        x.exchange === "sched-ack-second-update" && pending
          ? (pending.uuid as string)
          : Buffer.from(randomUUID().replaceAll("-", ""), "hex").toString("base64");
      if (pending && x.exchange === "sched-ack-second-update") this.#acked.add(uuid);
      out = out.replaceAll("<uuid-base64>", uuid);
    }
    if (header?.toLowerCase() === "mesos-stream-id") {
      out = out.replaceAll("<uuid>", wrongStream ? randomUUID() : (this.#main?.streamId ?? randomUUID()));
    }
    return out;
  }

  #compareHeaders(x: Exchange, got: IncomingMessage["headers"], diffs: string[]): void {
    for (const [name, expected] of Object.entries(x.response.headers)) {
      if (name === "content-length-present") {
        const present = got["content-length"] !== undefined;
        if (present !== expected)
          diffs.push(`header content-length: expected ${expected ? "present" : "absent"}`);
        continue;
      }
      const value = got[name];
      const actual = value === undefined ? null : toPlaceholders(String(value), this.#ports);
      if (name === "mesos-stream-id") {
        if ((expected === null) !== (actual === null))
          diffs.push(`header ${name}: expected ${expected}, got ${actual}`);
        continue;
      }
      if (actual !== expected) diffs.push(`header ${name}: expected ${expected}, got ${actual}`);
    }
  }

  #compareBody(x: Exchange, got: HttpAnswer, diffs: string[]): void {
    const rec = x.response.body;
    const text = got.body.toString("utf8");
    if (rec.kind === "empty") {
      if (got.body.length > 0) diffs.push(`body: expected empty, got ${JSON.stringify(text.slice(0, 80))}`);
    } else if (rec.kind === "text") {
      const actual = toPlaceholders(text, this.#ports);
      if (actual !== rec.text)
        diffs.push(`text: expected ${JSON.stringify(rec.text)}, got ${JSON.stringify(actual)}`);
    } else if (rec.kind === "binary") {
      if (got.body.length === 0) diffs.push("body: expected bytes, got none");
    } else if (rec.kind === "json") {
      let shape: Shape;
      try {
        shape = shapeOfJson(idsAsPlaceholders(this.#localPaths(text)));
      } catch {
        diffs.push(`body: expected JSON, got ${JSON.stringify(text.slice(0, 80))}`);
        return;
      }
      for (const d of shapeDifferences(rec.shape as Shape, shape)) diffs.push(`shape ${d}`);
    }
  }

  /** The sandbox and work directory written as the recording's `<sandbox>` and `<work_dir>`. */
  #localPaths(text: string): string {
    const sandbox = this.#t.sandboxOf(this.#frameworkId, "wire-probe-task");
    return (sandbox ? text.replaceAll(sandbox, "<sandbox>") : text).replaceAll(this.#t.workDir, "<work_dir>");
  }

  #compareRecords(x: Exchange, stream: EventStream, diffs: string[]): void {
    const recorded = x.response.body.records ?? [];
    const used = new Set<number>();
    recorded.forEach((r, i) => {
      // After the first record, OFFERS and HEARTBEAT come in either order (allocation timing).
      const j = i === 0 || r.hex !== undefined ? i : (this.#sameType(stream, r.shape as Shape, used) ?? i);
      used.add(j);
      const got = stream.records[j];
      if (!got) {
        diffs.push(`record ${i}: missing`);
        return;
      }
      if (r.hex !== undefined) {
        // Protobuf: the first field (the event type) must be the same.
        if (got.subarray(0, 2).toString("hex") !== r.hex.slice(0, 4)) diffs.push(`record ${i}: type differs`);
        return;
      }
      let shape: Shape;
      try {
        shape = shapeOfJson(got.toString("utf8"));
      } catch {
        diffs.push(`record ${i}: not JSON`);
        return;
      }
      for (const d of shapeDifferences(r.shape as Shape, shape)) diffs.push(`record ${i} ${d}`);
    });
    if (x.response.body.streamEnded === true && !stream.ended) diffs.push("stream: expected to end");
    if (x.response.body.streamEnded === false && stream.ended) diffs.push("stream: ended");
  }

  #sameType(stream: EventStream, shape: Shape, used: Set<number>): number | undefined {
    const type = (shape as Record<string, Shape>).type;
    for (let j = 1; j < stream.records.length; j++) {
      if (used.has(j)) continue;
      try {
        if (
          (shapeOfJson((stream.records[j] as Buffer).toString("utf8")) as Record<string, Shape>).type === type
        )
          return j;
      } catch {
        /* not JSON */
      }
    }
    return undefined;
  }

  async #compareEvents(x: Exchange, from: number, diffs: string[]): Promise<void> {
    const rec = x.events;
    if (!rec) return;
    const matched = new Set<number>();
    for (const [i, line] of rec.lines.entries()) {
      const expectedShape = rec.shapes[i] as Shape;
      const fits = (e: Record<string, unknown>, j: number) =>
        j >= from && !matched.has(j) && eventLine(e) === line;
      await this.#waitEvent(fits, 3000);
      const index = this.#events.findIndex(fits);
      if (index < 0) {
        const seen = this.#events.slice(from).filter((e) => !UNRECORDED_EVENTS.has(String(e.type)));
        diffs.push(`event ${line}: missing (got ${seen.map(eventLine).join("; ") || "none"})`);
        continue;
      }
      matched.add(index);
      const event = this.#events[index] as Record<string, unknown>;
      const shape = shapeOfJson(this.#raw.get(event) ?? JSON.stringify(event));
      for (const d of shapeDifferences(expectedShape, shape)) diffs.push(`event ${line} ${d}`);
    }
    if (rec.lines.length === 0) await new Promise((r) => setTimeout(r, 100));
    // The executor's TASK_RUNNING reached the recording during an exchange that was not kept.
    const unexpected = this.#events
      .slice(from)
      .filter((e, j) => !matched.has(from + j) && !UNRECORDED_EVENTS.has(String(e.type)))
      .map(eventLine)
      .filter((l) => !rec.lines.includes(l) && !l.startsWith("UPDATE TASK_RUNNING reason=- "));
    for (const l of unexpected) diffs.push(`event ${l}: unexpected`);
    // After a re-SUBSCRIBE the recorded subscription is the one it replaced.
    const subscription = x.response.body.kind === "stream" ? this.#previousMain : this.#main;
    if (rec.subscriptionOpen === false && subscription && !subscription.ended) {
      await subscription.waitFor(Number.POSITIVE_INFINITY, 1500);
      if (!subscription.ended) diffs.push("subscription: expected closed");
    }
  }
}
