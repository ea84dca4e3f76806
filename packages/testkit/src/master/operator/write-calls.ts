// Operator calls that change the master (src/master/http.cpp): logging level, weights,
// maintenance, quota, framework teardown. Each answers as Mesos does:
// `200` with an empty body on success.
import { master } from "@mesos-ts/proto";
import type { OperatorAnswer, OperatorHandler } from "./context.js";

const C = master.Call_Type;
const OK: OperatorAnswer = { status: 200 };

export const WRITE_CALLS: ReadonlyMap<master.Call_Type, OperatorHandler> = new Map<
  master.Call_Type,
  OperatorHandler
>([
  [
    C.SET_LOGGING_LEVEL,
    ({ master: m, call }) => {
      m.core.operatorState.loggingLevel = call.set_logging_level?.level ?? 0;
      return OK;
    },
  ],
  [
    C.UPDATE_WEIGHTS,
    ({ master: m, call }) => {
      const infos = call.update_weights?.weight_infos ?? [];
      for (const w of infos) {
        if (!w.role || w.role === "*") return { status: 400, text: `Invalid role '${w.role ?? ""}'` };
        if (!((w.weight ?? 0) > 0))
          return { status: 400, text: `Weight for role '${w.role}' must be positive` };
      }
      for (const w of infos) m.core.operatorState.weights.set(w.role as string, w.weight as number);
      return OK;
    },
  ],
  [
    C.UPDATE_MAINTENANCE_SCHEDULE,
    ({ master: m, call }) => {
      m.core.operatorState.schedule = call.update_maintenance_schedule?.schedule ?? { windows: [] };
      return OK;
    },
  ],
  [
    C.START_MAINTENANCE,
    ({ master: m, call }) => {
      const state = m.core.operatorState;
      const scheduled = new Set(
        (state.schedule.windows ?? [])
          .flatMap((w) => w.machine_ids ?? [])
          .map((id) => `${id.hostname ?? ""}/${id.ip ?? ""}`),
      );
      const machines = (call.start_maintenance?.machines ?? []).map(
        (id) => `${id.hostname ?? ""}/${id.ip ?? ""}`,
      );
      const missing = machines.find((k) => !scheduled.has(k));
      if (missing !== undefined)
        return { status: 400, text: `Machine '${missing}' is not part of a maintenance schedule` };
      for (const k of machines) state.down.add(k);
      return OK;
    },
  ],
  [
    C.STOP_MAINTENANCE,
    ({ master: m, call }) => {
      for (const id of call.stop_maintenance?.machines ?? [])
        m.core.operatorState.down.delete(`${id.hostname ?? ""}/${id.ip ?? ""}`);
      return OK;
    },
  ],
  [
    C.UPDATE_QUOTA,
    ({ master: m, call }) => {
      for (const q of call.update_quota?.quota_configs ?? []) {
        if (!q.role) return { status: 400, text: "Invalid QuotaConfig: 'role' must be set" };
        m.core.operatorState.quotas.set(q.role, q);
      }
      return OK;
    },
  ],
  [
    C.TEARDOWN,
    ({ master: m, call }) => {
      const fw = m.core.registry.frameworks.get(call.teardown?.framework_id?.value ?? "");
      if (!fw) return { status: 400, text: "Framework cannot be found" };
      m.core.removeFramework(fw);
      return OK;
    },
  ],
]);
