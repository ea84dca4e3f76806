import type { v1 } from "@mesos-ts/proto";
import { commandTask, dockerTask, type ResourceRequest } from "@mesos-ts/scheduler";

/** What the demo launches: a task id, what it needs, how to build its TaskInfo, how it should end. */
export interface DemoTaskSpec {
  readonly id: string;
  readonly kind: "command" | "docker";
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

/** `n` command tasks that print a line and exit 0, plus (unless `docker` is false) one Docker task. */
export function demoTasks(options: { commandTasks: number; docker: boolean }): DemoTaskSpec[] {
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
  return specs;
}
