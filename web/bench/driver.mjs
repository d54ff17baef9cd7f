// driver.mjs — the browser half of ./build.sh bench (wasm/cmd/bench runs it).
// Given a running dev server (its ready line, as JSON in argv[2], plus the
// run's counts), it measures in headless Chromium and prints one JSON object
// of raw samples to stdout; wasm/cmd/bench computes the statistics.
//
//   ready:  time to ready of bench/ready.html, cold (a new browser and
//           profile per load) and warm (one browser, HTTP cache primed),
//           interleaved with the same for bench/floor.html (no orylogin)
//           and bench/hello.html (the smallest Go program);
//   page:   the same-origin files the demo page (index.html) downloads;
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

const opts = JSON.parse(process.argv[2]); // {url, kratosAdmin, cold, warm, warmup, rounds, memoryPoints}
const log = (...a) => console.error("bench:", ...a);

/** browser launches Chromium with a fresh profile; close() removes it. */
async function browser() {
  const dir = await mkdtemp(join(tmpdir(), "orylogin-bench-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => log("page error:", String(e)));
  return { context, page, close: async () => { await context.close(); await rm(dir, { recursive: true, force: true }); } };
}

/** readyOnce navigates page to ready.html (or floor.html) and returns what it recorded. */
async function readyOnce(page, name = "ready") {
  await page.goto(opts.url + `bench/${name}.html`);
  await page.waitForFunction(() => window.benchReady, null, { timeout: 60_000 });
  const r = await page.evaluate(() => window.benchReady);
  if (r.error) throw new Error(`ready.html: ${r.error}`);
  return r;
}

/**
 * measureReady loads ready.html cold and warm, interleaved with the same
 * for floor.html (an empty module: what this browser on this machine takes
 * for any page with a script) and hello.html (the smallest Go program,
 * loaded the same way: what any Go wasm takes here).
 */
async function measureReady() {
  const out = { cold: [], warm: [], floorCold: [], floorWarm: [], helloCold: [], helloWarm: [] };
  const pages = [["ready", out.cold, out.warm], ["floor", out.floorCold, out.floorWarm], ["hello", out.helloCold, out.helloWarm]];
  const w = await browser();
  try {
    for (const [name] of pages) {
      await readyOnce(w.page, name); // primes the HTTP cache (and the code cache)
      await readyOnce(w.page, name);
    }
    for (let i = 0; i < Math.max(opts.cold, opts.warm); i++) {
      for (const [name, cold, warm] of pages) {
        if (i < opts.cold) {
          const c = await browser();
          try { cold.push(await readyOnce(c.page, name)); } finally { await c.close(); }
        }
        if (i < opts.warm) warm.push(await readyOnce(w.page, name));
      }
    }
  } finally {
    await w.close();
  }
  return out;
}

/** pageFiles loads the demo page until it is ready and lists the same-origin paths it fetched. */
async function pageFiles() {
  const b = await browser();
  try {
    const paths = new Set();
    const origin = new URL(opts.url).origin;
    b.page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.origin === origin && !u.pathname.startsWith("/dev/")) paths.add(u.pathname);
    });
    await b.page.goto(opts.url);
    await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
    return [...paths].sort();
  } finally {
    await b.close();
  }
}

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
const ready = await measureReady();
log(`time to ready: ${ready.cold.length} cold, ${ready.warm.length} warm (${Date.now() - started} ms)`);
const files = await pageFiles();
const rounds = await measureRounds();
log(`rounds done (${Date.now() - started} ms)`);
process.stdout.write(JSON.stringify({ ready, pageFiles: files, ...rounds, chromium: await chromiumVersion() }) + "\n");

async function chromiumVersion() {
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try { return b.version(); } finally { await b.close(); }
}
