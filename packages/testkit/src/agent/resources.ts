import * as proto from "@mesos-ts/proto";
import { reservationRole, reservationStack, v1 } from "@mesos-ts/proto";

type Resource = v1.Resource;

/**
 * The simulator's resource arithmetic: @mesos-ts/proto's (one home for Mesos domain logic, shared
 * with the scheduler and the conformance suite), with allocation info ignored for identity: an
 * agent's books pool its resources whatever role they are offered to.
 */
const POOL = { ignoreAllocation: true } as const;

export { reservationRole, reservationStack } from "@mesos-ts/proto";

export function resourceKey(r: Resource): string {
  return proto.resourceKey(r, POOL);
}

function clone(r: Resource): Resource {
  return v1.Resource.fromPartial(r);
}

/** a + b, merged per kind. */
export function addResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  return proto.addResources(a, b, POOL);
}

/** a - b (what is not there is ignored), dropping emptied resources. */
export function subtractResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  return proto.subtractResources(a, b, POOL);
}

/** True when every resource of b is within a. */
export function containsResources(a: readonly Resource[], b: readonly Resource[]): boolean {
  return proto.containsResources(a, b, POOL);
}

export function scalarOf(resources: readonly Resource[], name: string): number {
  return proto.scalarTotal(resources, name);
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
 * RESERVATION_REFINEMENT capability (`include/mesos/v1/mesos.proto`, `src/common/resources_utils.cpp`); unreserved resources then carry `role: "*"`.
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
