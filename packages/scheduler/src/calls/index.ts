export { type AcceptParams, acceptCall } from "./accept.js";
export { type AcknowledgeParams, acknowledgeCall, acknowledgeCallFor } from "./acknowledge.js";
export {
  type AcknowledgeOperationStatusParams,
  acknowledgeOperationStatusCall,
  acknowledgeOperationStatusCallFor,
} from "./acknowledge-operation-status.js";
export { type DeclineParams, declineCall } from "./decline.js";
export { type FiltersLike, toFilters } from "./filters.js";
export { type IdLike, toBytes, toId, toIds } from "./ids.js";
export {
  acceptInverseOffersCall,
  declineInverseOffersCall,
  type InverseOffersParams,
} from "./inverse-offers.js";
export { type KillParams, killCall } from "./kill.js";
export { type MessageParams, messageCall } from "./message.js";
export { type ReconcileTask, reconcileCall } from "./reconcile.js";
export { type ReconcileOperation, reconcileOperationsCall } from "./reconcile-operations.js";
export { requestCall } from "./request.js";
export { reviveCall } from "./revive.js";
export { shutdownCall } from "./shutdown.js";
export { type SubscribeParams, subscribeCall } from "./subscribe.js";
export { suppressCall } from "./suppress.js";
export { teardownCall } from "./teardown.js";
export { type UpdateFrameworkParams, updateFrameworkCall } from "./update-framework.js";
