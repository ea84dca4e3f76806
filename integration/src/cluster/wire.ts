/**
 * What the master itself received and sent, independent of our client's decoding: the suite's
 * "on the wire" evidence. On the local target it is the testkit's recorder (inside the cluster's
 * host process, fetched over IPC); other targets have no master-side tap (see README).
 */
import type { master, scheduler } from "@mesos-ts/proto";

/** One HTTP request a master received, as it arrived (body decoded by the master, not by us). */
export interface WireRequest {
  readonly seq: number;
  /** `Date.now()` in the cluster's process (same machine: comparable with ours). */
  readonly at: number;
  /** Index into `Cluster.masterHttpUrls`, or -1 for an agent. */
  readonly master: number;
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly streamId: string | undefined;
  /** Status the master answered (200 for streams); undefined until answered. */
  readonly status: number | undefined;
  readonly call: scheduler.Call | undefined;
  readonly operatorCall: master.Call | undefined;
}

/** One event a master wrote on a scheduler subscription stream. */
export interface WireEvent {
  readonly seq: number;
  readonly at: number;
  readonly master: number;
  readonly frameworkId: string | undefined;
  readonly streamId: string;
  readonly event: scheduler.Event;
  /** First byte of the encoded payload: `{` for JSON, 0x08 (field 1, varint) for protobuf. */
  readonly firstByte: number | undefined;
}

export interface WireLog {
  readonly requests: readonly WireRequest[];
  readonly events: readonly WireEvent[];
}

export interface WireTap {
  /** The sequence number now: pass to `since` to see only what comes next. */
  mark(): Promise<number>;
  /** Everything recorded after `since`. */
  since(since: number): Promise<WireLog>;
}
