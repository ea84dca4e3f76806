import type { OutputReader } from "./framework.js";

/** Largest stdout read per task. */
const MAX_BYTES = 64 * 1024;

/**
 * A real cluster's task output, read from the agent that ran it (the `Offer.url` of its offers)
 * through the agent's `/files/read` endpoint and the sandbox's virtual path
 * `/frameworks/<framework>/executors/<executor>/runs/latest/stdout`, which Mesos agents attach
 * for every executor. Best effort: any failure is reported, never fatal.
 */
export function agentFilesReader(options: { timeoutMs?: number } = {}): OutputReader {
  return async ({ frameworkId, executorId, agentUrl, taskId }) => {
    const address = agentUrl?.address;
    const host = address?.hostname ?? address?.ip;
    if (host === undefined || address?.port === undefined) return { error: "the agent's URL is unknown" };
    // The command executor's id is the task id when the update did not name one.
    const executor = executorId ?? taskId;
    const path = `/frameworks/${frameworkId}/executors/${executor}/runs/latest/stdout`;
    const base = `${agentUrl?.scheme ?? "http"}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    const url = `${base}/files/read?${new URLSearchParams({ path, offset: "0", length: String(MAX_BYTES) })}`;
    const location = `${base}/files/download?${new URLSearchParams({ path })}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 3000) });
      if (!res.ok) return { location, error: `agent answered ${res.status} to /files/read` };
      const body = (await res.json()) as { data?: unknown };
      if (typeof body.data !== "string") return { location, error: "agent's /files/read answer has no data" };
      return { location, stdout: body.data };
    } catch (error) {
      return { location, error: `cannot read from the agent: ${(error as Error).message}` };
    }
  };
}
