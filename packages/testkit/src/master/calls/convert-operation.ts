import { v1 } from "@mesos-ts/proto";
import { toRefinedFormat } from "../../agent/resources.js";

/** Who applies the operation: a framework (its roles and principal) or the operator (any role). */
export interface OperationAuthority {
  /** Roles a reservation may name; undefined: any (the operator API). */
  readonly roles?: readonly string[];
  readonly principal?: string | undefined;
}

/** RESERVE/UNRESERVE/CREATE/DESTROY as a `from` → `to` conversion of agent resources. */
export function convertOperation(
  op: v1.Offer_Operation,
  by: OperationAuthority,
): { from: v1.Resource[]; to: v1.Resource[] } | string {
  const O = v1.Offer_Operation_Type;
  const strip = (list: v1.Resource[]) =>
    toRefinedFormat(list).map((r) => ({ ...r, allocation_info: undefined }));
  switch (op.type) {
    case O.RESERVE: {
      const to = strip(op.reserve?.resources ?? []);
      if (to.length === 0) return "no resources to reserve";
      for (const r of to) {
        const top = r.reservations?.[r.reservations.length - 1];
        if (!top) return "resource has no reservation";
        if (top.type !== v1.Resource_ReservationInfo_Type.DYNAMIC) return "reservation must be DYNAMIC";
        if (!top.role || top.role === "*") return "a reservation needs a role other than '*'";
        if (by.roles && !by.roles.includes(top.role))
          return `role '${top.role}' is not one of the framework's roles`;
        if (by.principal !== undefined && top.principal !== undefined && top.principal !== by.principal) {
          return "reservation principal differs from the framework's principal";
        }
      }
      const from = to.map((r) => ({ ...r, reservations: r.reservations?.slice(0, -1) }));
      return { from: toRefinedFormat(from), to };
    }
    case O.UNRESERVE: {
      const from = strip(op.unreserve?.resources ?? []);
      if (from.length === 0) return "no resources to unreserve";
      for (const r of from) {
        const top = r.reservations?.[r.reservations.length - 1];
        if (top?.type !== v1.Resource_ReservationInfo_Type.DYNAMIC)
          return "only dynamic reservations can be unreserved";
        if (r.disk?.persistence) return "a persistent volume cannot be unreserved";
      }
      const to = from.map((r) => ({ ...r, reservations: r.reservations?.slice(0, -1) }));
      return { from, to: toRefinedFormat(to) };
    }
    case O.CREATE: {
      const to = strip(op.create?.volumes ?? []);
      for (const r of to) {
        if (r.name !== "disk" || !r.disk?.persistence?.id)
          return "volumes must be disk resources with a persistence id";
        if (!r.reservations?.length) return "persistent volumes must be reserved";
      }
      const from = to.map((r) => {
        const copy = { ...r };
        delete copy.disk;
        return copy;
      });
      return { from, to };
    }
    case O.DESTROY: {
      const from = strip(op.destroy?.volumes ?? []);
      for (const r of from) if (!r.disk?.persistence?.id) return "not a persistent volume";
      const to = from.map((r) => {
        const copy = { ...r };
        delete copy.disk;
        return copy;
      });
      return { from, to };
    }
    default:
      return "unsupported";
  }
}
