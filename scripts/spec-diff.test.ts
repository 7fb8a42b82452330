/**
 * The breaking-change check: classification of small fixture specs built from one linted base document,
 * the release gate of VERSIONING (CHANGELOG.md), and `npm run diff` end to end in a throwaway git repo.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { lintFromString, loadConfig } from "@redocly/openapi-core";
import { afterAll, describe, expect, test } from "vitest";
import { changelogHasEntry, classifyChanges, isMajorBump, judge, summarize, type ChangeType } from "../cli/spec-diff.js";

type Doc = ReturnType<typeof baseSpec>;

/** A two-operation spec in the house style: a request body with a closed enum, a response with an open one. */
function baseSpec() {
  const example = { id: "sess_01HV6Y1R8M3", status: "running", title: "Find flights" };
  return {
    openapi: "3.1.0",
    info: { title: "Fixture API", version: "1.0.0", license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "https://api.fixture.test/v1" }],
    security: [{ apiKey: [] as string[] }],
    tags: [{ name: "Sessions", description: "Agent sessions." }],
    paths: {
      "/sessions": {
        post: {
          operationId: "createSession",
          summary: "Create a session",
          tags: ["Sessions"],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/CreateSessionRequest" }, examples: { basic: { value: { task: "Find flights", model: "fast" } } } } },
          },
          responses: {
            "201": { description: "Created.", content: { "application/json": { schema: { $ref: "#/components/schemas/Session" }, examples: { created: { value: example } } } } },
            "400": { description: "Invalid body.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" }, examples: { invalid: { value: { message: "task is required" } } } } } },
          },
        },
      },
      "/sessions/{session_id}": {
        get: {
          operationId: "getSession",
          summary: "Get a session",
          tags: ["Sessions"],
          parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" }, example: "sess_01HV6Y1R8M3" }],
          responses: {
            "200": { description: "The session.", content: { "application/json": { schema: { $ref: "#/components/schemas/Session" }, examples: { running: { value: example } } } } },
            "404": { description: "Unknown id.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" }, examples: { missing: { value: { message: "session not found" } } } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key" } },
      schemas: {
        CreateSessionRequest: {
          type: "object",
          required: ["task"] as string[],
          properties: {
            task: { type: "string", description: "What the agent should do." } as Record<string, unknown>,
            model: { type: "string", enum: ["fast", "smart", "max"] as string[] },
            notes: { type: "string" },
          } as { task: Record<string, unknown>; model: { type: string; enum: string[] }; [name: string]: unknown },
        },
        Session: {
          type: "object",
          required: ["id", "status"] as string[],
          properties: {
            id: { type: "string" },
            status: { anyOf: [{ $ref: "#/components/schemas/SessionStatus" }, { type: "string", "x-open-enum": true }] },
            title: { type: "string" },
          } as { id?: Record<string, unknown>; [name: string]: unknown },
        },
        SessionStatus: { type: "string", enum: ["created", "running", "stopped"] as string[] },
        Error: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
      },
    },
  };
}

function changed(edit: (doc: Doc) => void): Doc {
  const doc = baseSpec();
  edit(doc);
  return doc;
}

function typesOf(after: Doc): ChangeType[] {
  return [...new Set(classifyChanges(baseSpec(), after).map((c) => c.type))].sort();
}

