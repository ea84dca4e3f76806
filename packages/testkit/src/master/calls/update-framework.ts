import { master, type scheduler, v1 } from "@mesos-ts/proto";
import type { MasterCore } from "../core.js";
import { frameworkRoles, validateFrameworkInfo } from "../framework-info.js";
import type { FrameworkRecord } from "../registry.js";

/** UPDATE_FRAMEWORK (`Master::updateFramework`, `src/master/master.cpp`): synchronous, all or nothing. */
export function updateFramework(
  core: MasterCore,
  fw: FrameworkRecord,
  call: scheduler.Call,
): { status: number; text: string } {
  const update = call.update_framework ?? {};
  const info = v1.FrameworkInfo.fromPartial(update.framework_info ?? {});
  if (info.id?.value !== call.framework_id?.value) {
    return { status: 400, text: "'framework_info.id' differs from 'framework_id'" };
  }
  const suppressed = update.suppressed_roles ?? [];
  const invalid = validateFrameworkInfo(info, suppressed);
  if (invalid) return { status: 400, text: invalid };
  const changed: string[] = [];
  if ((info.principal ?? undefined) !== (fw.info.principal ?? undefined)) changed.push("principal");
  if ((info.user ?? undefined) !== (fw.info.user ?? undefined)) changed.push("user");
  if ((info.checkpoint ?? false) !== (fw.info.checkpoint ?? false)) changed.push("checkpoint");
  if (changed.length > 0) {
    return { status: 400, text: `Updating immutable framework fields is not allowed: ${changed.join(", ")}` };
  }
  const oldRoles = new Set(frameworkRoles(fw.info));
  const newRoles = new Set(frameworkRoles(info));
  const removed = new Set([...oldRoles].filter((r) => !newRoles.has(r)));
  const unsuppressed = new Set([...fw.suppressed].filter((r) => !suppressed.includes(r)));
  fw.info = info;
  fw.suppressed = new Set(suppressed);
  fw.offerConstraints = update.offer_constraints;
  if (removed.size > 0) core.allocator.removeFrameworkOffers(fw.id, true, removed);
  if (unsuppressed.size > 0) core.allocator.clearFilters(fw.id, unsuppressed);
  core.publishOperator({
    type: master.Event_Type.FRAMEWORK_UPDATED,
    framework_updated: { framework: core.frameworkView(fw) },
  });
  return { status: 200, text: "" };
}
