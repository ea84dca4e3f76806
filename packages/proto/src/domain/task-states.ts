import { TaskState } from "../gen/mesos/v1/mesos.pb.js";

/**
 * The task states after which a task never runs again (`protobuf::isTerminalState`,
 * src/common/protobuf_utils.cpp). TASK_UNREACHABLE is not terminal: the task may come back.
 */
export const TERMINAL_TASK_STATES: ReadonlySet<TaskState> = new Set<TaskState>([
  TaskState.TASK_FINISHED,
  TaskState.TASK_FAILED,
  TaskState.TASK_KILLED,
  TaskState.TASK_ERROR,
  TaskState.TASK_LOST,
  TaskState.TASK_DROPPED,
  TaskState.TASK_GONE,
  TaskState.TASK_GONE_BY_OPERATOR,
]);

/** Whether a task state is final (the task will not run again). */
export function isTerminalTaskState(state: TaskState | undefined): boolean {
  return state !== undefined && TERMINAL_TASK_STATES.has(state);
}