describe("classifyChanges", () => {
  test("the fixture base spec passes the project's Redocly lint", async () => {
    const config = await loadConfig({ configPath: resolve("redocly.yaml") });
    const problems = await lintFromString({ source: JSON.stringify(baseSpec()), absoluteRef: resolve("fixture.json"), config });
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  test("an unchanged spec has no changes", () => {
    expect(classifyChanges(baseSpec(), baseSpec())).toEqual([]);
  });

  test("removing an optional response field is breaking (the published types lose it)", () => {
    const changes = classifyChanges(baseSpec(), changed((d) => delete d.components.schemas.Session.properties.title));
    expect(summarize(changes).breaking).toBe(2); // under both operations that return a Session
    expect(changes.every((c) => c.type === "breaking" && c.rule === "removed-response-field")).toBe(true);
  });

  test("removing a required response field is breaking", () => {
    const after = changed((d) => {
      delete d.components.schemas.Session.properties.id;
      d.components.schemas.Session.required = ["status"];
    });
    expect(typesOf(after)).toContain("breaking");
  });

  test("narrowing a request enum is breaking", () => {
    const changes = classifyChanges(baseSpec(), changed((d) => (d.components.schemas.CreateSessionRequest.properties.model.enum = ["fast", "smart"])));
    expect(changes.map((c) => [c.type, c.path])).toEqual([["breaking", 'paths["/sessions"].post.requestBody.content["application/json"].schema.properties.model.enum[2]']]);
  });

  test("a change's path names each key once, with no empty segment, whatever characters the keys hold", () => {
    const changes = classifyChanges(baseSpec(), changed((d) => delete (d.paths["/sessions/{session_id}"].get.responses as Record<string, unknown>)["404"]));
    expect(changes.map((c) => c.path)).toEqual(['paths["/sessions/{session_id}"].get.responses.404']);
    expect(changes.every((c) => !c.path.includes("//"))).toBe(true);
  });

  test("a newly required request property is breaking", () => {
    expect(typesOf(changed((d) => d.components.schemas.CreateSessionRequest.required.push("notes")))).toEqual(["breaking"]);
  });

  test("an added optional response field is non-breaking", () => {
    expect(typesOf(changed((d) => (d.components.schemas.Session.properties.url = { type: "string", format: "uri" })))).toEqual(["non-breaking"]);
  });

  test("an added optional request field is non-breaking", () => {
    expect(typesOf(changed((d) => (d.components.schemas.CreateSessionRequest.properties.timeout = { type: "integer" })))).toEqual(["non-breaking"]);
  });

  test("a value added to an open response enum (x-open-enum) is non-breaking", () => {
    const changes = classifyChanges(baseSpec(), changed((d) => d.components.schemas.SessionStatus.enum.push("paused")));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.type === "non-breaking")).toBe(true);
  });

  test("declaring an already-required property with the empty schema is non-breaking", () => {
    const after = changed((d) => (d.components.schemas.CreateSessionRequest.properties.task = {}));
    const before = changed((d) => delete (d.components.schemas.CreateSessionRequest.properties as Record<string, unknown>).task);
    expect([...new Set(classifyChanges(before, after).map((c) => c.type))]).toEqual(["non-breaking"]);
  });

  test("a description edit is an annotation", () => {
    expect(typesOf(changed((d) => (d.components.schemas.Session.properties.id!.description = "Session id.")))).toEqual(["annotation"]);
  });
});

