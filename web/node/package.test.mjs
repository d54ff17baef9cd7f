// package.test.mjs — dist/ as the npm package "orylogin": its package.json
// names files that exist, and Node.js resolves `import "orylogin"` through
// its exports to the loader, which runs the offline Ory and has no element
// to define (no customElements in Node). (The React example's Vite build
// and tsc check the same package from a bundler's side.)
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = process.env.ORYLOGIN_DIST || join(ROOT, "dist");

test("dist/package.json: name, module type, exports with types first, files that exist", async () => {
  assert.ok(existsSync(join(DIST, "package.json")), "dist/package.json: run ./build.sh build");
  const pkg = JSON.parse(await readFile(join(DIST, "package.json"), "utf8"));
  assert.equal(pkg.name, "orylogin");
  assert.equal(pkg.type, "module");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["types", "default"], "types must come first");
  assert.equal(pkg.exports["."].types, "./orylogin.d.ts");
  assert.equal(pkg.exports["."].default, "./orylogin.js");
  assert.ok(Array.isArray(pkg.sideEffects), "sideEffects lists the files with side effects");
  for (const f of pkg.files) assert.ok(existsSync(join(DIST, f)), `files names ${f}, which is missing`);
  for (const f of ["orylogin.js", "orylogin.d.ts", "orylogin.wasm", "wasm_exec.js"]) {
    assert.ok(pkg.files.includes(f), `files lacks ${f}`);
  }
  const dts = await readFile(join(DIST, "orylogin.d.ts"), "utf8");
  assert.match(dts, /"ory-login": OryLoginElement;/, "HTMLElementTagNameMap entry");
  assert.match(dts, /"orylogin:authenticated": CustomEvent<State>;/, "the events' detail types");
});

test("Node resolves `import \"orylogin\"` through the exports and runs the offline Ory", { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "orylogin-pkg-"));
  try {
    await mkdir(join(dir, "node_modules"));
    await symlink(DIST, join(dir, "node_modules", "orylogin"), "dir");
    await writeFile(join(dir, "app.mjs"), `
import { load, OryLoginError } from "orylogin";
const OryLogin = await load({ offline: true });
const client = OryLogin.newClient({ offline: true });
const state = await client.startLogin();
console.log(JSON.stringify({
  step: state.step, flowKind: state.flowKind,
  element: OryLogin.defineElement() === undefined,
  error: OryLogin.OryLoginError === OryLoginError,
}));
process.exit(0);
`);
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, "app.mjs")], { cwd: dir, timeout: 50_000 });
    assert.deepEqual(JSON.parse(stdout.trim().split("\n").at(-1)), {
      step: "password", flowKind: "api", element: true, error: true,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("orylogin.wasm run without the loader says why and exits with code 2", { timeout: 60_000 }, async () => {
  // main writes and exits through syscall (the module links no os).
  const script = `
await import(${JSON.stringify(join(DIST, "wasm_exec.js"))});
const { readFile } = await import("node:fs/promises");
const go = new Go();
let code;
go.exit = (c) => { code = c; };
const { instance } = await WebAssembly.instantiate(await readFile(${JSON.stringify(join(DIST, "orylogin.wasm"))}), go.importObject);
await go.run(instance);
setTimeout(() => console.log(JSON.stringify({ code })), 50);
`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { timeout: 50_000 });
  const out = (stdout + stderr).split("\n").filter(Boolean);
  assert.deepEqual(out.filter((l) => l.startsWith("orylogin:")), ["orylogin: load orylogin.wasm with orylogin.js (no __oryloginBoot)"]);
  assert.deepEqual(JSON.parse(out.findLast((l) => l.startsWith("{"))), { code: 2 });
});
