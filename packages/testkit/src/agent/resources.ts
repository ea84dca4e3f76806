import { v1 } from "@mesos-ts/proto";

type Resource = v1.Resource;

/**
 * Resource arithmetic as Mesos' `Resources` class does it, for what the simulator needs:
 * scalars (fixed point, 3 decimals), ranges and sets; resources are "the same kind" when name,
 * type, reservations, disk (persistence/volume), sharedness and revocability agree.
 * Allocation info is ignored for identity.
 */
export function resourceKey(r: Resource): string {
  const reservations = reservationStack(r).map((x) => [x.role, x.type, x.principal ?? ""]);
  return JSON.stringify([
    r.name,
    r.type,
    reservations,
    r.disk?.persistence?.id ?? null,
    r.disk?.volume?.container_path ?? null,
    r.disk?.source?.type ?? null,
    r.shared !== undefined,
    r.revocable !== undefined,
    r.provider_id?.value ?? null,
  ]);
}

/** The reservation stack, normalizing the pre-refinement `role` + `reservation` format. */
export function reservationStack(r: Resource): v1.Resource_ReservationInfo[] {
  if (r.reservations && r.reservations.length > 0) return r.reservations;
  if (r.role !== undefined && r.role !== "*") {
    return [
      {
        type: r.reservation
          ? v1.Resource_ReservationInfo_Type.DYNAMIC
          : v1.Resource_ReservationInfo_Type.STATIC,
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

const round = (n: number) => Math.round(n * 1000) / 1000;

function clone(r: Resource): Resource {
  return v1.Resource.fromPartial(r);
}

type Range = [bigint, bigint];

function rangesOf(r: Resource): Range[] {
  return (r.ranges?.range ?? []).map((x) => [BigInt(x.begin ?? 0n), BigInt(x.end ?? 0n)] as Range);
}

function normalizeRanges(list: Range[]): Range[] {
  const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
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

function subtractRanges(a: Range[], b: Range[]): Range[] {
  let out = normalizeRanges(a);
  for (const [sb, se] of b) {
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

function rangesContain(a: Range[], b: Range[]): boolean {
  return subtractRanges(b, a).length === 0;
}

function setRanges(r: Resource, ranges: Range[]): void {
  r.ranges = { range: ranges.map(([begin, end]) => ({ begin, end })) };
}

function isEmpty(r: Resource): boolean {
  switch (r.type) {
    case v1.Value_Type.SCALAR:
      return round(r.scalar?.value ?? 0) <= 0;
    case v1.Value_Type.RANGES:
      return (r.ranges?.range ?? []).length === 0;
    case v1.Value_Type.SET:
      return (r.set?.item ?? []).length === 0;
    default:
      return true;
  }
}

/** a + b, merged per kind. */
export function addResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const out = a.map(clone);
  for (const r of b) {
    const key = resourceKey(r);
    const same = out.find((x) => resourceKey(x) === key);
    if (!same || r.shared !== undefined) {
      if (!isEmpty(r)) out.push(clone(r));
      continue;
    }
    if (r.type === v1.Value_Type.SCALAR) {
      same.scalar = { value: round((same.scalar?.value ?? 0) + (r.scalar?.value ?? 0)) };
    } else if (r.type === v1.Value_Type.RANGES) {
      setRanges(same, normalizeRanges([...rangesOf(same), ...rangesOf(r)]));
    } else if (r.type === v1.Value_Type.SET) {
      same.set = { item: [...new Set([...(same.set?.item ?? []), ...(r.set?.item ?? [])])] };
    }
  }
  return out;
}

/** a - b (what is not there is ignored), dropping emptied resources. */
export function subtractResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const out = a.map(clone);
  for (const r of b) {
    const key = resourceKey(r);
    const idx = out.findIndex((x) => resourceKey(x) === key);
    const same = out[idx];
    if (!same) continue;
    if (r.type === v1.Value_Type.SCALAR) {
      same.scalar = { value: round((same.scalar?.value ?? 0) - (r.scalar?.value ?? 0)) };
    } else if (r.type === v1.Value_Type.RANGES) {
      setRanges(same, subtractRanges(rangesOf(same), rangesOf(r)));
    } else if (r.type === v1.Value_Type.SET) {
      const minus = new Set(r.set?.item ?? []);
      same.set = { item: (same.set?.item ?? []).filter((i) => !minus.has(i)) };
    }
    if (isEmpty(same)) out.splice(idx, 1);
  }
  return out;
}

/** True when every resource of b is within a. */
export function containsResources(a: readonly Resource[], b: readonly Resource[]): boolean {
  const merged = addResources([], b);
  for (const r of merged) {
    const same = a.filter((x) => resourceKey(x) === resourceKey(r));
    const total = addResources([], same)[0];
    if (!total) {
      if (isEmpty(r)) continue;
      return false;
    }
    if (r.type === v1.Value_Type.SCALAR && round(total.scalar?.value ?? 0) < round(r.scalar?.value ?? 0)) {
      return false;
    }
    if (r.type === v1.Value_Type.RANGES && !rangesContain(rangesOf(total), rangesOf(r))) return false;
    if (r.type === v1.Value_Type.SET) {
      const have = new Set(total.set?.item ?? []);
      if (!(r.set?.item ?? []).every((i) => have.has(i))) return false;
    }
  }
  return true;
}

export function scalarOf(resources: readonly Resource[], name: string): number {
  return round(
    resources
      .filter((r) => r.name === name && r.type === v1.Value_Type.SCALAR)
      .reduce((s, r) => s + (r.scalar?.value ?? 0), 0),
  );
}

/** Resources offerable to `role`: unreserved ones and those reserved to that role. */
export function offerableTo(resources: readonly Resource[], role: string): Resource[] {
  return resources.filter((r) => {
    const reserved = reservationRole(r);
    return reserved === undefined || reserved === role;
  });
}

/** Strips allocation info (what the agent holds) or sets it (what an offer carries). */
export function withAllocationRole(resources: readonly Resource[], role: string | undefined): Resource[] {
  return resources.map((r) => {
    const c = clone(r);
    if (role === undefined) delete c.allocation_info;
    else c.allocation_info = { role };
    return c;
  });
}

/**
 * The pre-refinement format (`role` + `reservation`) for frameworks without the
 * RESERVATION_REFINEMENT capability (§3.12); unreserved resources then carry `role: "*"`.
 */
export function toPreRefinementFormat(resources: readonly Resource[]): Resource[] {
  return resources.map((r) => {
    const c = clone(r);
    const stack = reservationStack(r);
    delete c.reservations;
    const top = stack[0];
    if (!top) {
      c.role = "*";
      delete c.reservation;
    } else {
      c.role = top.role ?? "*";
      if (top.type === v1.Resource_ReservationInfo_Type.DYNAMIC) {
        c.reservation = {
          ...(top.principal !== undefined ? { principal: top.principal } : {}),
          ...(top.labels !== undefined ? { labels: top.labels } : {}),
        };
      } else {
        delete c.reservation;
      }
    }
    return c;
  });
}

/** The post-refinement format every resource is kept in internally. */
export function toRefinedFormat(resources: readonly Resource[]): Resource[] {
  return resources.map((r) => {
    const c = clone(r);
    const stack = reservationStack(r);
    delete c.role;
    delete c.reservation;
    if (stack.length > 0) c.reservations = stack;
    else delete c.reservations;
    return c;
  });
}

// Builders for agent options.
export function scalar(name: string, value: number, role?: string): Resource {
  return v1.Resource.fromPartial({
    name,
    type: v1.Value_Type.SCALAR,
    scalar: { value },
    ...(role && role !== "*"
      ? { reservations: [{ type: v1.Resource_ReservationInfo_Type.STATIC, role }] }
      : {}),
  });
}

export function ranges(
  name: string,
  list: ReadonlyArray<readonly [number, number]>,
  role?: string,
): Resource {
  return v1.Resource.fromPartial({
    name,
    type: v1.Value_Type.RANGES,
    ranges: { range: list.map(([b, e]) => ({ begin: BigInt(b), end: BigInt(e) })) },
    ...(role && role !== "*"
      ? { reservations: [{ type: v1.Resource_ReservationInfo_Type.STATIC, role }] }
      : {}),
  });
}
