import { v1 } from "@mesos-ts/proto";
import { InvalidArgumentError } from "../errors.js";

/**
 * Resource arithmetic on offers: scalars (fixed point, 3 decimals like Mesos), ranges, sets,
 * keyed by name, role, reservations, allocation role, disk and provider, so reserved and
 * unreserved resources never merge.
 */

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

/** The role a resource is reserved for, or "*" when unreserved (refined and legacy formats). */
export function reservationRole(r: v1.Resource): string {
  const stack = r.reservations;
  if (stack !== undefined && stack.length > 0) return stack[stack.length - 1]?.role ?? "*";
  return r.role ?? "*";
}

export function isReserved(r: v1.Resource): boolean {
  return reservationRole(r) !== "*";
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
  if (f.role !== undefined && (r.allocation_info?.role ?? reservationRole(r)) !== f.role) return false;
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

/** The identity that decides whether two resources may be added/subtracted. */
function identity(r: v1.Resource): string {
  return JSON.stringify([
    r.name,
    r.type,
    r.role ?? "",
    (r.reservations ?? []).map((x) => [x.type ?? 0, x.role ?? "", x.principal ?? ""]),
    r.reservation?.principal ?? "",
    r.allocation_info?.role ?? "",
    r.provider_id?.value ?? "",
    r.disk?.persistence?.id ?? "",
    r.disk?.source?.type ?? "",
    r.revocable !== undefined,
    r.shared !== undefined,
  ]);
}

export function normalizeRanges(ranges: Array<[bigint, bigint]>): Array<[bigint, bigint]> {
  const sorted = ranges.filter(([b, e]) => b <= e).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[bigint, bigint]> = [];
  for (const [b, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && b <= last[1] + 1n) {
      if (e > last[1]) last[1] = e;
    } else out.push([b, e]);
  }
  return out;
}

function subtractRanges(a: Array<[bigint, bigint]>, b: Array<[bigint, bigint]>): Array<[bigint, bigint]> {
  let result = normalizeRanges(a.map(([x, y]) => [x, y]));
  for (const [sb, se] of normalizeRanges(b)) {
    const next: Array<[bigint, bigint]> = [];
    for (const [rb, re] of result) {
      if (se < rb || sb > re) next.push([rb, re]);
      else {
        if (sb > rb) next.push([rb, sb - 1n]);
        if (se < re) next.push([se + 1n, re]);
      }
    }
    result = next;
  }
  return result;
}

function containsRanges(have: Array<[bigint, bigint]>, need: Array<[bigint, bigint]>): boolean {
  const h = normalizeRanges(have);
  return normalizeRanges(need).every(([b, e]) => h.some(([hb, he]) => hb <= b && e <= he));
}

const rangesOfOne = (r: v1.Resource): Array<[bigint, bigint]> =>
  (r.ranges?.range ?? []).flatMap((x) =>
    x.begin !== undefined && x.end !== undefined ? [[x.begin, x.end] as [bigint, bigint]] : [],
  );

function withValue(r: v1.Resource, like: v1.Resource): v1.Resource | undefined {
  if (like.type === v1.Value_Type.SCALAR) return (r.scalar?.value ?? 0) > 0.0005 ? r : undefined;
  if (like.type === v1.Value_Type.RANGES) return (r.ranges?.range?.length ?? 0) > 0 ? r : undefined;
  return (r.set?.item?.length ?? 0) > 0 ? r : undefined;
}

function combine(a: v1.Resource, b: v1.Resource, sign: 1 | -1): v1.Resource | undefined {
  switch (a.type) {
    case v1.Value_Type.SCALAR:
      return withValue(
        { ...a, scalar: { value: round((a.scalar?.value ?? 0) + sign * (b.scalar?.value ?? 0)) } },
        a,
      );
    case v1.Value_Type.RANGES: {
      const merged =
        sign === 1
          ? normalizeRanges([...rangesOfOne(a), ...rangesOfOne(b)])
          : subtractRanges(rangesOfOne(a), rangesOfOne(b));
      return withValue({ ...a, ranges: { range: merged.map(([x, y]) => ({ begin: x, end: y })) } }, a);
    }
    case v1.Value_Type.SET: {
      const items = new Set(a.set?.item ?? []);
      for (const i of b.set?.item ?? []) sign === 1 ? items.add(i) : items.delete(i);
      return withValue({ ...a, set: { item: [...items].sort() } }, a);
    }
    default:
      throw new InvalidArgumentError(`resource ${a.name}: unsupported value type ${a.type}`);
  }
}

/** a + b, merging resources of the same identity. */
export function addResources(a: readonly v1.Resource[], b: readonly v1.Resource[]): v1.Resource[] {
  const out = new Map<string, v1.Resource>();
  for (const r of [...a, ...b]) {
    const k = identity(r);
    const prev = out.get(k);
    const next = prev === undefined ? r : combine(prev, r, 1);
    if (next !== undefined) out.set(k, next);
  }
  return [...out.values()];
}

/** Whether `have` holds at least `need` (identity by identity). */
export function containsResources(have: readonly v1.Resource[], need: readonly v1.Resource[]): boolean {
  const h = new Map(addResources([], have).map((r) => [identity(r), r]));
  for (const n of addResources([], need)) {
    const x = h.get(identity(n));
    if (x === undefined) return false;
    if (n.type === v1.Value_Type.SCALAR && (x.scalar?.value ?? 0) + 0.0005 < (n.scalar?.value ?? 0))
      return false;
    if (n.type === v1.Value_Type.RANGES && !containsRanges(rangesOfOne(x), rangesOfOne(n))) return false;
    if (n.type === v1.Value_Type.SET && !(n.set?.item ?? []).every((i) => x.set?.item?.includes(i)))
      return false;
  }
  return true;
}

/** a − b; throws when `a` does not contain `b`. */
export function subtractResources(a: readonly v1.Resource[], b: readonly v1.Resource[]): v1.Resource[] {
  if (!containsResources(a, b)) throw new InvalidArgumentError("subtractResources: not enough resources");
  const out = new Map(addResources([], a).map((r) => [identity(r), r] as const));
  for (const r of addResources([], b)) {
    const k = identity(r);
    const prev = out.get(k);
    if (prev === undefined) continue;
    const next = combine(prev, r, -1);
    if (next === undefined) out.delete(k);
    else out.set(k, next);
  }
  return [...out.values()];
}

/** What a task asks for: scalars by name and a number of ports. */
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
      for (const [b, e] of rangesOfOne(r)) {
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
