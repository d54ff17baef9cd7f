// element-a11y.test.mjs — axe-core at every step of <ory-login>, inside its
// shadow root, in both pages people meet it in: the strict-CSP example page
// of the dev server against real Kratos, and the light page (dist/ from a
// plain file server, no CSP) against the offline Ory. Each step (an error
// alert included): no serious or critical violation.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { mailIds, newIdentity, openBrowser, ROOT, startDevServer, staticServer, typeInto, waitForMail } from "./harness.mjs";
import { elementStep } from "./element-helpers.mjs";

const require = createRequire(join(ROOT, "web", "package.json"));
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

/** axeStep fails unless axe-core finds no serious or critical violation in the page and the element's shadow root. */
async function axeStep(page, label, seen) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE); // through CDP: no CSP applies
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, [], `${label}: axe-core`);
  const inShadow = await page.evaluate(() => document.querySelector("ory-login")?.shadowRoot?.querySelectorAll("input, button").length ?? 0);
  assert.ok(inShadow > 0 || label.endsWith("authenticated"), `${label}: axe saw no control in the element`);
  seen.push(label);
}

/** walk signs in with the element, checking every step, and returns the steps checked; code(email, seen) returns the newest code. */
async function walk(page, who, code, name) {
  const seen = [];
  assert.equal(await elementStep(page, "password"), "password");
  await axeStep(page, `${name} password`, seen);
  await typeInto(page, "ory-login input[name=identifier]", who.email);
  await typeInto(page, "ory-login input[name=password]", "not-the-password");
  await page.click("ory-login button[type=submit]");
  await page.locator('ory-login li[data-id="4000006"]').waitFor({ timeout: 20_000 });
  await axeStep(page, `${name} wrong password`, seen);
  // A password over orylogin's cap: the element's alert, a sentence for people (nothing is sent).
  await page.fill("ory-login input[name=password]", "p".repeat(4097));
  await page.click("ory-login button[type=submit]");
  await page.locator('ory-login [part~="error"]:not([hidden])').waitFor({ timeout: 10_000 });
  assert.doesNotMatch(await page.locator('ory-login [part~="error"]').textContent(), /orylogin:|invalid_argument/);
  await axeStep(page, `${name} error`, seen);
  await page.fill("ory-login input[name=password]", "");
  const before = await code.marks(who.email);
  await typeInto(page, "ory-login input[name=password]", who.password);
  await page.click("ory-login button[type=submit]");
  if ((await elementStep(page, "choose_method", "code_sent")) === "choose_method") {
    await axeStep(page, `${name} choose_method`, seen);
    await page.locator("ory-login button[name=address]").first().click();
    await elementStep(page, "code_sent");
  }
  await axeStep(page, `${name} code_sent`, seen);
  await typeInto(page, "ory-login input[name=code]", await code.newest(who.email, before));
  await page.click("ory-login button[type=submit]");
  assert.equal(await elementStep(page, "authenticated"), "authenticated");
  await axeStep(page, `${name} authenticated`, seen);
  assert.ok(seen.length >= 5, `checked ${seen.join(", ")}`);
  return seen;
}

describe("<ory-login> is accessible at every step", () => {
  let server;
  let files;
  before(async () => { server = await startDevServer(); files = await staticServer(); });
  after(async () => { await server?.stop(); await files?.close(); });

  test("strict-CSP example page against Kratos", { timeout: 120_000 }, async () => {
    const b = await openBrowser();
    try {
      await b.page.goto(server.url + "examples/static/");
      await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
      const who = await newIdentity(server, "a11y");
      await walk(b.page, who, {
        marks: (email) => mailIds(server, email),
        newest: async (email, seen) => (await waitForMail(server, email, seen)).code,
      }, "strict");
      assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
    } finally {
      await b.close();
    }
  });

  test("light page (no CSP) against the offline Ory", { timeout: 120_000 }, async () => {
    const b = await openBrowser();
    try {
      await b.page.goto(files.url + "examples/static/");
      await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
      // The offline Ory as Kratos v1.3.1, whose aal2 flow offers a choice of
      // address, so that step is checked whichever Kratos the strict page runs on.
      await elementStep(b.page, "password");
      const old = await b.page.evaluate(() => {
        window.OryLogin.offline.reset({ kratos: "v1.3.1" });
        const el = document.querySelector("ory-login");
        const flowId = el.state.flowId;
        el.removeAttribute("offline"); // one restart, a new client on the reset Ory
        el.setAttribute("offline", "");
        return flowId;
      });
      await b.page.waitForFunction((id) => document.querySelector("ory-login").state?.flowId !== id, old, { timeout: 10_000 });
      const seen = await walk(b.page, { email: "demo@example.com", password: "ory-demo-password" }, {
        marks: async () => b.page.evaluate(() => window.OryLogin.offline.inbox().length),
        newest: async (_, n) => {
          await b.page.waitForFunction((k) => window.OryLogin.offline.inbox().length > k, n, { timeout: 20_000 });
          return b.page.evaluate(() => window.OryLogin.offline.inbox().at(-1).code);
        },
      }, "light");
      assert.ok(seen.includes("light choose_method"), `the light page checked the choice of method: ${seen}`);
    } finally {
      await b.close();
    }
  });
});
