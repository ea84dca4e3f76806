import type { v1 } from "@mesos-ts/proto";
import { double } from "./json/json-text.js";

/** The Mesos release the simulator answers as (the recordings it is checked against are 1.12.0). */
export const MESOS_VERSION = "1.12.0";

/** Build facts as `GET /version` of a source build shows them: no git fields, `build_time` a double. */
export const BUILD = {
  build_date: "2020-11-16 00:00:00",
  build_time: 1605484800,
  build_user: "mesos-ts-testkit",
} as const;

/** `GET /version` (master and agent). */
export function versionDocument(): Record<string, unknown> {
  return { ...BUILD, build_time: double(BUILD.build_time), version: MESOS_VERSION };
}

/** GET_VERSION's `version_info`. */
export const VERSION_INFO: v1.VersionInfo = { version: MESOS_VERSION, ...BUILD };
