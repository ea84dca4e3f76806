/** Every scenario, in the order the report lists them. */

import { agentOperatorApi } from "./agent-operator-api.js";
import { customExecutor } from "./custom-executor.js";
import { declineWithFilters } from "./decline-filters.js";
import { dockerContainerTask } from "./docker-task.js";
import { frameworkFailover } from "./framework-failover.js";
import { kill } from "./kill.js";
import { launchCommandTask } from "./launch.js";
import { leaderDiscovery } from "./leader-discovery.js";
import { masterFailover } from "./master-failover.js";
import { operatorClientEvents, operatorClientReads } from "./master-operator-client.js";
import { mesosFrameworkClient } from "./mesos-framework.js";
import { offers } from "./offers.js";
import { operatorEvents, operatorReads } from "./operator-api.js";
import { explicitReconciliation, implicitReconciliation } from "./reconciliation.js";
import type { Scenario } from "./scenario.js";
import { subscribe } from "./subscribe.js";
import { suppressRevive } from "./suppress-revive.js";

export const SCENARIOS: readonly Scenario[] = [
  leaderDiscovery,
  subscribe,
  offers,
  launchCommandTask,
  dockerContainerTask,
  kill,
  customExecutor,
  explicitReconciliation,
  implicitReconciliation,
  declineWithFilters,
  suppressRevive,
  frameworkFailover,
  masterFailover,
  operatorReads,
  operatorEvents,
  operatorClientReads,
  operatorClientEvents,
  agentOperatorApi,
  mesosFrameworkClient,
];
