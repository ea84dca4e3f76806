import { MesosJson, v1 } from "@mesos-ts/proto";
import { reservationRole, toPreRefinementFormat, withAllocationRole } from "../agent/resources.js";
import { Double, double, RawJson } from "./json-text.js";

/**
 * `model(Resources)` (src/common/http.cpp): scalars summed per name as doubles (`disk`, `mem`,
 * `gpus`, `cpus` always present), ranges as `"[31000-31999]"`, sets as `"{a,b}"`.
 */
export function resourcesModel(resources: readonly v1.Resource[]): Record<string, Double | string> {
  const out: Record<string, Double | string> = {
    disk: double(0),
    mem: double(0),
    gpus: double(0),
    cpus: double(0),
  };
  const ranges = new Map<string, string[]>();
  for (const r of resources) {
    const name = r.name ?? "";
    if (r.type === v1.Value_Type.SCALAR) {
      const before = out[name] instanceof Double ? (out[name] as Double).value : 0;
      out[name] = double(Math.round((before + (r.scalar?.value ?? 0)) * 1000) / 1000);
    } else if (r.type === v1.Value_Type.RANGES) {
      const list = ranges.get(name) ?? [];
      for (const x of r.ranges?.range ?? []) list.push(`${x.begin}-${x.end}`);
      ranges.set(name, list);
    } else if (r.type === v1.Value_Type.SET) {
      out[name] = `{${(r.set?.item ?? []).join(",")}}`;
    }
  }
  for (const [name, list] of ranges) out[name] = `[${list.join(", ")}]`;
  return out;
}

/** Resources reserved to a role, per role (`reserved_resources`). */
export function reservedModel(resources: readonly v1.Resource[]): Record<string, unknown> {
  const byRole = new Map<string, v1.Resource[]>();
  for (const r of resources) {
    const role = reservationRole(r);
    if (role === undefined) continue;
    byRole.set(role, [...(byRole.get(role) ?? []), r]);
  }
  const out: Record<string, unknown> = {};
  for (const [role, list] of byRole) out[role] = resourcesModel(list);
  return out;
}

/**
 * Resources as the operator API and `/state`'s `_full` fields write them: the pre-refinement
 * `role` (`"*"` when unreserved) kept beside `reservations`, and `allocation_info` when allocated
 * or offered to a role.
 */
export function resourcesForOperator(
  resources: readonly v1.Resource[],
  allocationRole?: string,
): v1.Resource[] {
  const legacy = toPreRefinementFormat(resources);
  const refined = allocationRole === undefined ? resources : withAllocationRole(resources, allocationRole);
  return refined.map((r, i) => ({
    ...r,
    role: legacy[i]?.role ?? "*",
    ...(r.reservations?.length ? { reservation: legacy[i]?.reservation } : {}),
  }));
}

/** The same, as JSON text pieces for hand-built documents. */
export function resourcesFull(resources: readonly v1.Resource[], allocationRole?: string): RawJson[] {
  return resourcesForOperator(resources, allocationRole).map(
    (r) => new RawJson(MesosJson.stringify(v1.Resource, r)),
  );
}
