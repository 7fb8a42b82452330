/** The README's table of helpers lists exactly the helpers the four client objects expose. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createBrowserUseClient } from "../../src/browser-use/client.js";
import { createBrowserbaseClient } from "../../src/browserbase/client.js";
import { createEverrunsClient } from "../../src/everruns/client.js";
import { createThinkRunClient } from "../../src/thinkrun/client.js";
import { helperNames } from "./helper-names.js";

const README = new URL("../../README.md", import.meta.url);

// Rows `| provider | \\`helper\\` | ...` between the helpers markers, as `provider helper`.
function tableRows(text: string): string[] {
  const section = /<!-- helpers:start -->([\s\S]*?)<!-- helpers:end -->/.exec(text)?.[1] ?? "";
  return [...section.matchAll(/^\| ([\w-]+) \| `([\w.]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

describe("README helper table", () => {
  it("lists every helper of every client, and no helper that does not exist", () => {
    const options = { apiKey: "readme-table-key", baseUrl: "http://127.0.0.1:9" };
    const clients = {
      "browser-use": createBrowserUseClient(options),
      browserbase: createBrowserbaseClient(options),
      thinkrun: createThinkRunClient(options),
      everruns: createEverrunsClient(options),
    };
    const exposed = Object.entries(clients).flatMap(([provider, client]) => helperNames(client).map((name) => `${provider} ${name}`));
    expect(tableRows(readFileSync(README, "utf8"))).toEqual(exposed.sort());
  });
});
