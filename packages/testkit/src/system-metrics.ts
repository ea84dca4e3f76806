import { cpus, freemem, loadavg, totalmem } from "node:os";

/** `system/*` metrics of masters and agents (libprocess' system process reads them from the host; so do we). */
export function systemMetrics(): Record<string, number> {
  const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
  return {
    "system/cpus_total": cpus().length,
    "system/load_15min": l15,
    "system/load_1min": l1,
    "system/load_5min": l5,
    "system/mem_free_bytes": freemem(),
    "system/mem_total_bytes": totalmem(),
  };
}
