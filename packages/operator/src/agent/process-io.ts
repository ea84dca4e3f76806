// The records of a container session's output (agent.ProcessIO,
// `include/mesos/v1/agent/agent.proto`, `src/slave/http.cpp`): stdout and stderr bytes, and CONTROL
// heartbeats (every 30 s on a real agent). No exit status travels in the stream:
// WAIT_NESTED_CONTAINER gives it.
import { agent } from "@mesos-ts/proto";

export type ProcessOutput =
  | { readonly type: "stdout" | "stderr"; readonly data: Uint8Array }
  | { readonly type: "heartbeat" }
  | { readonly type: "unknown"; readonly record: agent.ProcessIO };

export function toProcessOutput(record: agent.ProcessIO): ProcessOutput {
  if (record.type === agent.ProcessIO_Type.DATA && record.data) {
    const data = record.data.data ?? new Uint8Array(0);
    if (record.data.type === agent.ProcessIO_Data_Type.STDOUT) return { type: "stdout", data };
    if (record.data.type === agent.ProcessIO_Data_Type.STDERR) return { type: "stderr", data };
  }
  if (record.type === agent.ProcessIO_Type.CONTROL && record.control?.heartbeat) return { type: "heartbeat" };
  return { type: "unknown", record };
}

/** The ATTACH_CONTAINER_INPUT call carrying stdin bytes (empty = end of input, as Mesos reads it). */
export function stdinCall(data: Uint8Array): agent.Call {
  return {
    type: agent.Call_Type.ATTACH_CONTAINER_INPUT,
    attach_container_input: {
      type: agent.Call_AttachContainerInput_Type.PROCESS_IO,
      process_io: {
        type: agent.ProcessIO_Type.DATA,
        data: { type: agent.ProcessIO_Data_Type.STDIN, data: Buffer.from(data) },
      },
    },
  };
}

/** Exit code of a raw wait status (WAIT_NESTED_CONTAINER's `exit_status`: 768 is exit 3). */
export function exitCodeOf(waitStatus: number): number {
  const signal = waitStatus & 0x7f;
  return signal === 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
}
