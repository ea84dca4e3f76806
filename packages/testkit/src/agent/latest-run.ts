import { renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Points `runs/latest` at the newest run of an executor, as a Mesos agent links it
 * (`src/slave/paths.cpp`: to the run directory's absolute path). A new link is made beside the
 * old one and renamed over it, so a reader never sees `latest` missing.
 */
export function linkLatestRun(runs: string, containerId: string): void {
  const temporary = join(runs, `.latest-${containerId}`);
  symlinkSync(join(runs, containerId), temporary);
  renameSync(temporary, join(runs, "latest"));
}
