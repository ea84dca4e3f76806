import type { scheduler, v1 } from "@mesos-ts/proto";
import type { Subscription } from "./subscription.js";

export type { Subscription } from "./subscription.js";

export interface FrameworkRecord {
  readonly id: string;
  info: v1.FrameworkInfo;
  subscription: Subscription | undefined;
  /** Has (or had, until its stream closed) a subscription on the current leader. */
  connected: boolean;
  active: boolean;
  suppressed: Set<string>;
  offerConstraints: scheduler.OfferConstraints | undefined;
  registeredTime: number;
  reregisteredTime: number | undefined;
  unregisteredTime: number | undefined;
  failoverTimer: NodeJS.Timeout | undefined;
}

export interface TaskRecord {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly info: v1.TaskInfo;
  readonly executorId: string | undefined;
  readonly role: string;
  state: v1.TaskState;
  statuses: v1.TaskStatus[];
  latest: v1.TaskStatus | undefined;
  /** State and uuid of the update the agent is currently delivering. */
  statusUpdateState: v1.TaskState | undefined;
  statusUpdateUuid: Buffer | undefined;
}

export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** Internal (refined, no allocation info) format. */
  readonly resources: v1.Resource[];
  timer: NodeJS.Timeout | undefined;
}

export interface OfferFilterRecord {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: v1.Resource[];
  readonly expiresAt: number;
}

// One home for Mesos domain logic: the terminal states are @mesos-ts/proto's.
export { isTerminalTaskState as isTerminal, TERMINAL_TASK_STATES as TERMINAL_STATES } from "@mesos-ts/proto";

/**
 * The shared, replicated-registry-like state every master sees: what survives a leader change.
 * (Real Mesos persists only agents in its registry and learns frameworks and tasks back from
 * re-registering agents and re-subscribing schedulers; the simulator shares all of it.)
 */
export class Registry {
  readonly frameworks = new Map<string, FrameworkRecord>();
  /** Framework ids removed (TEARDOWN, failover timeout): re-SUBSCRIBE gets an ERROR. */
  readonly completedFrameworks = new Map<string, FrameworkRecord>();
  /** key `${frameworkId}/${taskId}` */
  readonly tasks = new Map<string, TaskRecord>();
  readonly completedTasks: TaskRecord[] = [];
  readonly offers = new Map<string, OfferRecord>();
  filters: OfferFilterRecord[] = [];
  frameworkCounter = 0;
  offerCounter = 0;
}

export function taskKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}/${taskId}`;
}
