/**
 * What a one-request helper returns: a promise of the data that can also give the raw `Response`, as
 * Stainless SDKs' `withResponse()` does. `await helper()` is the data; `await helper().withResponse()` is
 * `{ data, response, requestId }` for the same single request.
 */
import { requestIdOf } from "./error-factory.js";

/** The data of a successful call with the response it came in. */
export interface WithResponse<T> {
  /** What awaiting the helper itself resolves to. */
  data: T;
  /** The final HTTP response (after retries); its body has been read. */
  response: Response;
  /** The server's request id (`x-request-id` and the like), if it sent one. */
  requestId: string | undefined;
}

/** A promise of a helper's data with {@link APIPromise.withResponse} for the raw response. */
export interface APIPromise<T> extends Promise<T> {
  /** Resolves to the data together with the response and request id (the same request, not a new one). */
  withResponse(): Promise<WithResponse<T>>;
}

const ignore = () => {};

/** Runs `call` now (a synchronous throw becomes a rejection) and returns its data as an {@link APIPromise}. */
export function apiPromise<T>(call: () => Promise<{ data: T; response: Response }>): APIPromise<T> {
  let settled: Promise<{ data: T; response: Response }>;
  try {
    settled = call();
  } catch (error) {
    settled = Promise.reject(error);
  }
  const data = settled.then((result) => result.data) as APIPromise<T>;
  data.withResponse = () => {
    // The caller reads the outcome here: the data promise must not report its rejection as unhandled.
    data.catch(ignore);
    return settled.then((result) => ({ data: result.data, response: result.response, requestId: requestIdOf(result.response) }));
  };
  return data;
}
