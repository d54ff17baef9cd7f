// hardening.mjs — what the hardening tests (faults, misuse, secrets,
// browser security, endurance) share on top of harness.mjs: the
// fault-injecting proxy (wasm/cmd/faultproxy) between Chromium and the dev
// server's real Kratos, a client driven through page.evaluate, and the
// report lines that `./build.sh test` sums up.
import { execFile, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { ROOT, startDevServer } from "./harness.mjs";

let proxyBin;

/** faultProxyBinary returns $ORYLOGIN_FAULTPROXY (set by build.sh) or builds it once per test process. */
async function faultProxyBinary() {
  if (process.env.ORYLOGIN_FAULTPROXY) return process.env.ORYLOGIN_FAULTPROXY;
  if (!proxyBin) {
    const dir = await mkdtemp(join(tmpdir(), "orylogin-faultproxy-"));
    const out = join(dir, "faultproxy");
    await promisify(execFile)("go", ["build", "-o", out, "./wasm/cmd/faultproxy"], { cwd: ROOT });
    proxyBin = out;
    process.once("exit", () => rm(dir, { recursive: true, force: true }));
  }
  return proxyBin;
}

/**
 * startFaultProxy runs the fault proxy on free loopback ports and returns
 * its URL and control functions; stop() ends it by its PID.
 */
export async function startFaultProxy() {
  const bin = await faultProxyBinary();
  const child = spawn(bin, [], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`faultproxy not ready in 30 s:\n${stderr}`)), 30_000);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch (err) {
        reject(new Error(`faultproxy's ready line ${JSON.stringify(line)}: ${err.message}`));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`faultproxy exited (${code ?? signal}):\n${stderr}`));
    });
  });
  child.stdout.resume();

  const control = async (method, path, body) => {
    const r = await fetch(ready.control + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`faultproxy ${path}: HTTP ${r.status}: ${text}`);
    return JSON.parse(text);
  };
  return {
    url: ready.url,
    control: ready.control,
    pid: child.pid,
    setUpstream: (url, allowOrigin) => control("POST", "/upstream", { url, allowOrigin }),
    setStripOrigin: (stripOrigin) => control("POST", "/mode", { stripOrigin }),
    /** arm adds a rule: {fault, method?, path?, skip?, times?, holdMs?, forward?, retryAfter?, messages?, nodes?}. */
    arm: (rule) => control("POST", "/arm", rule),
    /** disarm forgets every rule and resolves with how many were still armed. */
    disarm: async () => (await control("POST", "/disarm")).armed,
    /** seq resolves with the number of the last request seen. */
    seq: async () => (await control("GET", "/log?since=1000000000")).seq,
    /** requests resolves with the requests after seq, preflights left out unless withPreflights. */
    requests: async (since, withPreflights = false) => {
      const { entries } = await control("GET", `/log?since=${since}`);
      return withPreflights ? entries : entries.filter((e) => e.method !== "OPTIONS");
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid, "SIGTERM");
      const killer = setTimeout(() => process.kill(child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * startStack runs the fault proxy and a dev server whose page is told that
 * Ory is at the proxy; the proxy forwards to the dev server's real Kratos
 * and allows the page's origin. Page (127.0.0.1:A), proxy (127.0.0.1:B) and
 * Kratos (127.0.0.1:C) are one site, so the browser flow's cookies work.
 */
export async function startStack({ requiredAAL = "aal1", flags = [] } = {}) {
  const proxy = await startFaultProxy();
  let server;
  try {
    server = await startDevServer(["-page-ory", proxy.url, "-required-aal", requiredAAL, ...flags]);
    await proxy.setUpstream(server.kratosPublic, new URL(server.url).origin);
  } catch (err) {
    await server?.stop();
    await proxy.stop();
    throw err;
  }
  return {
    proxy,
    server,
    async stop() {
      await server.stop();
      await proxy.stop();
    },
  };
}

/**
 * newClient makes window.__c in the page: an OryLogin client on baseURL
 * that counts its "change" events.
 */
export async function newClient(page, options) {
  await page.evaluate((o) => {
    const c = window.OryLogin.newClient(o);
    window.__c = c;
    window.__changes = 0;
    c.on("change", () => { window.__changes++; });
  }, options);
}

/**
 * call runs window.__c[method](arg) in the page and resolves with
 * {ok, value | error, before, after, changes}: the state (JSON) before and
 * after, and how many "change" events the call fired.
 */
export function call(page, method, arg) {
  return page.evaluate(async ([m, a]) => {
    const c = window.__c;
    const before = JSON.stringify(c.state);
    const changes = window.__changes;
    const out = (r) => ({ ...r, before, after: JSON.stringify(c.state), changes: window.__changes - changes });
    try {
      const value = await (a === undefined ? c[m]() : c[m](a));
      return out({ ok: true, value });
    } catch (e) {
      return out({
        ok: false,
        error: {
          name: e?.name, code: e?.code, status: e?.status, message: String(e?.message), retryAfter: e?.retryAfter,
          messages: e?.messages, isOryLoginError: e instanceof window.OryLogin.OryLoginError,
        },
      });
    }
  }, [method, arg]);
}

/** stats resolves with OryLogin.stats() of the page. */
export function stats(page) {
  return page.evaluate(() => ({ ...window.OryLogin.stats() }));
}

/**
 * report appends one line to $ORYLOGIN_HARDENING_REPORT (build.sh sets it
 * and prints the sum at the end of `./build.sh test`) and logs it.
 */
export function report(kind, data) {
  const line = JSON.stringify({ kind, ...data });
  console.log(`hardening: ${line}`);
  if (process.env.ORYLOGIN_HARDENING_REPORT) appendFileSync(process.env.ORYLOGIN_HARDENING_REPORT, line + "\n");
}
