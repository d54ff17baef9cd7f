// harness.mjs — what the end-to-end tests share: the dev server (with its
// local real Kratos), headless Chromium through playwright-core, identities,
// the dev inbox, and a watcher of what the page leaks (console, CSP,
// request URLs, storage).
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// playwright-core comes from web/node_modules, a link that `./build.sh test`
// makes to its cached install; without it, say how to get it.
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (err) {
  throw new Error(`playwright-core is not installed: run ./build.sh test once (it links web/node_modules) — ${err.message}`);
}

/** ROOT is the repository's top directory. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** DIST is the built page that ./build.sh build writes ($ORYLOGIN_DIST overrides it). */
export const DIST = process.env.ORYLOGIN_DIST || join(ROOT, "dist");

/** CHROMIUM is the browser binary (Debian's package). */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** CHROMIUM_ARGS are the flags every test browser runs with. */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let devserverBin;

/**
 * devserverBinary returns the dev server's binary: $ORYLOGIN_DEVSERVER (set
 * by build.sh), or one `go build` per test process into a temp dir.
 */
async function devserverBinary() {
  if (process.env.ORYLOGIN_DEVSERVER) return process.env.ORYLOGIN_DEVSERVER;
  if (!devserverBin) {
    const dir = await mkdtemp(join(tmpdir(), "orylogin-devserver-"));
    const out = join(dir, "devserver");
    await promisify(execFile)("go", ["build", "-o", out, "./wasm/cmd/devserver"], { cwd: ROOT });
    devserverBin = out;
    process.once("exit", () => rm(dir, { recursive: true, force: true }));
  }
  return devserverBin;
}

/**
 * startDevServer runs the dev server on a free port with a local Kratos and
 * resolves with its ready line ({url, kratosPublic, kratosAdmin,
 * kratosVersion, email, password}) plus pid and stop(), which ends it (and so
 * Kratos) by its PID. The Kratos is the binary $KRATOS_BIN names, or v1.3.1
 * (the dev server inherits the environment).
 */
