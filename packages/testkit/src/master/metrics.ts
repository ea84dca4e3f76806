// `/metrics/snapshot` and GET_METRICS on the master: the metric names a 1.12 master publishes
// (src/master/metrics.cpp, src/master/allocator/mesos/metrics.cpp, registrar), every value a
// double. Values the simulator tracks (resources, frameworks, agents, tasks, offers, uptime) are
// computed; the others (latencies, message counters, registrar timings) are 0.
import { v1 } from "@mesos-ts/proto";
import { addResources, scalarOf } from "../agent/resources.js";
import { Double as DoubleValue } from "../json/json-text.js";
import { systemMetrics } from "../system-metrics.js";
import type { SimMaster } from "./master.js";
import { isTerminal } from "./registry.js";

const TIMER_SUFFIXES = ["", "/count", "/max", "/min", "/p50", "/p90", "/p95", "/p99", "/p999", "/p9999"];
const OPERATION_TYPES = [
  "create",
  "create_disk",
  "destroy",
  "destroy_disk",
  "grow_volume",
  "reserve",
  "shrink_volume",
  "unreserve",
];
const OPERATION_STATES = [
  "dropped",
  "error",
  "failed",
  "finished",
  "gone_by_operator",
  "pending",
  "recovering",
  "total",
  "unreachable",
];
const MESSAGES = [
  "authenticate",
  "deactivate_framework",
  "decline_offers",
  "executor_to_framework",
  "exited_executor",
  "framework_to_executor",
  "kill_task",
  "launch_tasks",
  "operation_status_update",
  "operation_status_update_acknowledgement",
  "reconcile_operations",
  "reconcile_tasks",
  "register_framework",
  "register_slave",
  "reregister_framework",
  "reregister_slave",
  "resource_request",
  "revive_offers",
  "status_update",
  "status_update_acknowledgement",
  "suppress_offers",
  "unregister_framework",
  "unregister_slave",
  "update_slave",
];
const OTHER_ZEROS = [
  "master/dropped_messages",
  "master/event_queue_dispatches",
  "master/event_queue_http_requests",
  "master/event_queue_messages",
  "master/http_cache_hits",
  "master/invalid_executor_to_framework_messages",
  "master/invalid_framework_to_executor_messages",
  "master/invalid_operation_status_update_acknowledgements",
  "master/invalid_operation_status_updates",
  "master/invalid_status_update_acknowledgements",
  "master/invalid_status_updates",
  "master/recovery_slave_removals",
  "master/slave_removals",
  "master/slave_removals/reason_registered",
  "master/slave_removals/reason_unhealthy",
  "master/slave_removals/reason_unregistered",
  "master/slave_reregistrations",
  "master/slave_shutdowns_canceled",
  "master/slave_shutdowns_completed",
  "master/slave_shutdowns_scheduled",
  "master/slave_unreachable_canceled",
  "master/slave_unreachable_completed",
  "master/slave_unreachable_scheduled",
  "master/slaves_unreachable",
  "master/task_lost/source_master/reason_invalid_offers",
  "master/valid_executor_to_framework_messages",
  "master/valid_framework_to_executor_messages",
  "master/valid_operation_status_update_acknowledgements",
  "master/valid_operation_status_updates",
  "master/valid_status_update_acknowledgements",
  "master/valid_status_updates",
  "registrar/queued_operations",
  "registrar/registry_size_bytes",
  "registrar/state_fetch_ms",
  "allocator/event_queue_dispatches",
  "allocator/mesos/event_queue_dispatches",
  "allocator/mesos/allocation_runs",
];
const FRAMEWORK_CALLS = [
  "accept",
  "accept_inverse_offers",
  "acknowledge",
  "acknowledge_operation_status",
  "decline",
  "decline_inverse_offers",
  "kill",
  "message",
  "reconcile",
  "reconcile_operations",
  "request",
  "revive",
  "shutdown",
  "subscribe",
  "suppress",
  "teardown",
  "update_framework",
];
const FRAMEWORK_EVENTS = [
  "error",
  "failure",
  "heartbeat",
  "inverse_offers",
  "message",
  "offers",
  "rescind",
  "rescind_inverse_offer",
  "subscribed",
  "update",
  "update_operation_status",
];
const FRAMEWORK_OPERATIONS = [...OPERATION_TYPES, "launch", "launch_group"].sort();
const ACTIVE_TASK_STATES = ["killing", "running", "staging", "starting", "unknown", "unreachable"];
const TERMINAL_TASK_STATES = [
  "dropped",
  "error",
  "failed",
  "finished",
  "gone",
  "gone_by_operator",
  "killed",
  "lost",
];