describe("release gate (VERSIONING)", () => {
  const breaking = changed((d) => {
    delete d.components.schemas.Session.properties.title;
    d.info.version = "2.0.0";
  });
  const changelog = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-11-23\n\n### Breaking\n- removed `title`\n";

  test("isMajorBump follows npm's caret: the first non-zero part must grow", () => {
    const cases: [string, string, boolean][] = [
      ["1.2.3", "2.0.0", true],
      ["1.2.3", "1.3.0", false],
      ["1.2.3", "1.2.3", false],
      ["2.0.0", "1.0.0", false],
      ["0.1.0", "0.2.0", true],
      ["0.1.0", "0.1.1", false],
      ["0.1.0", "1.0.0", true],
      ["0.0.1", "0.0.2", true],
      ["1.0.0", "not-a-version", false],
    ];
    expect(cases.map(([from, to]) => [from, to, isMajorBump(from, to)])).toEqual(cases);
  });

  test("changelogHasEntry finds `## 1.0.0` and `## [1.0.0] - date`, not a mention in text", () => {
    expect(changelogHasEntry(changelog, "1.0.0")).toBe(true);
    expect(changelogHasEntry("## 1.0.0\n", "1.0.0")).toBe(true);
    expect(changelogHasEntry("## 1.0.0-rc.1\n- see 1.0.0\n", "1.0.0")).toBe(false);
  });

  test("a breaking change with both majors bumped and a changelog entry is released", () => {
    const verdict = judge({ provider: "fixture", base: baseSpec(), head: breaking }, { basePackageVersion: "0.1.0", headPackageVersion: "1.0.0", changelog });
    expect(verdict.status).toBe("breaking-released");
    expect(verdict.missing).toEqual([]);
  });

  test("a breaking change fails while the spec, the package or the changelog lags", () => {
    const head = changed((d) => delete d.components.schemas.Session.properties.title);
    const verdict = judge({ provider: "fixture", base: baseSpec(), head }, { basePackageVersion: "0.1.0", headPackageVersion: "0.1.1", changelog: "" });
    expect(verdict.status).toBe("breaking-unreleased");
    expect(verdict.missing).toEqual([
      "info.version of the fixture spec must get a major bump (1.0.0 -> 1.0.0)",
      "the package version must get a major bump (0.1.0 -> 0.1.1)",
      'CHANGELOG.md needs a "## 0.1.1" entry',
    ]);
  });

  test("a provider absent at the base is new, and a removed one is breaking", () => {
    const release = { basePackageVersion: "1.0.0", headPackageVersion: "1.1.0", changelog };
    expect(judge({ provider: "fixture", base: undefined, head: baseSpec() }, release).status).toBe("new");
    expect(judge({ provider: "fixture", base: baseSpec(), head: undefined }, release).status).toBe("removed");
  });
});

describe("npm run diff, end to end in a git repository", () => {
  const repo = mkdtempSync(join(tmpdir(), "spec-diff-"));
  const script = resolve("scripts/diff.ts");
  const tsx = resolve("node_modules/tsx/dist/cli.mjs");
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const write = (path: string, content: string) => {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), content);
  };
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: repo, stdio: "pipe" });
  const diff = () => spawnSync(process.execPath, [tsx, script, "--base", "HEAD"], { cwd: repo, encoding: "utf8" });

  test("fails on an unreleased breaking change, passes once it is released, and calls a new provider new", () => {
    git("init", "-q");
    write("package.json", JSON.stringify({ name: "fixture", version: "1.0.0" }));
    write("generated/fixture/openapi.json", JSON.stringify(baseSpec()));
    git("add", ".");
    git("commit", "-q", "-m", "base");

    write("generated/fixture/openapi.json", JSON.stringify(changed((d) => delete d.components.schemas.Session.properties.title)));
    write("generated/newcomer/openapi.json", JSON.stringify(baseSpec()));
    const blocked = diff();
    expect(blocked.status, blocked.stdout + blocked.stderr).toBe(1);
    expect(blocked.stdout).toContain("FAIL  fixture: breaking-unreleased");
    expect(blocked.stdout).toContain("ok    newcomer: new");

    write("generated/fixture/openapi.json", JSON.stringify(changed((d) => {
      delete d.components.schemas.Session.properties.title;
      d.info.version = "2.0.0";
    })));
    write("package.json", JSON.stringify({ name: "fixture", version: "2.0.0" }));
    write("CHANGELOG.md", "# Changelog\n\n## [2.0.0] - 2026-11-23\n\n### Breaking\n- fixture: `Session.title` removed\n");
    const released = diff();
    expect(released.status, released.stdout + released.stderr).toBe(0);
    expect(released.stdout).toContain("ok    fixture: breaking-released");
  });

  test("an unknown base ref is a usage error, not a pass", () => {
    const result = spawnSync(process.execPath, [tsx, script, "--base", "no-such-ref"], { cwd: repo, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown git ref: no-such-ref");
  });
});
