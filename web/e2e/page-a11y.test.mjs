// page-a11y.test.mjs — the demo page as people meet it, in headless
// Chromium, at every step of web/e2e/page-steps.mjs, at desktop (1280 px)
// and mobile (390 px) width, in the strict-CSP page (dev server, real
// Kratos) and the light page (dist/ from a plain file server, no CSP, the
// offline Ory): axe-core finds no serious or critical violation; nothing
// scrolls sideways; the stepper stays one row; the signed-in address is
// not broken mid-word; an error shown to people carries no "orylogin:" and
// no code token; an answer is coloured by what Ory meant (a 400 in state
// sent_email is a success); no CSP violation in the strict page.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, test } from "node:test";
import { mailIds, newIdentity, openBrowser, ROOT, startDevServer, staticServer, waitForMail } from "./harness.mjs";
import { walkPage } from "./page-steps.mjs";

const require = createRequire(join(ROOT, "web", "package.json"));
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

/** CODES are every OryLoginError code: none may show in the login as text. */
const CODES = [
  "invalid_argument", "invalid_transition", "busy", "network", "cors_refused", "timeout", "server", "bad_response",
  "rate_limited", "api_flow_in_browser", "aal2_required", "flow_expired", "csrf_violation", "internal",
];
/** TOKENS are the codes that are no English word, so their presence is a code token. */
const TOKENS = CODES.filter((c) => c.includes("_"));

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } };

/** SUCCESS_STEPS are the steps after which every exchange of the last call meant success or a protocol step. */
const SUCCESS_STEPS = new Set(["choose-method", "code-sent", "code-resent", "authenticated", "authenticated-aal1", "signed-out"]);

/**
 * check runs every per-step assertion on page at step; found counts what was
 * checked, so a walk that checked nothing fails.
 */
async function check(page, step, width, found) {
  // axe-core, evaluated through the DevTools protocol (a page script could not: the CSP forbids eval).
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, [], `${step} @${width}: axe-core`);
  found.axe++;

  const layout = await page.evaluate(() => {
    const rows = new Set([...document.querySelectorAll("#stepper li")].map((li) => li.getBoundingClientRect().top));
    // Each address shown that fits on a line is on one line (lines of its text by a Range, its width
    // unbroken by canvas measureText in its own font).
    const ctx = document.createElement("canvas").getContext("2d");
    const addrs = [...document.querySelectorAll("#app .addr")].filter((a) => a.offsetParent).map((a) => {
      const range = document.createRange();
      range.selectNodeContents(a);
      const cs = getComputedStyle(a);
      ctx.font = cs.font;
      const room = a.parentElement.clientWidth - parseFloat(getComputedStyle(a.parentElement).paddingLeft)
        - parseFloat(getComputedStyle(a.parentElement).paddingRight);
      return {
        text: a.textContent,
        lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
        fits: ctx.measureText(a.textContent).width <= room,
      };
    });
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      stepperRows: rows.size,
      addrs,
      wide: [...document.querySelectorAll("body *")]
        .filter((e) => e.offsetParent && e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map((e) => `${e.tagName}#${e.id}.${e.className}`),
    };
  });
  assert.ok(layout.scrollWidth <= layout.innerWidth, `${step} @${width}: scrolls sideways (${layout.scrollWidth} > ${layout.innerWidth}): ${layout.wide}`);
  assert.deepEqual(layout.wide, [], `${step} @${width}: elements past the right edge`);
  assert.equal(layout.stepperRows, 1, `${step} @${width}: the stepper stacks into ${layout.stepperRows} rows`);
  for (const a of layout.addrs.filter((x) => x.fits)) {
    assert.equal(a.lines, 1, `${step} @${width}: the address ${a.text} breaks over ${a.lines} lines though it fits on one`);
    found.addresses++;
  }
  found.layout++;

  // What people read in the login: no developer text, no code token.
  const login = await page.evaluate(() => ({
    text: document.getElementById("app").innerText,
    error: document.getElementById("error").hidden ? "" : document.getElementById("error").innerText,
    code: document.getElementById("error").dataset.code || "",
  }));
  assert.doesNotMatch(login.text, /orylogin:/, `${step} @${width}: developer text in the login`);
  for (const t of TOKENS) assert.ok(!login.text.includes(t), `${step} @${width}: code token ${t} in the login: ${login.text}`);
  if (login.error) {
    assert.ok(CODES.includes(login.code), `${step}: the error box names its code in data-code (${login.code})`);
    assert.ok(login.error.length > 20, `${step}: the error is a sentence: ${login.error}`);
    found.errors++;
  }

  // Exchanges coloured by what Ory meant.
  const exchanges = await page.evaluate(() => [...document.querySelectorAll("#exchanges li.exchange")].map((li) => ({
    kind: li.dataset.kind,
    status: Number(li.querySelector(".status").textContent),
    body: "",
  })));
  const bodies = await page.evaluate(() => globalThis.oryloginPage.client.exchanges().map((x) => x.responseBody));
  exchanges.forEach((x, i) => { x.body = bodies[i] || ""; });
  if (SUCCESS_STEPS.has(step)) {
    assert.deepEqual(exchanges.filter((x) => x.kind === "fail").map((x) => `${x.status} ${x.body.slice(0, 120)}`), [],
      `${step} @${width}: an answer of a successful step is coloured as a failure`);
  }
  for (const x of exchanges) {
    if (x.status === 400 && /"state":\s*"sent_email"/.test(x.body) && !/"type":\s*"error"/.test(x.body)) {
      assert.equal(x.kind, "ok", `${step}: a 400 sent_email is a success`);
      found.sentEmail++;
    }
    if (x.status === 422 && /browser_location_change_required/.test(x.body)) {
      assert.equal(x.kind, "info", `${step}: a 422 browser_location_change_required is a step, not a failure`);
    }
  }
  if (step === "code-wrong" || step === "password-wrong") {
    assert.ok(exchanges.some((x) => x.kind === "fail"), `${step}: Ory refusing the input is coloured as a failure`);
  }
}

