/**
 * What each status of the operator API `POST /api/v1` means (`src/master/http.cpp`,
 * `src/slave/http.cpp`). Retry decisions read `temporary`, never text.
 */
export interface StatusMeaning {
  readonly meaning: string;
  readonly temporary: boolean;
}

const table = new Map<number, StatusMeaning>([
  [400, { meaning: "Bad Request", temporary: false }],
  [401, { meaning: "Unauthorized", temporary: false }],
  [403, { meaning: "Forbidden", temporary: false }],
  [404, { meaning: "Not Found", temporary: false }],
  [405, { meaning: "Method Not Allowed", temporary: false }],
  [406, { meaning: "Not Acceptable", temporary: false }],
  [409, { meaning: "Conflict", temporary: false }],
  [415, { meaning: "Unsupported Media Type", temporary: false }],
  [500, { meaning: "Internal Server Error", temporary: false }],
  [501, { meaning: "Not Implemented", temporary: false }],
  [503, { meaning: "Service Unavailable (no leader, or recovering)", temporary: true }],
]);

export function statusMeaning(status: number): StatusMeaning {
  return table.get(status) ?? { meaning: `unexpected status ${status}`, temporary: false };
}