/** Every metric, by name (values are written as doubles by the caller's JSON writer). */
export function masterMetricValues(m: SimMaster): Map<string, number> {
  const core = m.core;
  const out = new Map<string, number>();
  const set = (k: string, v = 0) => out.set(k, v);
  for (const base of ["allocator/mesos/allocation_run_latency_ms", "allocator/mesos/allocation_run_ms"])
    for (const s of TIMER_SUFFIXES) set(`${base}${s}`);
  for (const s of TIMER_SUFFIXES) set(`registrar/state_store_ms${s}`);
  for (const k of OTHER_ZEROS) set(k);
  for (const msg of MESSAGES) set(`master/messages_${msg}`);
  for (const st of OPERATION_STATES) if (st !== "total") set(`master/operations/${st}`);
  set("master/operations/total");
  for (const t of OPERATION_TYPES) for (const st of OPERATION_STATES) set(`master/operations/${t}/${st}`);

  const agents = [...core.agents.values()];
  let total: v1.Resource[] = [];
  let used: v1.Resource[] = [];
  for (const a of agents) {
    total = addResources(total, a.total);
    used = addResources(used, a.used());
  }
  let offered: v1.Resource[] = [];
  for (const o of core.registry.offers.values()) offered = addResources(offered, o.resources);
  for (const r of ["cpus", "gpus", "mem", "disk"]) {
    const t = scalarOf(total, r);
    const u = scalarOf(used, r);
    set(`master/${r}_total`, t);
    set(`master/${r}_used`, u);
    set(`master/${r}_percent`, t > 0 ? u / t : 0);
    for (const x of ["percent", "total", "used"]) set(`master/${r}_revocable_${x}`);
  }
  for (const r of ["cpus", "disk", "mem"]) {
    if (scalarOf(total, r) === 0) continue;
    set(`allocator/mesos/resources/${r}/total`, scalarOf(total, r));
    set(`allocator/mesos/resources/${r}/offered_or_allocated`, scalarOf(addResources(used, offered), r));
  }
  set("allocator/mesos/roles/*/shares/dominant", dominantShare(total, addResources(used, offered)));
  set("allocator/mesos/offer_filters/roles/*/active", core.registry.filters.length);
  for (const r of ["cpus", "mem"]) {
    if (scalarOf(used, r) === 0) continue;
    set(`allocator/mesos/quota/roles/*/resources/${r}/consumed`, scalarOf(used, r));
    // A 1.12 master also publishes these under an empty role name.
    set(`allocator/mesos/quota/roles//resources/${r}/consumed`, scalarOf(used, r));
  }

  const frameworks = [...core.registry.frameworks.values()];
  set("master/elected", m.isLeader ? 1 : 0);
  set("master/uptime_secs", Date.now() / 1000 - m.startTime);
  set("master/frameworks_active", frameworks.filter((f) => f.active).length);
  set("master/frameworks_inactive", frameworks.filter((f) => !f.active).length);
  set("master/frameworks_connected", frameworks.filter((f) => f.connected).length);
  set("master/frameworks_disconnected", frameworks.filter((f) => !f.connected).length);
  set("master/slaves_active", agents.filter((a) => a.active).length);
  set("master/slaves_inactive", agents.filter((a) => !a.active).length);
  set("master/slaves_connected", agents.length);
  set("master/slaves_disconnected", 0);
  set("master/slave_registrations", agents.length);
  set("master/outstanding_offers", core.registry.offers.size);
  set("master/operator_event_stream_subscribers", core.operatorSubscribers.size);
  const tasks = [...core.registry.tasks.values(), ...core.registry.completedTasks];
  for (const s of ["staging", "starting", "running", "killing", "unreachable"]) {
    set(`master/tasks_${s}`, tasks.filter((t) => stateName(t.state) === s && !isTerminal(t.state)).length);
  }
  for (const s of ["dropped", "error", "failed", "finished", "gone", "gone_by_operator", "killed", "lost"]) {
    set(`master/tasks_${s}`, tasks.filter((t) => stateName(t.state) === s).length);
  }

  for (const fw of frameworks) {
    const base = `master/frameworks/${fw.info.name ?? ""}/${fw.id}`;
    set(`${base}/calls`);
    for (const c of FRAMEWORK_CALLS) set(`${base}/calls/${c}`);
    set(`${base}/events`);
    for (const e of FRAMEWORK_EVENTS) set(`${base}/events/${e}`);
    for (const o of ["accepted", "declined", "rescinded", "sent"]) set(`${base}/offers/${o}`);
    set(`${base}/operations`);
    for (const o of FRAMEWORK_OPERATIONS) set(`${base}/operations/${o}`);
    for (const role of core.rolesOf(fw))
      set(`${base}/roles/${role}/suppressed`, fw.suppressed.has(role) ? 1 : 0);
    set(`${base}/subscribed`, fw.connected ? 1 : 0);
    const mine = tasks.filter((t) => t.frameworkId === fw.id);
    for (const s of ACTIVE_TASK_STATES)
      set(`${base}/tasks/active/task_${s}`, mine.filter((t) => stateName(t.state) === s).length);
    for (const s of TERMINAL_TASK_STATES)
      set(`${base}/tasks/terminal/task_${s}`, mine.filter((t) => stateName(t.state) === s).length);
  }
  for (const [k, v] of Object.entries(systemMetrics())) set(k, v);
  return out;
}

function stateName(state: v1.TaskState): string {
  return v1
    .taskStateToJSON(state)
    .replace(/^TASK_/, "")
    .toLowerCase();
}

function dominantShare(total: v1.Resource[], allocated: v1.Resource[]): number {
  let share = 0;
  for (const r of ["cpus", "mem", "disk", "gpus"]) {
    const t = scalarOf(total, r);
    if (t > 0) share = Math.max(share, scalarOf(allocated, r) / t);
  }
  return share;
}

/** The snapshot document (keys sorted, as libprocess writes them). */
export function masterMetrics(m: SimMaster): Record<string, unknown> {
  const values = masterMetricValues(m);
  const doc: Record<string, unknown> = {};
  for (const k of [...values.keys()].sort()) doc[k] = new DoubleValue(values.get(k) ?? 0);
  return doc;
}
