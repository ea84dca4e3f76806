/**
 * Assertions on what the master itself received and sent (the cluster's wire, not our client's
 * word): calls as the master decoded them, the status it answered, the media type and stream id
 * headers, and the events it wrote. Only where the target has a master-side tap (local); other
 * targets say so in the row's detail.
 */
import { strict as assert } from "node:assert";
import { scheduler } from "@mesos-ts/proto";
import type { WireEvent, WireLog, WireRequest, WireTap } from "../cluster/wire.js";
import { mediaType } from "../operator/operator-client.js";
import type { ScenarioContext } from "./scenario.js";

export const CT = scheduler.Call_Type;
export const ET = scheduler.Event_Type;

/** The master-side tap, marked now; `undefined` (and a note in the row) where the target has none. */
export async function openWire(ctx: ScenarioContext): Promise<Wire | undefined> {
  const tap = ctx.cluster.wire;
  if (!tap) {
    ctx.note(`wire: no master-side recorder on ${ctx.cluster.target} (client-side events only)`);
    return undefined;
  }
  return new Wire(tap, await tap.mark(), ctx);
}

export class Wire {
  constructor(
    readonly tap: WireTap,
    /** Everything after this sequence number belongs to the scenario. */
    readonly from: number,
    readonly ctx: ScenarioContext,
  ) {}

  log(): Promise<WireLog> {
    return this.tap.since(this.from);
  }

  /** A sequence number to pass as `after` to the waits below. */
  mark(): Promise<number> {
    return this.tap.mark();
  }

  /**
   * Waits until a master received *and answered* a scheduler call matching `pred`; checks the
   * media type it arrived in, the answer (200 for SUBSCRIBE, else 202), and that non-SUBSCRIBE
   * calls carry the stream id of a SUBSCRIBED the master sent this framework.
   */
  async call(
    what: string,
    pred: (call: scheduler.Call, r: WireRequest) => boolean,
    { after = this.from, timeoutMs = 5_000 }: { after?: number; timeoutMs?: number } = {},
  ): Promise<WireRequest> {
    const { hit, log } = await this.#poll(
      (l) =>
        l.requests.find(
          (r) => r.seq > after && r.call !== undefined && r.status !== undefined && pred(r.call, r),
        ),
      timeoutMs,
      () => `master never received ${what}`,
    );
    const call = hit.call as scheduler.Call;
    const name = scheduler.call_TypeToJSON(call.type ?? 0);
    assert.equal(hit.contentType, mediaType(this.ctx.contentType), `${name} arrived as ${hit.contentType}`);
    assert.equal(
      hit.status,
      call.type === CT.SUBSCRIBE ? 200 : 202,
      `master answered ${name} with ${hit.status}`,
    );
    if (call.type !== CT.SUBSCRIBE) {
      const fw = call.framework_id?.value;
      const streams = log.events
        .filter((e) => e.event.type === ET.SUBSCRIBED && e.frameworkId === fw)
        .map((e) => e.streamId);
      assert.ok(hit.streamId, `${name} without Mesos-Stream-Id`);
      assert.ok(
        streams.includes(hit.streamId),
        `${name}: Mesos-Stream-Id ${hit.streamId} is none of ${fw}'s streams`,
      );
    }
    return hit;
  }

  /** Waits until a master wrote an event matching `pred`; checks it went out in the negotiated encoding. */
  async event(
    what: string,
    pred: (e: scheduler.Event, r: WireEvent) => boolean,
    { after = this.from, timeoutMs = 5_000 }: { after?: number; timeoutMs?: number } = {},
  ): Promise<WireEvent> {
    const { hit } = await this.#poll(
      (l) => l.events.find((e) => e.seq > after && pred(e.event, e)),
      timeoutMs,
      () => `master never sent ${what}`,
    );
    const want = this.ctx.contentType === "json" ? 0x7b : 0x08;
    assert.equal(hit.firstByte, want, `${what} was not encoded as ${this.ctx.contentType}`);
    return hit;
  }

  /** Every scheduler call of this framework: in the scenario's media type, answered 200/202. */
  async expectClean(frameworkId: string): Promise<number> {
    const mine = (await this.log()).requests.filter(
      (r) =>
        r.call !== undefined &&
        (r.call.framework_id?.value === frameworkId ||
          r.call.subscribe?.framework_info?.id?.value === frameworkId),
    );
    for (const r of mine) {
      const name = scheduler.call_TypeToJSON(r.call?.type ?? 0);
      assert.equal(r.contentType, mediaType(this.ctx.contentType), `${name} arrived as ${r.contentType}`);
      assert.ok(r.status === 200 || r.status === 202, `master answered ${name} with ${r.status}`);
    }
    return mine.length;
  }

  async #poll<T>(
    find: (l: WireLog) => T | undefined,
    timeoutMs: number,
    why: () => string,
  ): Promise<{ hit: T; log: WireLog }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const log = await this.log();
      const hit = find(log);
      if (hit !== undefined) return { hit, log };
      if (Date.now() > deadline || this.ctx.signal.aborted) throw new Error(`wire: ${why()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Byte-wise equality of two uuids (ACKNOWLEDGE must echo the status uuid exactly). */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
