/**
 * The master's `/files/*` (`src/files/files.cpp`): a master attaches only its own log file, and
 * only with `--log_dir`, which the simulated master has not. So every path is unknown (404, empty
 * body, as recorded); sandboxes are read on the agent that holds them.
 */
export const FILES_ROUTES = ["/files/browse", "/files/read", "/files/download"];

export function filesEndpoint(query: URLSearchParams, answer: (status: number, text?: string) => void): void {
  if (!query.has("path")) {
    answer(400, "Expecting 'path=value' in query.\n");
    return;
  }
  answer(404);
}
