/**
 * Errors of @mesos-ts/operator. Wire failures are @mesos-ts/transport's (re-exported from the
 * index: HttpStatusError, NetworkError, AbortError, ...; codes `MESOS_TRANSPORT_*`); these are
 * the operator API's own. Users match on `code`, never on `message`.
 */
import { MesosClientError } from "@mesos-ts/transport";

export type OperatorErrorCode = "MESOS_OPERATOR_UNKNOWN_AGENT";

export class OperatorError extends MesosClientError {
  override name = "OperatorError";
  declare readonly code: OperatorErrorCode;
}

/** The master does not know the agent a call was meant for. */
export class UnknownAgentError extends OperatorError {
  override name = "UnknownAgentError";
  declare readonly code: "MESOS_OPERATOR_UNKNOWN_AGENT";
  constructor(readonly agentId: string) {
    super("MESOS_OPERATOR_UNKNOWN_AGENT", `no agent ${agentId} at the master`);
  }
}
