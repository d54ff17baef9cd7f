// api-flow.test.mjs — orylogin's dist/orylogin.js under Node.js: the whole
// api flow to aal2 against a real local Kratos (started with
// `kratosdev run`, stopped by its PID), the offline flow of both kinds, the
// loader's caching and its wasmURL path, and the loader's glue when the Go
// program has exited. Nothing here may print a password, a code or a
// session token.
//
//   node --test web/node/        (./build.sh test runs it after the build)
//
// dist/ is rebuilt first when a Go source, web/orylogin.js or
// web/orylogin.d.ts is newer than it ($ORYLOGIN_DIST: use that dir as is).
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { printed } from "./printed.mjs";

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = process.env.ORYLOGIN_DIST || join(ROOT, "dist");

const secrets = new Set();

/**
 * wasmSourcesMtime is the newest modification time of the Go files that
 * go into orylogin.wasm (host-only files of the module do not count), and
 * of go.mod and go.sum.
 */
async function wasmSourcesMtime() {
  const { stdout } = await run(
    "go",
    ["list", "-deps", "-f", "{{if not .Standard}}{{range .GoFiles}}{{$.Dir}}/{{.}}\n{{end}}{{end}}", "./wasm/cmd/orylogin"],
    { cwd: ROOT, env: { ...process.env, GOOS: "js", GOARCH: "wasm" }, maxBuffer: 1 << 24 },
  );
  const files = stdout.split("\n").filter((f) => f.startsWith(ROOT));
  assert.ok(files.length > 10, `go list found only ${files.length} files of orylogin.wasm`);
  return Math.max(...[...files, join(ROOT, "go.mod"), join(ROOT, "go.sum")].map((f) => statSync(f).mtimeMs));
}

/** ensureDist builds dist/ when it is missing or older than its sources. */
async function ensureDist() {
  if (process.env.ORYLOGIN_DIST) return;
  const built = (f) => (existsSync(join(DIST, f)) ? statSync(join(DIST, f)).mtimeMs : 0);
  const goSources = await wasmSourcesMtime();
  const stale =
    built("orylogin.wasm") < goSources ||
    built("wasm_exec.js") === 0 ||
    built("orylogin.js") < statSync(join(ROOT, "web/orylogin.js")).mtimeMs ||
    built("orylogin.d.ts") < statSync(join(ROOT, "web/orylogin.d.ts")).mtimeMs;
  if (!stale) return;
  await run(join(ROOT, "build.sh"), ["build"], { cwd: ROOT, maxBuffer: 1 << 24 });
}

let OryLogin;
let loadModule;
let kratos;

before(async () => {
  await ensureDist();
  loadModule = await import(pathToFileURL(join(DIST, "orylogin.js")).href);
  OryLogin = await loadModule.load({ offline: true });
}, { timeout: 600_000 });

after(async () => {
  await kratos?.stop();
});

/**
 * startKratos runs `kratosdev run` (built to a temp dir, so that its PID
 * is Kratos's keeper's own) with one identity, and resolves with {public,
 * admin, email, password, stop}. The password travels in the environment,
 * never on a command line.
 */
