/**
 * `npm run smoke`: the consumer's view. Builds and packs the package, installs the tarball into a temporary
 * project, imports every entry and spec from plain Node ESM, typechecks a TypeScript file that uses every
 * entry (with this repo's typescript), and calls the Browser Use client against a Prism mock on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPrism, type MockServer } from "../contract-tests/runner/prism.js";
import { CONSUMER_TSCONFIG, callConsumer, consumerInstallArgs, esmConsumer, tsConsumer } from "./lib/consumer.js";
import { clientProviders } from "./lib/package-layout.js";
import { build, pack } from "./lib/pack.js";
import { formatBytes, runScript, timed } from "./lib/steps.js";
import { tsc } from "./lib/tools-build.js";

function sh(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

async function main(): Promise<number> {
  const pkg = JSON.parse(await readFile("package.json", "utf8")) as { name: string; devDependencies: Record<string, string> };
  const providers = clientProviders();
  const work = await mkdtemp(join(tmpdir(), "smoke-"));
  let mock: MockServer | undefined;
  try {
    await timed("build", build);
    const packed = await timed("pack", () => pack(work));
    console.log(`      ${packed.tarball}: ${formatBytes(packed.size)} packed, ${formatBytes(packed.unpackedSize)} unpacked, ${packed.files.length} files`);
    const project = join(work, "consumer");
    await timed("install the tarball into a new project", async () => {
      await mkdir(project, { recursive: true });
      await writeFile(join(project, "package.json"), JSON.stringify({ name: "smoke-consumer", private: true, type: "module" }, null, 2));
      sh("npm", consumerInstallArgs(packed.tarball, pkg.devDependencies["@types/node"]!), project);
    });
    await timed("plain Node ESM imports every entry and spec", async () => {
      await writeFile(join(project, "esm.mjs"), esmConsumer(pkg.name, providers));
      console.log(`      ${sh(process.execPath, ["esm.mjs"], project).trim()}`);
    });
    await timed("TypeScript (NodeNext, strict) typechecks a file using every entry", async () => {
      await writeFile(join(project, "consumer.ts"), tsConsumer(pkg.name, providers));
      await writeFile(join(project, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
      await tsc(["-p", join(project, "tsconfig.json")]);
    });
    mock = await timed("start Prism on generated/browser-use/openapi.json", () => startPrism("generated/browser-use/openapi.json"));
    await timed(`the installed client calls the mock (${mock.url})`, async () => {
      await writeFile(join(project, "call.mjs"), callConsumer(pkg.name));
      console.log(`      ${sh(process.execPath, ["call.mjs", mock!.url], project).trim()}`);
    });
  } finally {
    await mock?.stop();
    await rm(work, { recursive: true, force: true });
  }
  console.log("smoke done");
  return 0;
}

runScript({ name: "smoke", summary: "Builds and packs the package, installs the tarball into a temporary project, imports every entry, typechecks a TypeScript consumer and calls a client against a Prism mock on 127.0.0.1.", flags: {}, run: main });