/** walkAll walks the page at both widths and returns what was checked. */
async function walkAll(url, { identity, mailMark, nextCode, csp }) {
  const found = { axe: 0, layout: 0, errors: 0, sentEmail: 0, addresses: 0, steps: [] };
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    const b = await openBrowser();
    try {
      await b.page.setViewportSize(viewport);
      const who = await identity(width);
      const steps = await walkPage(b.page, url, {
        who,
        mailMark: () => mailMark(b.page, who),
        nextCode: (mark) => nextCode(b.page, who, mark),
        look: (step) => check(b.page, step, width, found),
      });
      found.steps.push(...steps);
      assert.equal(await b.page.evaluate(() => document.getElementById("inspector").open), width === "desktop",
        "the inspector is open beside the login on wide screens, collapsed on narrow ones");
      if (csp) assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
      assert.deepEqual(b.watch.pageErrors, [], "page errors");
    } finally {
      await b.close();
    }
  }
  for (const step of ["password", "password-wrong", "password-blocked", "password-error", "code-sent", "code-resent",
    "back-to-choice", "code-wrong", "authenticated", "signed-out"]) {
    assert.ok(found.steps.includes(step), `the walk reached ${step}: ${found.steps}`);
  }
  assert.ok(found.errors >= 2, `an error was shown and checked at each width (${found.errors})`);
  assert.ok(found.sentEmail >= 2, `a 400 sent_email exchange was checked at each width (${found.sentEmail})`);
  assert.ok(found.addresses >= 2, `the address was checked for mid-word breaks (${found.addresses})`);
  return found;
}

describe("the demo page for people", () => {
  test("strict-CSP page (dev server, real Kratos): every step at 1280 and 390 px", { timeout: 300_000 }, async () => {
    const server = await startDevServer();
    try {
      const found = await walkAll(server.url, {
        csp: true,
        identity: (w) => newIdentity(server, `a11y-${w}`),
        mailMark: (_page, who) => mailIds(server, who.email),
        nextCode: async (_page, who, mark) => (await waitForMail(server, who.email, mark)).code,
      });
      console.log(`page a11y (strict CSP): ${JSON.stringify({ ...found, steps: found.steps.length })}`);
    } finally {
      await server.stop();
    }
  });

  test("light page (dist/ from a plain file server, offline Ory): every step at 1280 and 390 px", { timeout: 300_000 }, async () => {
    const server = await staticServer();
    try {
      const found = await walkAll(server.url, {
        csp: false,
        identity: async () => ({ email: "demo@example.com", password: "ory-demo-password" }),
        mailMark: (page) => page.evaluate(() => window.OryLogin.offline.inbox().length),
        nextCode: async (page, _who, mark) => {
          const handle = await page.waitForFunction(
            (n) => { const m = window.OryLogin.offline.inbox(); return m.length > n && m[m.length - 1].code; },
            mark, { timeout: 20_000 },
          );
          return handle.jsonValue();
        },
      });
      console.log(`page a11y (light): ${JSON.stringify({ ...found, steps: found.steps.length })}`);
    } finally {
      await server.close();
    }
  });
});