async function startKratos() {
  const dir = await mkdtemp(join(tmpdir(), "orylogin-kratosdev-"));
  const bin = join(dir, "kratosdev");
  await run("go", ["build", "-o", bin, "./wasm/cmd/kratosdev"], { cwd: ROOT });
  const email = `node-api-${randomUUID().slice(0, 8)}@example.com`;
  const password = `pw-${randomBytes(18).toString("base64url")}`;
  secrets.add(password);
  const child = spawn(bin, ["run", "-origin", "http://127.0.0.1:1", "-email", email], {
    cwd: ROOT,
    env: { ...process.env, KRATOSDEV_PASSWORD: password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-8000)));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const urls = await new Promise((resolve, reject) => {
    const seen = {};
    const timer = setTimeout(() => reject(new Error(`kratosdev not ready in 10 min:\n${stderr}`)), 600_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^(public|admin)\s+(\S+)/.exec(line);
      if (m) seen[m[1]] = m[2];
      if (/ready in/.test(line)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`kratosdev exited (${how}) before it was ready:\n${stderr}`));
    });
  });
  assert.ok(urls.public && urls.admin, `kratosdev printed no URLs: ${JSON.stringify(urls)}`);
  return {
    public: urls.public,
    admin: urls.admin,
    email,
    password,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, "SIGTERM");
        const killer = setTimeout(() => process.kill(child.pid, "SIGKILL"), 20_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** mails returns Kratos's courier messages to email, newest first. */
async function mails(k) {
  const r = await fetch(`${k.admin}/admin/courier/messages?recipient=${encodeURIComponent(k.email)}`);
  assert.equal(r.status, 200, `courier messages: HTTP ${r.status}`);
  return r.json();
}

/** newCode waits for a mail whose id is not in seen and returns its 6-digit code. */
async function newCode(k, seen) {
  const until = Date.now() + 20_000;
  for (;;) {
    const fresh = (await mails(k)).find((m) => !seen.has(m.id));
    if (fresh) {
      const code = /\b(\d{6})\b/.exec(fresh.body)?.[1];
      assert.ok(code, "the newest mail has no 6-digit code");
      seen.add(fresh.id);
      secrets.add(code);
      return code;
    }
    assert.ok(Date.now() < until, "no new mail within 20 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** messageIds lists a state's message ids. */
const messageIds = (st) => st.messages.map((m) => m.id);

/** noSecrets asserts that text holds none of the secrets seen so far. */
function noSecrets(what, text) {
  for (const s of secrets) assert.ok(!text.includes(s), `${what} shows a secret`);
}

test("load: one instance, globalThis.OryLogin, the exported error class", async () => {
  assert.equal(await loadModule.load(), OryLogin);
  assert.equal(await loadModule.load({ wasmURL: "/nonexistent.wasm" }), OryLogin, "a second load ignores its options");
  assert.equal(globalThis.OryLogin, OryLogin);
  assert.equal(OryLogin.OryLoginError, loadModule.OryLoginError);
  assert.equal(typeof OryLogin.version, "string");
  assert.ok(Object.isFrozen(OryLogin));
  let thrown;
  try {
    OryLogin.newClient({ baseURL: "ftp://127.0.0.1" });
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof loadModule.OryLoginError && thrown instanceof Error);
  assert.equal(thrown.name, "OryLoginError");
  assert.equal(thrown.code, "invalid_argument");
  assert.equal(thrown.status, 0);
  assert.deepEqual(thrown.messages, []);
});

test("load: wasmURL as a file path and as a file: URL, in a fresh Node process", async () => {
  const wasm = join(DIST, "orylogin-offline.wasm");
  for (const where of [wasm, pathToFileURL(wasm).href]) {
    const script = `
      const { load } = await import(${JSON.stringify(pathToFileURL(join(DIST, "orylogin.js")).href)});
      const api = await load({ wasmURL: ${JSON.stringify(where)} });
      const c = api.newClient({ offline: true });
      const st = await c.startLogin();
      process.stdout.write(st.step + " " + c.state.flowKind);`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT });
    assert.equal(stdout, "password api");
  }
  const bad = `
    const { load, OryLoginError } = await import(${JSON.stringify(pathToFileURL(join(DIST, "orylogin.js")).href)});
    try { await load({ wasmURL: "/nonexistent/orylogin.wasm" }); } catch (e) {
      process.stdout.write(String(e instanceof OryLoginError) + " " + e.code);
    }`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", bad], { cwd: ROOT });
  assert.equal(stdout, "true internal");
});

test("api flow to aal2 against a real Kratos", { timeout: 900_000 }, async () => {
  kratos = await startKratos();
  const k = kratos;
  const seen = new Set((await mails(k)).map((m) => m.id));
  const client = OryLogin.newClient({ baseURL: k.public }); // no document: the api flow
  assert.equal(client.state.flowKind, "api");
  const steps = [];
  client.on("change", (s) => steps.push(s.step));

  let st = await client.startLogin();
  assert.equal(st.step, "password");
  assert.equal(st.requestedAAL, "aal1");
  assert.equal(typeof st.flowId, "string");

  const wrong = `wrong-${randomBytes(9).toString("base64url")}`;
  secrets.add(wrong);
  st = await client.submitPassword({ identifier: k.email, password: wrong });
  assert.equal(st.step, "password");
  assert.ok(messageIds(st).includes(4000006), `messages ${messageIds(st)}`);

  st = await client.submitPassword({ identifier: k.email, password: k.password });
  if (st.step === "authenticated") {
    assert.equal(st.aal, "aal1");
    assert.equal(st.session.identity.traits.email, k.email);
    st = await client.startStepUp();
  }
  assert.equal(st.requestedAAL, "aal2");
  assert.equal(st.aal, "aal1");
  assert.deepEqual(st.addresses, [k.email]);
  if (st.step === "choose_method") st = await client.sendCode();
  assert.equal(st.step, "code_sent");
  const code = await newCode(k, seen);

  st = await client.submitCode({ code: code === "000000" ? "111111" : "000000" });
  assert.equal(st.step, "code_sent");
  assert.ok(messageIds(st).includes(4010008), `messages ${messageIds(st)}`);

  st = await client.submitCode({ code });
  assert.equal(st.step, "authenticated");
  assert.equal(st.aal, "aal2");
  assert.equal(st.requestedAAL, null);
  assert.equal(st.flowId, null);
  assert.deepEqual(client.state, st);
  const exchanges = client.exchanges();
  assert.ok(exchanges.length >= 1);
  assert.equal(exchanges[0].method, "POST");
  assert.ok(exchanges[0].url.startsWith(`${k.public}/self-service/login?flow=`));
  assert.ok(exchanges[0].curl.startsWith("curl "));
  const all = JSON.stringify(exchanges);
  assert.match(all, /\\"session_token\\":\\"\*\*\*\\"/, "the api flow's session token is masked in the exchanges");
  noSecrets("the exchanges", all);

  const session = await client.whoami();
  assert.equal(session.aal, "aal2");
  assert.equal(session.active, true);
  assert.equal(session.identity.traits.email, k.email);
  assert.ok(session.methods.includes("password") && session.methods.includes("code"), session.methods.join());
  assert.ok(!Number.isNaN(Date.parse(session.expiresAt)) && !Number.isNaN(Date.parse(session.authenticatedAt)));
  const exchangeWhoami = client.exchanges();
  assert.equal(exchangeWhoami.length, 1);
  assert.equal(exchangeWhoami[0].requestHeaders.Authorization, "Bearer ***");
  assert.equal(exchangeWhoami[0].status, 200);

  st = await client.logout();
  assert.equal(st.step, "signed_out");
  assert.equal(st.session, null);
  assert.equal(await client.whoami(), null);
  for (const step of ["password", "code_sent", "authenticated", "signed_out"]) {
    assert.ok(steps.includes(step), `no change event for ${step}: ${steps}`);
  }

  // An error from a real network: Kratos gone.
  await kratos.stop();
  kratos = undefined;
  await assert.rejects(client.startLogin(), (e) => e instanceof OryLogin.OryLoginError && e.code === "network");
  assert.equal(client.state.step, "signed_out");
});

for (const flow of ["api", "browser"]) {
  test(`offline ${flow} flow to aal2, code from OryLogin.offline.inbox()`, async () => {
    const email = `node-offline-${flow}@example.com`;
    const password = `pw-${randomBytes(12).toString("base64url")}`;
    secrets.add(password);
    OryLogin.offline.reset({ identities: [{ email, password }] });
    assert.deepEqual(OryLogin.offline.inbox(), []);
    const client = OryLogin.newClient({ offline: true, flow });
    assert.equal(client.state.flowKind, flow);

    let st = await client.startLogin();
    assert.equal(st.step, "password");
    st = await client.submitPassword({ identifier: email, password });
    if (st.step === "authenticated") st = await client.startStepUp();
    assert.equal(st.requestedAAL, "aal2");
    if (st.step === "choose_method") st = await client.sendCode({ address: email });
    assert.equal(st.step, "code_sent");
    const inbox = OryLogin.offline.inbox();
    const mail = inbox[inbox.length - 1];
    assert.equal(mail.to, email);
    assert.match(mail.code, /^\d{6}$/);
    assert.ok(mail.body.includes(mail.code));
    secrets.add(mail.code);
    st = await client.submitCode({ code: mail.code });
    assert.equal(st.step, "authenticated");
    assert.equal(st.aal, "aal2");
    assert.equal((await client.whoami()).aal, "aal2");
    noSecrets("the exchanges", JSON.stringify(client.exchanges()));
    assert.equal((await client.logout()).step, "signed_out");
    assert.equal(await client.whoami(), null);
  });
}

test("glue: once the Go program has exited, calls throw or reject with OryLoginError internal", async () => {
  const { _glue, OryLoginError } = loadModule;
  let exit;
  let exited = false;
  const glue = _glue(new Promise((r) => (exit = r)), () => exited);
  const pending = glue.async(() => new Promise(() => {}))(); // in flight when Go dies
  const sync = glue.sync(() => {
    throw new Error("Go program has already exited");
  });
  exited = true;
  exit();
  await assert.rejects(pending, (e) => e instanceof OryLoginError && e.code === "internal");
  assert.throws(sync, (e) => e instanceof OryLoginError && e.code === "internal" && /exited/.test(e.message));
  await assert.rejects(glue.async(() => Promise.resolve(1))(), (e) => e instanceof OryLoginError && e.code === "internal");
  // fail() carries an error out of Go, thrown or rejected as is.
  const err = new OryLoginError("orylogin: busy: another call is in flight", { code: "busy" });
  const live = _glue(new Promise(() => {}));
  assert.throws(() => live.sync(() => live.fail(err))(), (e) => e === err);
  await assert.rejects(live.async(() => live.fail(err))(), (e) => e === err);
});

test("nothing printed a password, a code or a session token", () => {
  assert.ok(secrets.size >= 4, `only ${secrets.size} secrets were tracked`);
  noSecrets("the console", printed.join("\n"));
});
