import * as domain from "@mesos-ts/proto";
import { isReserved, normalizeRanges, rangesOfResource, reservationRole, v1 } from "@mesos-ts/proto";
import { InvalidArgumentError } from "../errors.js";

/**
 * Resource helpers for offers: builders, filters, sums and `takeResources`. The arithmetic
 * itself (same-kind merging: reservations, allocation role, disk, provider; 3-decimal scalars,
 * ranges, sets) is @mesos-ts/proto's, the one home shared with the testkit and the suite.
 */
export { isReserved, reservationRole };

export interface ResourceMeta {
  /** Allocation role of offers to MULTI_ROLE frameworks. */
  allocationRole?: string;
  /** Reservation stack (refined reservations); the last entry is the reserving role. */
  reservations?: v1.Resource_ReservationInfo[];
}

function meta(meta: ResourceMeta | undefined): Partial<v1.Resource> {
  return {
    ...(meta?.allocationRole ? { allocation_info: { role: meta.allocationRole } } : {}),
    ...(meta?.reservations?.length ? { reservations: meta.reservations } : {}),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function scalarResource(name: string, value: number, m?: ResourceMeta): v1.Resource {
  return { name, type: v1.Value_Type.SCALAR, scalar: { value: round(value) }, ...meta(m) };
}

/** `[[31000, 31009]]` (inclusive, like Mesos). */
export function rangesResource(
  name: string,
  ranges: ReadonlyArray<readonly [number | bigint, number | bigint]>,
  m?: ResourceMeta,
): v1.Resource {
  return {
    name,
    type: v1.Value_Type.RANGES,
    ranges: {
      range: normalizeRanges(ranges.map(([b, e]) => [BigInt(b), BigInt(e)])).map(([b, e]) => ({
        begin: b,
        end: e,
      })),
    },
    ...meta(m),
  };
}

export function setResource(name: string, items: readonly string[], m?: ResourceMeta): v1.Resource {
  return { name, type: v1.Value_Type.SET, set: { item: [...new Set(items)].sort() }, ...meta(m) };
}

/** Which resources to count: by name, role (allocation or reservation), reserved or not. */
export interface ResourceFilter {
  name?: string;
  /** Matches the allocation role, or the reservation role when unallocated. */
  role?: string;
  reserved?: boolean;
}

export function matches(r: v1.Resource, f: ResourceFilter = {}): boolean {
  if (f.name !== undefined && r.name !== f.name) return false;
  if (f.reserved !== undefined && isReserved(r) !== f.reserved) return false;
  if (f.role !== undefined && (r.allocation_info?.role ?? reservationRole(r) ?? "*") !== f.role) return false;
  return true;
}

export function filterResources(resources: readonly v1.Resource[], f: ResourceFilter): v1.Resource[] {
  return resources.filter((r) => matches(r, f));
}

/** Sum of a scalar resource (e.g. "cpus", "mem"). */
export function scalarSum(resources: readonly v1.Resource[], name: string, f: ResourceFilter = {}): number {
  let sum = 0;
  for (const r of resources)
    if (r.name === name && r.scalar?.value !== undefined && matches(r, f)) sum += r.scalar.value;
  return round(sum);
}

/** All values of a ranges resource (e.g. "ports") as merged inclusive ranges. */
export function rangesOf(
  resources: readonly v1.Resource[],
  name: string,
  f: ResourceFilter = {},
): Array<[bigint, bigint]> {
  const all: Array<[bigint, bigint]> = [];
  for (const r of resources) {
    if (r.name !== name || !matches(r, f)) continue;
    for (const x of r.ranges?.range ?? [])
      if (x.begin !== undefined && x.end !== undefined) all.push([x.begin, x.end]);
  }
  return normalizeRanges(all);
}

/** Items of a set resource. */
export function setItems(resources: readonly v1.Resource[], name: string, f: ResourceFilter = {}): string[] {
  const items = new Set<string>();
  for (const r of resources)
    if (r.name === name && matches(r, f)) for (const i of r.set?.item ?? []) items.add(i);
  return [...items].sort();
}

/** a + b, merging resources of the same kind (@mesos-ts/proto's arithmetic, Mesos' rules). */
export function addResources(a: readonly v1.Resource[], b: readonly v1.Resource[]): v1.Resource[] {
  return domain.addResources(a, b);
}

/** Whether `have` holds at least `need` (kind by kind). */
export function containsResources(have: readonly v1.Resource[], need: readonly v1.Resource[]): boolean {
  return domain.containsResources(have, need);
}

/** a − b; throws when `a` does not contain `b` (a framework asking for more than it was offered). */
export function subtractResources(a: readonly v1.Resource[], b: readonly v1.Resource[]): v1.Resource[] {
  if (!domain.containsResources(a, b))
    throw new InvalidArgumentError("subtractResources: not enough resources");
  return domain.subtractResources(a, b);
}
export interface ResourceRequest {
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  /** Any other scalar, e.g. `{ "network-bandwidth": 10 }`. */
  scalars?: Record<string, number>;
  /** How many ports (from the "ports" ranges). */
  ports?: number;
}

/**
 * Carves `request` out of `available` (e.g. an offer's resources), preferring reserved resources
 * of the role, and keeping each piece's role/reservation/allocation info so the master accepts it.
 * Returns the resources to put in the TaskInfo, the chosen ports and what is left, or undefined
 * when the request does not fit.
 */
export function takeResources(
  available: readonly v1.Resource[],
  request: ResourceRequest,
): { taken: v1.Resource[]; ports: number[]; remaining: v1.Resource[] } | undefined {
  const wants: Array<[string, number]> = [];
  for (const [n, v] of [
    ["cpus", request.cpus],
    ["mem", request.mem],
    ["disk", request.disk],
    ["gpus", request.gpus],
  ] as const) {
    if (v !== undefined && v > 0) wants.push([n, v]);
  }
  for (const [n, v] of Object.entries(request.scalars ?? {})) if (v > 0) wants.push([n, v]);
  const ordered = [...addResources([], available)].sort(
    (x, y) => Number(isReserved(y)) - Number(isReserved(x)),
  );
  const taken: v1.Resource[] = [];
  for (const [name, amount] of wants) {
    let left = round(amount);
    for (const r of ordered) {
      if (left <= 0) break;
      if (r.name !== name || r.type !== v1.Value_Type.SCALAR) continue;
      const part = round(Math.min(left, r.scalar?.value ?? 0));
      if (part <= 0) continue;
      taken.push({ ...r, scalar: { value: part } });
      left = round(left - part);
    }
    if (left > 0.0005) return undefined;
  }
  const ports: number[] = [];
  if (request.ports !== undefined && request.ports > 0) {
    for (const r of ordered) {
      if (ports.length >= request.ports) break;
      if (r.name !== "ports" || r.type !== v1.Value_Type.RANGES) continue;
      const chosen: Array<[bigint, bigint]> = [];
      for (const [b, e] of rangesOfResource(r)) {
        for (let p = b; p <= e && ports.length < request.ports; p++) {
          ports.push(Number(p));
          chosen.push([p, p]);
        }
      }
      if (chosen.length > 0) {
        taken.push({
          ...r,
          ranges: { range: normalizeRanges(chosen).map(([x, y]) => ({ begin: x, end: y })) },
        });
      }
    }
    if (ports.length < request.ports) return undefined;
  }
  return { taken: addResources([], taken), ports, remaining: subtractResources(available, taken) };
}
