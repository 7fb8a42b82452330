/**
 * The clients compared in sections 3 and 6, each doing the same two calls against the loopback server:
 * GET one session and POST (create) one session, with an API key header, parsing the JSON response.
 */
import Browserbase from "@browserbasehq/sdk";
import { BrowserUse } from "browser-use-sdk/v3";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/browser-use/schema.js";
import { createBrowserUseClient } from "../../src/browser-use/index.js";

/** One client under test. */
export interface ClientVariant {
  name: string;
  /** `bare` is the baseline, `ours` is judged, `part` isolates a layer of ours, `sdk` is an official SDK. */
  role: "bare" | "ours" | "part" | "sdk";
  get(): Promise<unknown>;
  post(): Promise<unknown>;
}

/** A session id in the provider's format. */
export const SESSION_ID = "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d8e9f01";
const API_KEY = "bench-key-not-a-secret";
const TASK = { task: "Find the cheapest flight from Berlin to Lisbon next Friday" };

/** Bare `fetch` doing exactly the request our client does, with nothing around it. */
export function bareFetch(baseUrl: string): ClientVariant {
  const headers = { "X-Browser-Use-API-Key": API_KEY };
  const postHeaders = { ...headers, "Content-Type": "application/json" };
  const check = async (response: Response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };
  return {
    name: "bare fetch",
    role: "bare",
    get: async () => check(await fetch(`${baseUrl}/sessions/${SESSION_ID}`, { headers })),
    post: async () => check(await fetch(`${baseUrl}/sessions`, { method: "POST", headers: postHeaders, body: JSON.stringify(TASK) })),
  };
}

/** Our Browser Use client (auth middleware, resilient fetch with retries and timeout, error mapping). */
export function ours(baseUrl: string): ClientVariant {
  const client = createBrowserUseClient({ apiKey: API_KEY, baseUrl });
  return { name: "ours (createBrowserUseClient)", role: "ours", get: () => client.sessions.get(SESSION_ID), post: () => client.sessions.create(TASK) };
}

/** openapi-fetch alone with the same auth header: what our client costs before its own layers (resilient fetch, middleware, unwrap). */
export function openapiFetchAlone(baseUrl: string): ClientVariant {
  const client = createClient<paths>({ baseUrl, headers: { "X-Browser-Use-API-Key": API_KEY } });
  const data = <T>(result: { data?: T; response: Response }) => {
    if (!result.response.ok) throw new Error(`HTTP ${result.response.status}`);
    return result.data;
  };
  return {
    name: "openapi-fetch alone",
    role: "part",
    get: async () => data(await client.GET("/sessions/{session_id}", { params: { path: { session_id: SESSION_ID } } })),
    post: async () => data(await client.POST("/sessions", { body: TASK })),
  };
}

/** The official Browser Use SDK, v3 client (global fetch underneath). */
export function browserUseSdk(baseUrl: string): ClientVariant {
  const client = new BrowserUse({ apiKey: API_KEY, baseUrl });
  return { name: "browser-use-sdk 3 (v3)", role: "sdk", get: () => client.sessions.get(SESSION_ID), post: () => client.sessions.create(TASK) };
}

/** The official Browserbase SDK (Stainless; node-fetch with a keep-alive agent underneath). */
export function browserbaseSdk(baseUrl: string): ClientVariant {
  const client = new Browserbase({ apiKey: API_KEY, baseURL: baseUrl });
  return {
    name: "@browserbasehq/sdk 2",
    role: "sdk",
    get: () => client.sessions.retrieve(SESSION_ID),
    post: () => client.sessions.create({ projectId: "bench-project" }),
  };
}

/** Every variant, bare fetch first. */
export function allVariants(baseUrl: string): ClientVariant[] {
  return [bareFetch(baseUrl), ours(baseUrl), openapiFetchAlone(baseUrl), browserUseSdk(baseUrl), browserbaseSdk(baseUrl)];
}
