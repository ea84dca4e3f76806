import { v1 } from "@mesos-ts/proto";
import { ranges, scalar } from "./resources.js";

/** One agent's shape. Defaults: 4 cpus, 4096 MB mem, 10240 MB disk, ports 31000-32000. */
export interface AgentOptions {
  readonly cpus?: number;
  readonly mem?: number;
  readonly disk?: number;
  readonly ports?: ReadonlyArray<readonly [number, number]>;
  /** Statically reserve all of the above to this role (default unreserved, `*`). */
  readonly role?: string;
  /** Extra resources as-is (e.g. per-role static reservations, gpus). */
  readonly resources?: readonly v1.Resource[];
  /** Text and scalar attributes (`rack: "r1"`, `level: 3`). */
  readonly attributes?: Readonly<Record<string, string | number>>;
  /** Default 127.0.0.1 (offers' `hostname` and `url`). */
  readonly hostname?: string;
}

export function agentResources(o: AgentOptions): v1.Resource[] {
  return [
    scalar("cpus", o.cpus ?? 4, o.role),
    scalar("mem", o.mem ?? 4096, o.role),
    scalar("disk", o.disk ?? 10240, o.role),
    ranges("ports", o.ports ?? [[31000, 32000]], o.role),
    ...(o.resources ?? []),
  ];
}

export function agentAttributes(o: AgentOptions): v1.Attribute[] {
  return Object.entries(o.attributes ?? {}).map(([name, value]) =>
    typeof value === "number"
      ? { name, type: v1.Value_Type.SCALAR, scalar: { value } }
      : { name, type: v1.Value_Type.TEXT, text: { value } },
  );
}
