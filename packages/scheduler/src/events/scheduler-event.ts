import { scheduler, type v1 } from "@mesos-ts/proto";

/**
 * A scheduler event as the caller sees it: a discriminated union on `type` (the Mesos event
 * type name), with the payload narrowed and lifted to the top. Every member keeps the decoded
 * wire message in `raw`. Types a newer master may add arrive as `{ type: "unknown" }`, never as
 * a crash, so an exhaustive `switch (event.type)` keeps compiling and working.
 */
export type SchedulerEvent =
  | SubscribedEvent
  | OffersEvent
  | InverseOffersEvent
  | RescindEvent
  | RescindInverseOfferEvent
  | UpdateEvent
  | UpdateOperationStatusEvent
  | MessageEvent
  | FailureEvent
  | ErrorEvent
  | HeartbeatEvent
  | UnknownEvent;

export type SchedulerEventType = SchedulerEvent["type"];

interface EventBase {
  /** The subscription (1, 2, ...) whose stream carried this event. */
  readonly generation: number;
  /** The decoded wire message. */
  readonly raw: scheduler.Event;
}

export interface SubscribedEvent extends EventBase {
  readonly type: "SUBSCRIBED";
  readonly frameworkId: v1.FrameworkID & { value: string };
  readonly heartbeatIntervalSeconds: number;
  readonly masterInfo: v1.MasterInfo | undefined;
}
export interface OffersEvent extends EventBase {
  readonly type: "OFFERS";
  readonly offers: v1.Offer[];
}
export interface InverseOffersEvent extends EventBase {
  readonly type: "INVERSE_OFFERS";
  readonly inverseOffers: v1.InverseOffer[];
}
export interface RescindEvent extends EventBase {
  readonly type: "RESCIND";
  readonly offerId: v1.OfferID;
}
export interface RescindInverseOfferEvent extends EventBase {
  readonly type: "RESCIND_INVERSE_OFFER";
  readonly inverseOfferId: v1.OfferID;
}
export interface UpdateEvent extends EventBase {
  readonly type: "UPDATE";
  readonly status: v1.TaskStatus;
}
export interface UpdateOperationStatusEvent extends EventBase {
  readonly type: "UPDATE_OPERATION_STATUS";
  readonly status: v1.OperationStatus;
}
export interface MessageEvent extends EventBase {
  readonly type: "MESSAGE";
  readonly agentId: v1.AgentID | undefined;
  readonly executorId: v1.ExecutorID | undefined;
  readonly data: Uint8Array;
}
export interface FailureEvent extends EventBase {
  readonly type: "FAILURE";
  readonly agentId: v1.AgentID | undefined;
  readonly executorId: v1.ExecutorID | undefined;
  /** Executor exit status; absent when an agent was lost. */
  readonly exitStatus: number | undefined;
}
export interface ErrorEvent extends EventBase {
  readonly type: "ERROR";
  readonly message: string;
}
export interface HeartbeatEvent extends EventBase {
  readonly type: "HEARTBEAT";
}
export interface UnknownEvent extends EventBase {
  readonly type: "unknown";
  /** The numeric type on the wire, if any (undefined when absent or not a known name in JSON). */
  readonly wireType: number | undefined;
}

const T = scheduler.Event_Type;

/**
 * Narrows a decoded wire event into the union. Never throws: anything unusable is "unknown".
 * On the hot path (one call per event): every member is one object literal with the same leading
 * keys — no spread of a shared base, which cost V8 a generic object clone per event.
 */
export function toSchedulerEvent(raw: scheduler.Event, generation: number): SchedulerEvent {
  switch (raw.type) {
    case T.UPDATE: {
      const status = raw.update?.status;
      if (status === undefined) break;
      return { type: "UPDATE", generation, raw, status };
    }
    case T.HEARTBEAT:
      return { type: "HEARTBEAT", generation, raw };
    case T.OFFERS:
      return { type: "OFFERS", generation, raw, offers: raw.offers?.offers ?? [] };
    case T.SUBSCRIBED: {
      const s = raw.subscribed;
      const value = s?.framework_id?.value;
      if (s === undefined || value === undefined) break;
      return {
        type: "SUBSCRIBED",
        generation,
        raw,
        frameworkId: { ...s.framework_id, value },
        heartbeatIntervalSeconds: s.heartbeat_interval_seconds ?? 15,
        masterInfo: s.master_info,
      };
    }
    case T.INVERSE_OFFERS:
      return {
        type: "INVERSE_OFFERS",
        generation,
        raw,
        inverseOffers: raw.inverse_offers?.inverse_offers ?? [],
      };
    case T.RESCIND: {
      const offerId = raw.rescind?.offer_id;
      if (offerId === undefined) break;
      return { type: "RESCIND", generation, raw, offerId };
    }
    case T.RESCIND_INVERSE_OFFER: {
      const inverseOfferId = raw.rescind_inverse_offer?.inverse_offer_id;
      if (inverseOfferId === undefined) break;
      return { type: "RESCIND_INVERSE_OFFER", generation, raw, inverseOfferId };
    }
    case T.UPDATE_OPERATION_STATUS: {
      const status = raw.update_operation_status?.status;
      if (status === undefined) break;
      return { type: "UPDATE_OPERATION_STATUS", generation, raw, status };
    }
    case T.MESSAGE:
      return {
        type: "MESSAGE",
        generation,
        raw,
        agentId: raw.message?.agent_id,
        executorId: raw.message?.executor_id,
        data: raw.message?.data ?? new Uint8Array(0),
      };
    case T.FAILURE:
      return {
        type: "FAILURE",
        generation,
        raw,
        agentId: raw.failure?.agent_id,
        executorId: raw.failure?.executor_id,
        exitStatus: raw.failure?.status,
      };
    case T.ERROR:
      return { type: "ERROR", generation, raw, message: raw.error?.message ?? "" };
    default:
      break;
  }
  const wireType = raw.type === undefined || raw.type === T.UNRECOGNIZED ? undefined : raw.type;
  return { type: "unknown", generation, raw, wireType };
}
