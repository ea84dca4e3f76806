import { v1 } from "@mesos-ts/proto";
import type { SimAgent } from "./agent.js";

/**
 * The agent's flags as `/state` and `/flags` list them: a 1.12 agent's defaults
 * (`src/slave/flags.cpp`) as started with `--launcher=posix --isolation=posix/cpu,posix/mem
 * --containerizers=mesos --no-systemd_enable_support`, with this agent's address and work dir.
 */
export function agentFlags(agent: SimAgent, masterAddress: string): Record<string, string> {
  const workDir = agent.workDir;
  return {
    appc_simple_discovery_uri_prefix: "http://",
    appc_store_dir: "/tmp/mesos/store/appc",
    authenticate_http_readonly: "false",
    authenticate_http_readwrite: "false",
    authenticatee: "crammd5",
    authentication_backoff_factor: "1secs",
    authentication_timeout_max: "1mins",
    authentication_timeout_min: "5secs",
    authorizer: "local",
    cgroups_cpu_enable_pids_and_tids_count: "false",
    cgroups_destroy_timeout: "1mins",
    cgroups_enable_cfs: "false",
    cgroups_hierarchy: "/sys/fs/cgroup",
    cgroups_limit_swap: "false",
    cgroups_root: "mesos",
    container_disk_watch_interval: "15secs",
    containerizers: "mesos",
    default_role: "*",
    disallow_sharing_agent_ipc_namespace: "false",
    disallow_sharing_agent_pid_namespace: "false",
    disk_watch_interval: "1mins",
    docker: "docker",
    docker_ignore_runtime: "false",
    docker_kill_orphans: "true",
    docker_registry: "https://registry-1.docker.io",
    docker_remove_delay: "6hrs",
    docker_socket: "/var/run/docker.sock",
    docker_stop_timeout: "0ns",
    docker_store_dir: "/tmp/mesos/store/docker",
    docker_volume_checkpoint_dir: "/var/run/mesos/isolators/docker/volume",
    docker_volume_chown: "false",
    enforce_container_disk_quota: "false",
    executor_registration_timeout: "1mins",
    executor_reregistration_timeout: "2secs",
    executor_shutdown_grace_period: "5secs",
    fetcher_cache_dir: `${workDir}/fetch`,
    fetcher_cache_size: "2GB",
    fetcher_stall_timeout: "1mins",
    frameworks_home: "",
    gc_delay: "1weeks",
    gc_disk_headroom: "0.1",
    gc_non_executor_container_sandboxes: "false",
    help: "false",
    hostname: agent.hostname,
    hostname_lookup: "true",
    http_command_executor: "false",
    http_executor_domain_sockets: "false",
    http_heartbeat_interval: "30secs",
    initialize_driver_logging: "true",
    ip: "127.0.0.1",
    isolation: "posix/cpu,posix/mem",
    launcher: "posix",
    launcher_dir: "/usr/local/libexec/mesos",
    logbufsecs: "0",
    logging_level: "INFO",
    master: masterAddress,
    max_completed_executors_per_framework: "150",
    memory_profiling: "false",
    network_cni_metrics: "true",
    network_cni_root_dir_persist: "false",
    oversubscribed_resources_interval: "15secs",
    perf_duration: "10secs",
    perf_interval: "1mins",
    port: String(agent.port),
    qos_correction_interval_min: "0ns",
    quiet: "false",
    reconfiguration_policy: "equal",
    recover: "reconnect",
    recovery_timeout: "15mins",
    registration_backoff_factor: "1secs",
    resources: resourcesText(agent.total),
    revocable_cpu_low_priority: "true",
    runtime_dir: `${workDir}/runtime`,
    sandbox_directory: "/mnt/mesos/sandbox",
    strict: "true",
    switch_user: "true",
    systemd_enable_support: "false",
    systemd_runtime_directory: "/run/systemd/system",
    version: "false",
    work_dir: workDir,
    zk_session_timeout: "10secs",
  };
}

/** `--resources` text: `cpus:4;mem:4096;disk:10240;ports:[31000-32000]`. */
function resourcesText(resources: readonly v1.Resource[]): string {
  return resources
    .map((r) => {
      if (r.type === v1.Value_Type.RANGES)
        return `${r.name}:[${(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(",")}]`;
      if (r.type === v1.Value_Type.SET) return `${r.name}:{${(r.set?.item ?? []).join(",")}}`;
      return `${r.name}:${r.scalar?.value ?? 0}`;
    })
    .join(";");
}
