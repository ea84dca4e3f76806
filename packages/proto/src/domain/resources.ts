import {
  type Resource,
  type Resource_ReservationInfo,
  Resource_ReservationInfo_Type,
  Value_Type,
} from "../gen/mesos/v1/mesos.pb.js";

/**
 * Resource arithmetic as Mesos' `Resources` class does it (src/common/resources.cpp): scalars in
 * fixed point with 3 decimals, ranges (inclusive) and sets. Two resources add up or subtract
 * only when they are the same kind: name, type, reservations (the legacy `role` + `reservation`
 * form is read as the equivalent refined stack), disk persistence, volume and source, provider,
 * sharedness, revocability, and — unless `ignoreAllocation` — the allocation role. Shared
 * resources never merge (Mesos counts their copies). Used by the scheduler's helpers, the
 * testkit's simulator and the conformance suite alike.
 */
export interface ResourceMathOptions {
  /**
   * Treat resources that differ only in `allocation_info` as the same kind (a simulator's pool
   * of an agent's resources; Mesos' own `unallocate()` before arithmetic). Default false.
   */
  readonly ignoreAllocation?: boolean;
}

export type Range = [bigint, bigint];

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The reservation stack, normalizing the pre-refinement `role` + `reservation` format. */
export function reservationStack(r: Resource): Resource_ReservationInfo[] {
  if (r.reservations && r.reservations.length > 0) return r.reservations;
  if (r.role !== undefined && r.role !== "*") {
    return [
      {
        type: r.reservation ? Resource_ReservationInfo_Type.DYNAMIC : Resource_ReservationInfo_Type.STATIC,
        role: r.role,
        ...(r.reservation?.principal !== undefined ? { principal: r.reservation.principal } : {}),
        ...(r.reservation?.labels !== undefined ? { labels: r.reservation.labels } : {}),
      },
    ];
  }
  return [];
}

/** The role a resource is reserved to (innermost reservation), or undefined when unreserved. */
export function reservationRole(r: Resource): string | undefined {
  const stack = reservationStack(r);
  return stack[stack.length - 1]?.role;
}

export function isReserved(r: Resource): boolean {
  return reservationRole(r) !== undefined;
}

/** The identity that decides whether two resources may be added or subtracted. */
export function resourceKey(r: Resource, options: ResourceMathOptions = {}): string {
  return JSON.stringify([
    r.name,
    r.type,
    reservationStack(r).map((x) => [x.role, x.type, x.principal ?? ""]),
    options.ignoreAllocation ? null : (r.allocation_info?.role ?? null),
    r.disk?.persistence?.id ?? null,
    r.disk?.volume?.container_path ?? null,
    r.disk?.source?.type ?? null,
    r.shared !== undefined,
    r.revocable !== undefined,
    r.provider_id?.value ?? null,
  ]);
}

/** Sorted, merged inclusive ranges (adjacent ones join, empty ones drop). */
export function normalizeRanges(list: readonly Range[]): Range[] {
  const sorted = list
    .filter(([b, e]) => b <= e)
    .map(([b, e]) => [b, e] as Range)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Range[] = [];
  for (const [b, e] of sorted) {
    const last = out[out.length - 1];
    if (last && b <= last[1] + 1n) {
      if (e > last[1]) last[1] = e;
    } else {
      out.push([b, e]);
    }
  }
  return out;
}

export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  let out = normalizeRanges(a);
  for (const [sb, se] of normalizeRanges(b)) {
    const next: Range[] = [];
    for (const [b0, e0] of out) {
      if (se < b0 || sb > e0) next.push([b0, e0]);
      else {
        if (sb > b0) next.push([b0, sb - 1n]);
        if (se < e0) next.push([se + 1n, e0]);
      }
    }
    out = next;
  }
  return out;
}

/** The ranges of one resource. */
export function rangesOfResource(r: Resource): Range[] {
  return (r.ranges?.range ?? []).flatMap((x) =>
    x.begin !== undefined && x.end !== undefined ? [[BigInt(x.begin), BigInt(x.end)] as Range] : [],
  );
}

