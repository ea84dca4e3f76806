import { scheduler, type v1 } from "@mesos-ts/proto";

/**
 * The roles whose offers are suppressed, as the master knows them: SUPPRESS adds roles, REVIVE
 * removes them (no roles: every role of the framework). A re-SUBSCRIBE sends them in
 * `suppressed_roles`, or the new master would unsuppress them (observed on a Mesos 1.12
 * master: it logs "Unsuppressed offers and cleared filters" on re-subscription).
 */
export class SuppressedRoles {
  #roles: Set<string>;

  constructor(initial: readonly string[] | undefined) {
    this.#roles = new Set(initial ?? []);
  }

  /** The roles to send in the next SUBSCRIBE (undefined: none suppressed). */
  get roles(): string[] | undefined {
    return this.#roles.size > 0 ? [...this.#roles] : undefined;
  }

  /** Replaces the set (UPDATE_FRAMEWORK carries the full list). */
  reset(roles: readonly string[] | undefined): void {
    this.#roles = new Set(roles ?? []);
  }

  /** A call the master accepted: track SUPPRESS and REVIVE. */
  accepted(call: scheduler.Call, framework: v1.FrameworkInfo): void {
    if (call.type === scheduler.Call_Type.SUPPRESS) {
      for (const r of rolesOf(call.suppress?.roles, framework)) this.#roles.add(r);
    } else if (call.type === scheduler.Call_Type.REVIVE) {
      for (const r of rolesOf(call.revive?.roles, framework)) this.#roles.delete(r);
    }
  }
}

function rolesOf(roles: readonly string[] | undefined, framework: v1.FrameworkInfo): readonly string[] {
  if (roles !== undefined && roles.length > 0) return roles;
  // No roles: all roles of the framework (MULTI_ROLE `roles`, else the legacy `role`).
  if (framework.roles !== undefined && framework.roles.length > 0) return framework.roles;
  return [framework.role ?? "*"];
}
