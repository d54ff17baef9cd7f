// driver.mjs — the browser half of ./build.sh bench (wasm/cmd/bench runs it).
// Given a running dev server (its ready line, as JSON in argv[2], plus the
// run's counts), it measures in headless Chromium and prints one JSON object
// of raw samples to stdout; wasm/cmd/bench computes the statistics.
//
//   ready:  time to ready of bench/ready.html, cold (a new browser and
//           profile per load) and warm (one browser, HTTP cache primed),
//           interleaved with the same for bench/floor.html (no orylogin),
//           bench/hello.html (the smallest Go program) and bench/form.html
//           (a page with <ory-login>: time to its first visible and first
//           interactive form, and whether text typed into that first
//           interactive input is still there once the element is idle);
//   slow:   the same cold and warm for ready.html, hello.html and form.html
//           under Chromium's network emulation (CDP
//           Network.emulateNetworkConditions: SLOW below);
//   page:   the same-origin files the demo page (index.html) downloads, and
//           those bench/form.html downloads outside bench/ (what a page that
//           uses the JS API and <ory-login> downloads);
//   rounds: the whole login by orylogin and by the baseline, alternating
//           which goes first, a fresh identity each, cookies cleared between;
//           the warm-up rounds (not counted) check that orylogin made one
//           request per step, as the baseline does;
//   memory: OryLogin.stats() after numbered calls.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../e2e/harness.mjs";

const opts = JSON.parse(process.argv[2]); // {url, kratosAdmin, cold, warm, slow, warmup, rounds, memoryPoints}
const log = (...a) => console.error("bench:", ...a);

/** SLOW is the slow network of the slow row: 10 Mbit/s each way, 40 ms latency (Chromium adds it to every request). */
const SLOW = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };

/** TYPED is what the driver types into the first interactive input of bench/form.html. */
const TYPED = "typed-early";

/** browser launches Chromium with a fresh profile (under network emulation when slow); close() removes it. */
async function browser(slow = false) {
  const dir = await mkdtemp(join(tmpdir(), "orylogin-bench-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => log("page error:", String(e)));
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW);
  }
  return { context, page, close: async () => { await context.close(); await rm(dir, { recursive: true, force: true }); } };
}

/** readyOnce navigates page to bench/NAME.html (ready, floor or hello) and returns what it recorded. */
async function readyOnce(page, name = "ready") {
  await page.goto(opts.url + `bench/${name}.html`);
  await page.waitForFunction(() => window.benchReady, null, { timeout: 120_000 });
  const r = await page.evaluate(() => window.benchReady);
  if (r.error) throw new Error(`${name}.html: ${r.error}`);
  return r;
}

let formQuery; // ?base-url=…&flow=… of bench/form.html: where the dev server's Kratos is

/**
 * formOnce navigates page to bench/form.html and returns when its element
 * first showed a form and first had an interactive input (form-probe.js),
 * and when load() resolved; then it types TYPED into that input and says
 * whether the input took it (accepted) and whether it is still in the
 * element once the element is idle at the password step (kept).
 */
async function formOnce(page) {
  if (!formQuery) {
    const config = await (await fetch(opts.url + "orylogin.config.json")).json();
    if (!config.baseURL) throw new Error("orylogin.config.json names no Kratos");
    formQuery = "?" + new URLSearchParams({ "base-url": config.baseURL, flow: config.flow ?? "browser" });
  }
  await page.goto(opts.url + "bench/form.html" + formQuery);
  const failure = async (what) => {
    const why = await page.evaluate(() => {
      const f = window.benchForm ?? {};
      const host = document.querySelector("ory-login");
      const error = f.root?.querySelector('[part~="error"]')?.textContent ?? "";
      return `load ${f.error ?? (f.loadMs ? "done" : "pending")}, step ${host?.getAttribute("data-step")}, busy ${host?.getAttribute("aria-busy")}, error "${error}"`;
    }).catch((e) => String(e));
    return new Error(`form.html: ${what}: ${why}`);
  };
  try {
    await page.waitForFunction(() => window.benchForm?.error || window.benchForm?.interactiveMs !== null, null, { timeout: 120_000 });
  } catch {
    throw await failure("no interactive input");
  }
  const input = (await page.evaluateHandle(() => window.benchForm.input)).asElement();
  if (!input) throw await failure("no interactive input");
  let accepted = false; // an input replaced before the typing could reach it did not accept it
  try {
    await input.focus();
    await page.keyboard.type(TYPED);
    accepted = await input.evaluate((el, t) => el.isConnected && el.value.includes(t), TYPED);
  } catch (e) {
    log("form.html: typing into the first interactive input:", String(e?.message ?? e).split("\n")[0]);
  } finally {
    await input.dispose();
  }
  try {
    await page.waitForFunction(() => {
      const host = document.querySelector("ory-login");
      return window.benchForm.loadMs && host.getAttribute("data-step") === "password" && host.getAttribute("aria-busy") === "false";
    }, null, { timeout: 60_000 });
  } catch {
    throw await failure("the element is not idle at the password step");
  }
  const r = await page.evaluate((t) => {
    const f = window.benchForm;
    const kept = [...f.root.querySelectorAll("input")].some((el) => el.value.includes(t));
    return { visibleMs: f.visibleMs, interactiveMs: f.interactiveMs, loadMs: f.loadMs, kept };
  }, TYPED);
  return { ...r, accepted };
}

