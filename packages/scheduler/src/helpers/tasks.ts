import { isTerminalTaskState, v1 } from "@mesos-ts/proto";
import { type IdLike, toBytes, toId } from "../calls/ids.js";
import { InvalidArgumentError } from "../errors.js";
import { type ResourceMeta, rangesResource } from "./resources.js";

interface TaskBase {
  name: string;
  taskId: IdLike;
  agentId: IdLike;
  /** From `takeResources(...).taken` or built with scalarResource/rangesResource. */
  resources: v1.Resource[];
  env?: Record<string, string>;
  labels?: Record<string, string>;
  data?: Uint8Array | string;
  killPolicy?: v1.KillPolicy;
}

export interface CommandTaskParams extends TaskBase {
  /** A shell command line, or a full CommandInfo. */
  command: string | v1.CommandInfo;
  /** argv form: runs `command` with these arguments without a shell. */
  args?: string[];
  uris?: string[];
  user?: string;
}

function commandInfo(p: {
  command?: string | v1.CommandInfo | undefined;
  args?: string[] | undefined;
  env?: Record<string, string> | undefined;
  uris?: string[] | undefined;
  user?: string | undefined;
}): v1.CommandInfo {
  const base: v1.CommandInfo =
    typeof p.command === "object"
      ? { ...p.command }
      : p.command === undefined
        ? { shell: false }
        : p.args !== undefined
          ? { shell: false, value: p.command, arguments: [p.command, ...p.args] }
          : { shell: true, value: p.command };
  if (p.env && Object.keys(p.env).length > 0) {
    base.environment = {
      variables: [
        ...(base.environment?.variables ?? []),
        ...Object.entries(p.env).map(([name, value]) => ({ name, value })),
      ],
    };
  }
  if (p.uris?.length) base.uris = [...(base.uris ?? []), ...p.uris.map((value) => ({ value }))];
  if (p.user !== undefined) base.user = p.user;
  return base;
}

function common(p: TaskBase): v1.TaskInfo {
  return {
    name: p.name,
    task_id: toId(p.taskId, "task id"),
    agent_id: toId(p.agentId, "agent id"),
    resources: p.resources,
    ...(p.labels
      ? { labels: { labels: Object.entries(p.labels).map(([key, value]) => ({ key, value })) } }
      : {}),
    ...(p.data !== undefined ? { data: toBytes(p.data) } : {}),
    ...(p.killPolicy ? { kill_policy: p.killPolicy } : {}),
  };
}

/** A command task run by the agent's default (command) executor. */
export function commandTask(p: CommandTaskParams): v1.TaskInfo {
  return { ...common(p), command: commandInfo(p) };
}

export interface PortMapping {
  containerPort: number;
  /** A port from the offer's "ports" resource. */
  hostPort: number;
  protocol?: "tcp" | "udp";
}

export interface DockerTaskParams extends TaskBase {
  image: string;
  /** Default BRIDGE when there are port mappings, else HOST. */
  network?: "HOST" | "BRIDGE" | "NONE" | "USER";
  portMappings?: PortMapping[];
  /** Shell command; omitted = the image's entrypoint/cmd. */
  command?: string;
  args?: string[];
  forcePullImage?: boolean;
  privileged?: boolean;
  /** `docker run` parameters, e.g. `{ "memory-swap": "-1" }`. */
  parameters?: Record<string, string>;
  /**
   * Role/reservation of the "ports" resource added for the host ports, when `resources` does not
   * already hold them (must match the offer's ports resource).
   */
  portsMeta?: ResourceMeta & { role?: string };
}

/** A Docker container task (Docker containerizer), with port mappings and their host ports. */
export function dockerTask(p: DockerTaskParams): v1.TaskInfo {
  const mappings = p.portMappings ?? [];
  const networkName = p.network ?? (mappings.length > 0 ? "BRIDGE" : "HOST");
  if (mappings.length > 0 && networkName === "HOST") {
    throw new InvalidArgumentError("dockerTask: port mappings need BRIDGE or USER networking");
  }
  const resources = [...p.resources];
  const hasPorts = resources.some((r) => r.name === "ports");
  if (mappings.length > 0 && !hasPorts) {
    resources.push(
      rangesResource(
        "ports",
        mappings.map((m) => [m.hostPort, m.hostPort] as const),
        p.portsMeta,
      ),
    );
  }
  const hasCommand = p.command !== undefined;
  return {
    ...common({ ...p, resources }),
    command: hasCommand
      ? commandInfo({ command: p.command, args: p.args, env: p.env })
      : { shell: false, ...(p.args ? { arguments: p.args } : {}), ...envOnly(p.env) },
    container: {
      type: v1.ContainerInfo_Type.DOCKER,
      docker: {
        image: p.image,
        network: v1.ContainerInfo_DockerInfo_Network[networkName],
        ...(mappings.length
          ? {
              port_mappings: mappings.map((m) => ({
                host_port: m.hostPort,
                container_port: m.containerPort,
                protocol: m.protocol ?? "tcp",
              })),
            }
          : {}),
        ...(p.privileged !== undefined ? { privileged: p.privileged } : {}),
        ...(p.forcePullImage !== undefined ? { force_pull_image: p.forcePullImage } : {}),
        ...(p.parameters
          ? { parameters: Object.entries(p.parameters).map(([key, value]) => ({ key, value })) }
          : {}),
      },
    },
  };
}

function envOnly(env: Record<string, string> | undefined): Partial<v1.CommandInfo> {
  if (!env || Object.keys(env).length === 0) return {};
  return { environment: { variables: Object.entries(env).map(([name, value]) => ({ name, value })) } };
}

/** The LAUNCH operation for ACCEPT. */
export function launchOperation(tasks: v1.TaskInfo[]): v1.Offer_Operation {
  return { type: v1.Offer_Operation_Type.LAUNCH, launch: { task_infos: tasks } };
}

/** Whether a task state is final (the task will not run again): @mesos-ts/proto's `isTerminalTaskState`. */
export const isTerminalState = isTerminalTaskState;

/** "TASK_RUNNING" for a state number. */
export function taskStateName(state: v1.TaskState | undefined): string {
  return v1.taskStateToJSON(state ?? v1.TaskState.UNRECOGNIZED);
}
