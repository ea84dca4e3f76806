import { shellExecutorCommand } from "@mesos-ts/example-executor";
import { v1 } from "@mesos-ts/proto";
import { commandTask, dockerTask, type ResourceRequest, takeResources } from "@mesos-ts/scheduler";

/** What the demo launches: a task id, what it needs, how to build its TaskInfo, how it should end. */
export interface DemoTaskSpec {
  readonly id: string;
  readonly kind: "command" | "docker" | "executor";
  /** The final state that counts as success. */
  readonly expected: "TASK_FINISHED";
  /** Resources to carve out of an offer. */
  readonly request: ResourceRequest;
  /** Shown in the summary: the command line or the image. */
  readonly what: string;
  build(placement: { agentId: string; resources: v1.Resource[]; ports: number[] }): v1.TaskInfo;
}

/** The Docker task's container port, published on a host port taken from the offer. */
export const DOCKER_CONTAINER_PORT = 80;
export const DOCKER_IMAGE = "busybox:1.36";

/**
 * `n` command tasks that print a line and exit 0, plus (unless `docker` is false) one Docker task,
 * plus (with `executor`) one task run by examples/executor's custom executor, which reports the
 * command's output as progress (it needs Node.js on the agent: the embedded cluster has it).
 */
export function demoTasks(options: {
  commandTasks: number;
  docker: boolean;
  executor?: boolean;
}): DemoTaskSpec[] {
  const specs: DemoTaskSpec[] = [];
  for (let i = 1; i <= options.commandTasks; i++) {
    const id = `task-${i}`;
    const command = `echo "hello from task ${i} on $(hostname)"; sleep 1`;
    specs.push({
      id,
      kind: "command",
      expected: "TASK_FINISHED",
      request: { cpus: 0.1, mem: 32 },
      what: command,
      build: ({ agentId, resources }) =>
        commandTask({ name: `mesos-ts demo ${id}`, taskId: id, agentId, resources, command }),
    });
  }
  if (options.docker) {
    const id = "docker-1";
    const command = `echo "hello from a ${DOCKER_IMAGE} container, port ${DOCKER_CONTAINER_PORT} published on host port $HOST_PORT"; sleep 2`;
    specs.push({
      id,
      kind: "docker",
      expected: "TASK_FINISHED",
      request: { cpus: 0.1, mem: 64, ports: 1 },
      what: `${DOCKER_IMAGE} (BRIDGE, container port ${DOCKER_CONTAINER_PORT} -> host port from offer): ${command}`,
      build: ({ agentId, resources, ports }) => {
        const hostPort = ports[0];
        if (hostPort === undefined) throw new Error("docker task placed without a port");
        return dockerTask({
          name: `mesos-ts demo ${id}`,
          taskId: id,
          agentId,
          resources,
          image: DOCKER_IMAGE,
          network: "BRIDGE",
          portMappings: [{ containerPort: DOCKER_CONTAINER_PORT, hostPort }],
          command,
          env: { HOST_PORT: String(hostPort) },
        });
      },
    });
  }
  if (options.executor) {
    const id = "executor-1";
    const command = 'echo "hello from a custom executor"; sleep 0.5; echo "step 2 of 2"';
    specs.push({
      id,
      kind: "executor",
      expected: "TASK_FINISHED",
      request: { cpus: 0.2, mem: 64 },
      what: `examples/executor (@mesos-ts/executor) running: ${command}`,
      build: ({ agentId, resources }) => {
        // Half for the task, the rest for the executor itself.
        const task = takeResources(resources, { cpus: 0.1, mem: 32 });
        return {
          name: `mesos-ts demo ${id}`,
          task_id: { value: id },
          agent_id: { value: agentId },
          resources: task?.taken ?? resources,
          executor: {
            type: v1.ExecutorInfo_Type.CUSTOM,
            executor_id: { value: `${id}-executor` },
            name: "mesos-ts shell executor",
            command: shellExecutorCommand(),
            resources: task?.remaining ?? [],
          },
          data: Buffer.from(command, "utf8"),
        };
      },
    });
  }
  return specs;
}
