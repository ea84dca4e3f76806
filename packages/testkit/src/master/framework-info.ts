import { v1 } from "@mesos-ts/proto";

export const hasCapability = (info: v1.FrameworkInfo | undefined, type: v1.FrameworkInfo_Capability_Type) =>
  (info?.capabilities ?? []).some((c) => c.type === type);

/** The roles a framework subscribes to: `roles` with MULTI_ROLE, else `role` (default "*"). */
export function frameworkRoles(info: v1.FrameworkInfo): string[] {
  if (hasCapability(info, v1.FrameworkInfo_Capability_Type.MULTI_ROLE)) return [...(info.roles ?? [])];
  return [info.role ?? "*"];
}

/** `src/common/roles.cpp` name rules. */
export function validateRole(role: string): string | undefined {
  if (role === "*") return undefined;
  if (role === "") return "Empty role name is invalid";
  if (role.startsWith("/")) return `Role '${role}' cannot start with a slash`;
  if (role.endsWith("/")) return `Role '${role}' cannot end with a slash`;
  if (role.includes("//")) return `Role '${role}' cannot contain two adjacent slashes`;
  for (const part of role.split("/")) {
    if (part === "." || part === "..") return `Role '${role}' cannot include '.' or '..' as a path component`;
    if (part === "*") return `Role '${role}' cannot include '*' as a path component`;
    if (part.startsWith("-")) return `Role '${role}' cannot start a path component with '-'`;
    if (/[\x00-\x20\x7f]/.test(part)) return `Role '${role}' cannot include whitespace or control characters`;
  }
  return undefined;
}

/** Max |failover_timeout| representable as int64 nanoseconds (stout `Duration`). */
const MAX_FAILOVER_SECONDS = 9223372036.854776;

/** `validateFrameworkInfo` (`src/master/validation.cpp` + `Master::validateFramework`). */
export function validateFrameworkInfo(
  info: v1.FrameworkInfo,
  suppressedRoles: readonly string[],
): string | undefined {
  const multiRole = hasCapability(info, v1.FrameworkInfo_Capability_Type.MULTI_ROLE);
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  }
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' must be empty when the framework is not MULTI_ROLE capable";
  }
  const roles = frameworkRoles(info);
  if (new Set(roles).size !== roles.length) return "'FrameworkInfo.roles' contains duplicate items";
  for (const role of roles) {
    const error = validateRole(role);
    if (error) return error;
  }
  const timeout = info.failover_timeout;
  if (timeout !== undefined && !(Number.isFinite(timeout) && Math.abs(timeout) < MAX_FAILOVER_SECONDS)) {
    return `Invalid failover_timeout: ${timeout}`;
  }
  for (const role of suppressedRoles) {
    if (!roles.includes(role)) return `Suppressed role '${role}' is not contained in the list of roles`;
  }
  return undefined;
}
