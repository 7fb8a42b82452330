/** Stand-in live APIs for tests on 127.0.0.1: Prism serving a (transformed) spec behind a recording proxy. See README.md. */
export { startStandin, refusingUrl, type Standin, type StandinOptions } from "./standin.js";
export { CONFORM_ATTEMPTS, startRecordingProxy, WAIT_FOR_TIMEOUT_MS, type ProxyOptions, type Recorded, type RecordingProxy, type RecordListener } from "./proxy.js";
export type { Fault, FaultAction } from "./faults.js";