export async function startDevServer(extraArgs = []) {
  if (!existsSync(join(DIST, "orylogin.wasm"))) {
    throw new Error(`${DIST}/orylogin.wasm is missing: run ./build.sh build first`);
  }
  const bin = await devserverBinary();
  const args = ["-addr", "127.0.0.1:0", "-ready-json", "-dist", DIST, ...extraArgs];
  const child = spawn(bin, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-8000); });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // Safety net: a test process that dies without its after() hook must not
  // leave the dev server (and its Kratos) running.
  const onExit = () => child.kill("SIGTERM");
  process.once("exit", onExit);
  exited.then(() => process.off("exit", onExit));

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server not ready in 180 s:\n${stderr}`)), 180_000);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch (err) {
        reject(new Error(`dev server's ready line ${JSON.stringify(line)}: ${err.message}`));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited (${code ?? signal}) before it was ready:\n${stderr}`));
    });
  });
  child.stdout.resume();
  // Which Kratos answers ($KRATOS_BIN picks it; v1.3.1 otherwise), for the log.
  if (ready.kratosVersion) process.stderr.write(`harness: dev server ${ready.url} on Kratos ${ready.kratosVersion}\n`);

  return {
    ...ready,
    pid: child.pid,
    /** stop sends SIGTERM (the dev server then stops Kratos) and waits, SIGKILL after 15 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid, "SIGTERM");
      const killer = setTimeout(() => process.kill(child.pid, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** newIdentity creates a fresh identity through Kratos's admin API, so each test has its own inbox. */
export async function newIdentity(server, name) {
  const email = `e2e-${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const r = await fetch(`${server.kratosAdmin}/admin/identities`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      schema_id: "default",
      traits: { email },
      credentials: { password: { config: { password } } },
    }),
  });
  if (r.status !== 201) throw new Error(`create identity: HTTP ${r.status}: ${await r.text()}`);
  return { email, password };
}

/** inbox reads the dev server's /dev/inbox for email (newest first). */
export async function inbox(server, email) {
  const r = await fetch(`${server.url}dev/inbox?email=${encodeURIComponent(email)}`);
  if (!r.ok) throw new Error(`dev inbox: HTTP ${r.status}`);
  return r.json();
}

/** waitForMail polls the dev inbox until a mail to email whose id is not in seen arrives. */
export async function waitForMail(server, email, seen = new Set(), timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const fresh = (await inbox(server, email)).find((m) => !seen.has(m.id));
    if (fresh) return fresh;
    if (Date.now() > until) throw new Error(`no new mail to ${email} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** mailIds returns the ids of the mails now in email's inbox. */
export async function mailIds(server, email) {
  return new Set((await inbox(server, email)).map((m) => m.id));
}

/**
 * openBrowser launches Chromium with a fresh user-data-dir and returns
 * {context, page, watch, close}; watch records what the page shows the
 * outside world (see Watch). options are Playwright's context options
 * (timezoneId, locale…).
 */
export async function openBrowser(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), "orylogin-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    ...options, // e.g. the person's timezoneId and locale
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const watch = new Watch(page);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile });
    });
  });
  return {
    context,
    page,
    watch,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Watch collects a page's console messages, page errors, request URLs and responses. */
export class Watch {
  constructor(page) {
    this.page = page;
    this.console = []; // {type, text, url}
    this.pageErrors = [];
    this.requests = [];
    this.responses = []; // {url, status, headers}
    page.on("response", (r) => this.responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));
    page.on("console", (m) => this.console.push({ type: m.type(), text: m.text(), url: m.location()?.url || "" }));
    page.on("pageerror", (e) => this.pageErrors.push(String(e?.stack || e)));
    page.on("request", (r) => this.requests.push(r.url()));
  }

  /**
   * consoleErrors returns the console errors, less the ones Chromium logs by
   * itself for Ory's 4xx answers that are part of the protocol ("Failed to
   * load resource: … status of 400" for a code sent, 401 for no session…),
   * and only when the resource is Ory's.
   */
  consoleErrors(oryBase) {
    const expected = /^Failed to load resource: the server responded with a status of (400|401|403|410|422) /;
    return this.console.filter((m) => m.type === "error" && !(expected.test(m.text) && m.url.startsWith(oryBase)));
  }

  /** cspViolations returns what the page's securitypolicyviolation listener saw. */
  async cspViolations() {
    return this.page.evaluate(() => window.__cspViolations || []);
  }

  /** exposure returns everything the page put where secrets must never go. */
  async exposure() {
    const storage = await this.page.evaluate(() => ({
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    return {
      console: this.console.map((m) => `${m.type}: ${m.text}`).join("\n"),
      urls: this.requests.join("\n"),
      ...storage,
    };
  }
}

/** waitReady waits until the page's app has booted (or failed to). */
export async function waitReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 30_000 });
  const ready = await page.evaluate(() => document.documentElement.dataset.ready);
  if (ready !== "true") {
    const error = await page.locator("#error").textContent();
    throw new Error(`the page did not start: ${error}`);
  }
}

/** waitStep waits until the page is idle at one of steps and returns the step. */
export async function waitStep(page, ...steps) {
  await page.waitForFunction(
    (want) => document.getElementById("app").getAttribute("aria-busy") === "false"
      && want.includes(document.getElementById("step").textContent),
    steps,
    { timeout: 30_000 },
  ).catch(async (err) => {
    const now = await page.evaluate(() => ({
      step: document.getElementById("step").textContent,
      error: document.getElementById("error").textContent,
      messages: document.getElementById("messages").textContent,
    }));
    throw new Error(`waiting for step ${steps.join("|")}: now ${JSON.stringify(now)}: ${err.message}`);
  });
  return page.locator("#step").textContent();
}

/** typeInto clicks an input and types text key by key, as a person does. */
export async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(text);
}

/** otherCode returns a 6-digit code that is not code. */
export function otherCode(code) {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

const STATIC_TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm",
};

/**
 * staticServer serves DIST on a free loopback port as any plain file server
 * would (no CSP, no dev server, no Kratos); close() stops it.
 */
export async function staticServer() {
  const srv = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.includes("..")) return res.writeHead(400).end();
    try {
      const body = await readFile(join(DIST, path.endsWith("/") ? `${path}index.html` : path));
      res.writeHead(200, { "Content-Type": STATIC_TYPES[extname(path || ".html")] || "text/html; charset=utf-8" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((r) => srv.close(r)) };
}
