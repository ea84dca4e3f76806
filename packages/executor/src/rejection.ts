import { CallRejectedError, type Rejection } from "./errors.js";

/** What a status of `POST /api/v1/executor` means (`src/slave/http.cpp`, observed texts). */
export function rejectionOf(status: number, body: string): Rejection {
  switch (status) {
    case 400:
      if (body === "Framework cannot be found") return "framework-not-found";
      if (body === "Executor cannot be found") return "executor-not-found";
      return "bad-request";
    case 401:
      return "unauthorized";
    case 403:
      return "not-subscribed";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 406:
      return "not-acceptable";
    case 415:
      return "unsupported-media-type";
    case 501:
      return "not-implemented";
    case 503:
      return "agent-recovering";
    default:
      return "unexpected";
  }
}

export function callRejected(callType: string, status: number, body: string): CallRejectedError {
  return new CallRejectedError(callType, status, rejectionOf(status, body), body);
}
