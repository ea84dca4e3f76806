import type { v1 } from "@mesos-ts/proto";

/** Filters as `{ refuse_seconds }` or just the seconds. */
export type FiltersLike = v1.Filters | number;

export function toFilters(filters: FiltersLike | undefined): v1.Filters | undefined {
  if (filters === undefined) return undefined;
  return typeof filters === "number" ? { refuse_seconds: filters } : filters;
}