function withRanges(r: Resource, ranges: readonly Range[]): Resource {
  return { ...r, ranges: { range: ranges.map(([begin, end]) => ({ begin, end })) } };
}

/** Whether a resource holds nothing (a scalar rounding to 0, no ranges, no items). */
export function isEmptyResource(r: Resource): boolean {
  switch (r.type) {
    case Value_Type.SCALAR:
      return round(r.scalar?.value ?? 0) <= 0;
    case Value_Type.RANGES:
      return (r.ranges?.range ?? []).length === 0;
    case Value_Type.SET:
      return (r.set?.item ?? []).length === 0;
    default:
      return true;
  }
}

function combine(a: Resource, b: Resource, sign: 1 | -1): Resource {
  switch (a.type) {
    case Value_Type.SCALAR:
      return { ...a, scalar: { value: round((a.scalar?.value ?? 0) + sign * (b.scalar?.value ?? 0)) } };
    case Value_Type.RANGES:
      return withRanges(
        a,
        sign === 1
          ? normalizeRanges([...rangesOfResource(a), ...rangesOfResource(b)])
          : subtractRanges(rangesOfResource(a), rangesOfResource(b)),
      );
    case Value_Type.SET: {
      if (sign === 1)
        return { ...a, set: { item: [...new Set([...(a.set?.item ?? []), ...(b.set?.item ?? [])])] } };
      const minus = new Set(b.set?.item ?? []);
      return { ...a, set: { item: (a.set?.item ?? []).filter((i) => !minus.has(i)) } };
    }
    default:
      return a;
  }
}

/** a + b, merged per kind (new objects; the inputs are not changed). */
export function addResources(
  a: readonly Resource[],
  b: readonly Resource[],
  options: ResourceMathOptions = {},
): Resource[] {
  const out: Resource[] = [];
  const keys: string[] = [];
  for (const r of [...a, ...b]) {
    const key = resourceKey(r, options);
    const idx = r.shared !== undefined ? -1 : keys.indexOf(key);
    if (idx < 0) {
      if (!isEmptyResource(r)) {
        out.push({ ...r });
        keys.push(key);
      }
      continue;
    }
    out[idx] = combine(out[idx] as Resource, r, 1);
  }
  return out;
}

/** a − b, dropping emptied resources; what `a` does not hold is ignored (Mesos' `-=`). */
export function subtractResources(
  a: readonly Resource[],
  b: readonly Resource[],
  options: ResourceMathOptions = {},
): Resource[] {
  const out = addResources([], a, options);
  for (const r of b) {
    const key = resourceKey(r, options);
    const idx = out.findIndex((x) => resourceKey(x, options) === key);
    if (idx < 0) continue;
    const next = combine(out[idx] as Resource, r, -1);
    if (isEmptyResource(next)) out.splice(idx, 1);
    else out[idx] = next;
  }
  return out;
}

/** Whether every resource of `need` is within `have`. */
export function containsResources(
  have: readonly Resource[],
  need: readonly Resource[],
  options: ResourceMathOptions = {},
): boolean {
  const totals = new Map<string, Resource>();
  for (const r of addResources([], have, options)) {
    const key = resourceKey(r, options);
    const prev = totals.get(key);
    totals.set(key, prev === undefined ? r : combine(prev, r, 1));
  }
  for (const r of addResources([], need, options)) {
    const total = totals.get(resourceKey(r, options));
    if (total === undefined) return false;
    if (r.type === Value_Type.SCALAR && round(total.scalar?.value ?? 0) < round(r.scalar?.value ?? 0))
      return false;
    if (
      r.type === Value_Type.RANGES &&
      subtractRanges(rangesOfResource(r), rangesOfResource(total)).length > 0
    )
      return false;
    if (r.type === Value_Type.SET) {
      const items = new Set(total.set?.item ?? []);
      if (!(r.set?.item ?? []).every((i) => items.has(i))) return false;
    }
  }
  return true;
}

/** The sum of the scalar resources named `name`. */
export function scalarTotal(resources: readonly Resource[], name: string): number {
  let sum = 0;
  for (const r of resources) if (r.name === name && r.type === Value_Type.SCALAR) sum += r.scalar?.value ?? 0;
  return round(sum);
}
