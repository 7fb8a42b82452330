import type { Check } from "./context.js";

/** The received status is the one the case expects. */
export const expectedStatus: Check = ({ contractCase, response }) =>
  response.status === contractCase.expect.status
    ? []
    : [{ check: "expectedStatus", message: `Received: ${response.status} / Expected: ${contractCase.expect.status}` }];