/** once loads the bench page name (ready, floor, hello or form) in page. */
const once = (page, name) => (name === "form" ? formOnce(page) : readyOnce(page, name));

/**
 * measureReady loads each of names cold and warm, interleaved (under
 * network emulation when slow): ready.html, and beside it floor.html (an
 * empty module: what this browser on this machine takes for any page with
 * a script), hello.html (the smallest Go program, loaded the same way:
 * what any Go wasm takes here) and form.html (the element). It returns
 * {name: {cold: [...], warm: [...]}}.
 */
async function measureReady(names, cold, warm, slow = false) {
  const out = Object.fromEntries(names.map((n) => [n, { cold: [], warm: [] }]));
  const w = await browser(slow);
  try {
    for (const name of names) {
      await once(w.page, name); // primes the HTTP cache (and the code cache)
      await once(w.page, name);
    }
    for (let i = 0; i < Math.max(cold, warm); i++) {
      for (const name of names) {
        if (i < cold) {
          const c = await browser(slow);
          try { out[name].cold.push(await once(c.page, name)); } finally { await c.close(); }
        }
        if (i < warm) out[name].warm.push(await once(w.page, name));
      }
    }
  } finally {
    await w.close();
  }
  return out;
}

/**
 * pageFiles opens a page in a new browser (open navigates and resolves
 * once the page is ready) and lists the same-origin paths it fetched, less
 * the dev server's /dev/ and those under skip.
 */
async function pageFiles(open, skip = "/dev/") {
  const b = await browser();
  try {
    const paths = new Set();
    const origin = new URL(opts.url).origin;
    b.page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.origin === origin && !u.pathname.startsWith("/dev/") && !u.pathname.startsWith(skip)) paths.add(u.pathname);
    });
    await open(b.page);
    return [...paths].sort();
  } finally {
    await b.close();
  }
}

const demoReady = async (page) => {
  await page.goto(opts.url);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
};

/** newIdentity creates a fresh identity through Kratos's admin API (not timed). */
async function newIdentity() {
  const email = `bench-${randomUUID().slice(0, 12)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const r = await fetch(`${opts.kratosAdmin}/admin/identities`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ schema_id: "default", traits: { email }, credentials: { password: { config: { password } } } }),
  });
  if (r.status !== 201) throw new Error(`create identity: HTTP ${r.status}: ${await r.text()}`);
  return { email, password };
}

async function measureRounds() {
  const b = await browser();
  const out = { orylogin: [], baseline: [], requests: [] };
  try {
    await b.page.goto(opts.url + "bench/bench.html");
    await b.page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
    for (let i = 0; i < opts.warmup + opts.rounds; i++) {
      const order = i % 2 ? ["baseline", "orylogin"] : ["orylogin", "baseline"];
      for (const kind of order) {
        const id = await newIdentity();
        const warmup = i < opts.warmup; // these rounds check the requests per step, and are not counted
        const r = await b.page.evaluate(([k, x, c]) => window.bench.round(k, x, c), [kind, id, warmup]);
        await b.context.clearCookies(); // the next round starts signed out
        if (r.requests) out.requests.push(r.requests);
        if (warmup) continue;
        out[kind].push(r.ms);
      }
      if ((i + 1) % 10 === 0) log(`round ${i + 1}/${opts.warmup + opts.rounds}`);
    }
    const id = await newIdentity();
    out.memory = await b.page.evaluate(([x, p]) => window.bench.memory(x, p), [id, opts.memoryPoints]);
  } finally {
    await b.close();
  }
  return out;
}

const started = Date.now();
const ready = await measureReady(["ready", "floor", "hello", "form"], opts.cold, opts.warm);
log(`time to ready and to a usable form: ${opts.cold} cold, ${opts.warm} warm each (${Date.now() - started} ms)`);
const slow = await measureReady(["ready", "hello", "form"], opts.slow, opts.slow, true);
log(`slow network: ${opts.slow} cold, ${opts.slow} warm each (${Date.now() - started} ms)`);
const files = await pageFiles(demoReady);
const elementFiles = await pageFiles(formOnce, "/bench/");
const rounds = await measureRounds();
log(`rounds done (${Date.now() - started} ms)`);
const report = {
  ready: {
    cold: ready.ready.cold, warm: ready.ready.warm, floorCold: ready.floor.cold, floorWarm: ready.floor.warm,
    helloCold: ready.hello.cold, helloWarm: ready.hello.warm,
  },
  form: { cold: ready.form.cold, warm: ready.form.warm },
  slow: {
    network: SLOW,
    cold: slow.ready.cold, warm: slow.ready.warm, helloCold: slow.hello.cold, helloWarm: slow.hello.warm,
    formCold: slow.form.cold, formWarm: slow.form.warm,
  },
  pageFiles: files,
  elementFiles,
  ...rounds,
  chromium: await chromiumVersion(),
};
process.stdout.write(JSON.stringify(report) + "\n");

async function chromiumVersion() {
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try { return b.version(); } finally { await b.close(); }
}
