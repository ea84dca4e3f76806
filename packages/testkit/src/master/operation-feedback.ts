// Operation feedback (`src/master/master.cpp`, `src/slave/slave.cpp`): agents that advertise AGENT_OPERATION_FEEDBACK (every
// 1.12 agent does) report each offer operation that carries an `id` with an
// UPDATE_OPERATION_STATUS whose status has a uuid; the framework acknowledges it with
// ACKNOWLEDGE_OPERATION_STATUS, and until then the update is resent with a doubling backoff
// (the agent's operation status update manager). The master keeps the operation (GET_OPERATIONS,
// RECONCILE_OPERATIONS) until that acknowledgement.
import { scheduler, v1 } from "@mesos-ts/proto";
import type { SeededIds } from "../ids.js";
import type { FrameworkRecord } from "./registry.js";

export interface PendingOperation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly info: v1.Offer_Operation;
  status: v1.OperationStatus;
  timer: NodeJS.Timeout | undefined;
}

export interface OperationFeedbackOptions {
  readonly ids: SeededIds;
  readonly retryIntervalMs: number;
  readonly maxRetryIntervalMs: number;
  /** Writes an event on the framework's stream, if it has one. */
  send(frameworkId: string, event: scheduler.Event): void;
}

export class OperationFeedback {
  readonly #options: OperationFeedbackOptions;
  /** Operations awaiting acknowledgement, by uuid (hex). */
  readonly #pending = new Map<string, PendingOperation>();

  constructor(options: OperationFeedbackOptions) {
    this.#options = options;
  }

  /** The operation was applied on `agentId`: OPERATION_FINISHED with a uuid, resent until acked. */
  finished(fw: FrameworkRecord, agentId: string, info: v1.Offer_Operation, converted: v1.Resource[]): void {
    const uuid = this.#options.ids.uuidBytes();
    const op: PendingOperation = {
      frameworkId: fw.id,
      agentId,
      info,
      status: {
        ...(info.id ? { operation_id: info.id } : {}),
        state: v1.OperationState.OPERATION_FINISHED,
        converted_resources: converted,
        uuid: { value: uuid },
        agent_id: { value: agentId },
      },
      timer: undefined,
    };
    this.#pending.set(uuid.toString("hex"), op);
    this.#deliver(op, this.#options.retryIntervalMs);
  }

  /** ACKNOWLEDGE_OPERATION_STATUS: true when it matched an update awaiting acknowledgement. */
  acknowledge(frameworkId: string, uuid: Uint8Array): boolean {
    const key = Buffer.from(uuid).toString("hex");
    const op = this.#pending.get(key);
    if (!op || op.frameworkId !== frameworkId) return false;
    if (op.timer) clearTimeout(op.timer);
    this.#pending.delete(key);
    return true;
  }

  /** Operations of a framework (all when undefined) still awaiting acknowledgement. */
  operations(frameworkId?: string): PendingOperation[] {
    return [...this.#pending.values()].filter(
      (o) => frameworkId === undefined || o.frameworkId === frameworkId,
    );
  }

  /** The framework is gone: its updates are no longer resent. */
  forgetFramework(frameworkId: string): void {
    for (const [key, op] of this.#pending) {
      if (op.frameworkId !== frameworkId) continue;
      if (op.timer) clearTimeout(op.timer);
      this.#pending.delete(key);
    }
  }

  close(): void {
    for (const op of this.#pending.values()) if (op.timer) clearTimeout(op.timer);
    this.#pending.clear();
  }

  #deliver(op: PendingOperation, nextMs: number): void {
    this.#options.send(op.frameworkId, {
      type: scheduler.Event_Type.UPDATE_OPERATION_STATUS,
      update_operation_status: { status: op.status },
    });
    op.timer = setTimeout(
      () => this.#deliver(op, Math.min(nextMs * 2, this.#options.maxRetryIntervalMs)),
      Math.min(nextMs, 2 ** 31 - 1),
    );
    op.timer.unref?.();
  }
}
