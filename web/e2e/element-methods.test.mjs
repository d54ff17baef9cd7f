// element-methods.test.mjs — issue 12's methods through <ory-login> in
// headless Chromium (browser flow, the static example under the dev
// server's strict CSP) against real Kratos, by typing and clicking only:
// TOTP (a wrong code shows Ory's form-wide 4000008), a backup code
// and an SMS code take the demo person to aal2 (-methods
// totp,lookup_secret,sms); identifier-first asks for the identifier alone,
// then the password with the identifier shown (-methods identifier_first);
// the passwordless login code signs in at aal1 (-methods passwordless).
// Each screen the offline element test does not reach (the identifier
// alone, the password under a shown identifier, Ory's 4000008, the SMS
// code, the login-code button and its code, aal1's session) is checked in
// every shipped language too.
// methods.test.mjs drives the same methods through the JS API.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newIdentity, openBrowser, otherCode, startDevServer, typeInto } from "./harness.mjs";
import { elementStep, inEveryLanguage, recordEvents, shadow } from "./element-helpers.mjs";
import { factors, newCode, noSecrets, secrets, seenIds, SERVERS } from "./methods-scenarios.mjs";

/** PAGE is the static example: one <ory-login aal="aal2"> told where Ory is by the dev server's config. */
const PAGE = "examples/static/";

/**
 * withServer starts the dev server with flags for a describe block and
 * returns ctx.open(fn, {aal1}), which opens the static example in a fresh
 * browser, waits for the element, runs fn({page}), then asserts that the
 * page logged no error, broke no CSP rule and showed no secret. With aal1
 * the page is served without aal="aal2", so the element stops at aal1.
 */
function withServer(flags) {
  const ctx = {};
  before(async () => { ctx.server = await startDevServer(flags); }, { timeout: 240_000 });
  after(async () => { await ctx.server?.stop(); });
  ctx.open = async (fn, { aal1 = false } = {}) => {
    const { server } = ctx;
    const b = await openBrowser();
    try {
      await recordEvents(b.page);
      if (aal1) {
        // Before app.js defines the element: drop aal="aal2" as the parser makes it.
        await b.page.addInitScript(() => {
          new MutationObserver((_, observer) => {
            const el = document.querySelector("ory-login");
            if (el) {
              el.removeAttribute("aal");
              observer.disconnect();
            }
          }).observe(document, { childList: true, subtree: true });
        });
      }
      await b.page.goto(server.url + PAGE);
      await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
      assert.equal(await b.page.evaluate(() => document.documentElement.dataset.ready), "true", "the page started");
      assert.equal(await b.page.locator("ory-login").getAttribute("aal"), aal1 ? null : "aal2");
      await fn(b);
      assert.deepEqual(b.watch.consoleErrors(server.kratosPublic), [], "console errors");
      assert.deepEqual(b.watch.pageErrors, [], "uncaught page errors");
      assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
      const seen = await b.watch.exposure();
      for (const where of ["console", "urls", "localStorage", "sessionStorage", "cookie"]) noSecrets(`the page's ${where}`, seen[where]);
      const events = await b.page.evaluate(() => window.__events);
      assert.deepEqual(events.filter((e) => e.type === "orylogin:error"), [], "no call failed");
    } finally {
      await b.close();
    }
  };
  return ctx;
}

/** signInWithPassword types who's identifier and password into the element's password form and submits it. */
async function signInWithPassword(page, who) {
  assert.equal(await elementStep(page, "password"), "password");
  secrets.add(who.password);
  await typeInto(page, "ory-login form[data-action=password] input[name=identifier]", who.email);
  await typeInto(page, "ory-login form[data-action=password] input[name=password]", who.password);
  await page.click("ory-login form[data-action=password] button[type=submit]");
}

/** secondFactor signs the demo person in with the password and waits for the element's aal2 choice. */
async function secondFactor(page, server) {
  await signInWithPassword(page, server);
  assert.equal(await elementStep(page, "choose_method"), "choose_method");
  const forms = await shadow(page, (root) => [...root.querySelectorAll("form")].map((f) => f.dataset.action));
  for (const action of ["address", "totp", "lookup_secret"]) assert.ok(forms.includes(action), `aal2 choice: forms ${forms}`);
  const state = await elementState(page);
  assert.equal(state.requestedAAL, "aal2");
  assert.equal(state.aal, "aal1");
}

/** elementState is the element's State (element.state). */
const elementState = (page) => page.evaluate(() => document.querySelector("ory-login").state);

/** authenticated asserts that the element ends at authenticated with aal and method among the session's methods. */
async function authenticated(page, who, aal, method) {
  assert.equal(await elementStep(page, "authenticated"), "authenticated");
  const st = await elementState(page);
  assert.equal(st.aal, aal);
  assert.equal(st.session.identity.traits.email, who);
  assert.ok(st.session.methods.includes(method), `session methods ${st.session.methods}`);
  const level = await shadow(page, (root) => root.querySelector('[part~="session"] .level').textContent);
  assert.equal(level, aal === "aal2" ? "Signed in with two factors." : "Signed in with one factor.");
  assert.equal(await page.locator("#status").textContent(), `Welcome, ${who} (${aal}).`);
  await inEveryLanguage(page, `authenticated at ${aal}`);
  const events = await page.evaluate(() => window.__events);
  const auth = events.filter((e) => e.type === "orylogin:authenticated");
  assert.equal(auth.length, 1, JSON.stringify(auth.map((e) => e.detail.aal)));
  assert.equal(auth[0].detail.aal, aal);
  return st;
}

describe("<ory-login>: second factors by typing and clicking (-methods totp,lookup_secret,sms)", () => {
  const ctx = withServer(SERVERS.factors);

  test("TOTP: a wrong code shows 4000008 with the form-wide messages, the current one reaches aal2", { timeout: 120_000 }, () =>
    ctx.open(async ({ page }) => {
      const { server } = ctx;
      await secondFactor(page, server);
      const field = "ory-login form[data-action=totp] input[name=totp_code]";
      const input = await shadow(page, (root) => {
        const el = root.querySelector('form[data-action="totp"] input[name="totp_code"]');
        return { autocomplete: el.autocomplete, inputmode: el.inputMode, label: root.querySelector(`label[for="${el.id}"]`).textContent };
      });
      assert.deepEqual(input, { autocomplete: "one-time-code", inputmode: "numeric", label: "Authenticator app code" });

      const wrong = otherCode((await factors(server)).totp);
      secrets.add(wrong);
      await typeInto(page, field, wrong);
      await page.click("ory-login form[data-action=totp] button[type=submit]");
      assert.equal(await elementStep(page, "choose_method"), "choose_method");
      // Kratos v1.3.1 sends 4000008 for the whole flow ("#/", no node), so
      // the element shows it with the form-wide messages and focuses the
      // TOTP field, which is empty again.
      await page.locator('ory-login [part~="messages"] li[data-id="4000008"]').waitFor({ timeout: 20_000 });
      const after = await shadow(page, (root) => {
        const el = root.querySelector('input[name="totp_code"]');
        return { value: el.value, focused: root.activeElement === el };
      });
      assert.deepEqual(after, { value: "", focused: true }, "the TOTP field is empty and focused");
      await inEveryLanguage(page, "choose_method with Ory's 4000008");

      await typeInto(page, field, (await factors(server)).totp);
      await page.click("ory-login form[data-action=totp] button[type=submit]");
      await authenticated(page, server.email, "aal2", "totp");
    }));

  test("backup code: an unused one from /dev/factors reaches aal2", { timeout: 120_000 }, () =>
    ctx.open(async ({ page }) => {
      const { server } = ctx;
      await secondFactor(page, server);
      const before = (await factors(server)).backupCodes;
      assert.ok(before.length >= 1, "an unused backup code");
      const input = await shadow(page, (root) => {
        const el = root.querySelector('form[data-action="lookup_secret"] input[name="lookup_secret"]');
        return { autocomplete: el.getAttribute("autocomplete"), label: root.querySelector(`label[for="${el.id}"]`).textContent };
      });
      assert.deepEqual(input, { autocomplete: "off", label: "Backup code" });
      await typeInto(page, "ory-login form[data-action=lookup_secret] input[name=lookup_secret]", before[0]);
      await page.click("ory-login form[data-action=lookup_secret] button[type=submit]");
      await authenticated(page, server.email, "aal2", "lookup_secret");
      assert.deepEqual((await factors(server)).backupCodes, before.slice(1), "the code is used up");
    }));

  test("SMS: the phone's button says SMS, its code reaches aal2", { timeout: 120_000 }, () =>
    ctx.open(async ({ page }) => {
      const { server } = ctx;
      const { phone } = await factors(server);
      assert.match(phone, /^\+\d+$/);
      await secondFactor(page, server);
      const buttons = await shadow(page, (root) =>
        [...root.querySelectorAll('button[name="address"]')].map((b) => ({ value: b.value, text: b.textContent })));
      assert.deepEqual(buttons.find((b) => b.value === phone), { value: phone, text: `Send a code by SMS to ${phone}` });
      assert.deepEqual(buttons.find((b) => b.value === server.email), { value: server.email, text: `Send a code to ${server.email}` });

      const seen = await seenIds(server, phone);
      await page.click(`ory-login button[name=address][value="${phone}"]`);
      assert.equal(await elementStep(page, "code_sent"), "code_sent");
      assert.equal(await shadow(page, (root) => root.querySelector('label[for="orylogin-code"]').textContent), "One-time code from the SMS");
      await inEveryLanguage(page, "code_sent by SMS");
      const code = await newCode(server, phone, seen);
      await typeInto(page, "ory-login form[data-action=code] input[name=code]", code);
      await page.click("ory-login form[data-action=code] button[type=submit]");
      await authenticated(page, server.email, "aal2", "code");
    }));
});

describe("<ory-login>: identifier-first by typing and clicking (-methods identifier_first)", () => {
  const ctx = withServer(SERVERS.identifierFirst);

  test("the identifier alone, then the password with the identifier shown: authenticated", { timeout: 120_000 }, () =>
    ctx.open(async ({ page }) => {
      const who = await newIdentity(ctx.server, "el-idfirst");
      secrets.add(who.password);
      assert.equal(await elementStep(page, "identifier"), "identifier");
      const first = await shadow(page, (root) => ({
        forms: [...root.querySelectorAll("form")].map((f) => f.dataset.action),
        inputs: [...root.querySelectorAll("input")].map((i) => i.name),
      }));
      assert.deepEqual(first, { forms: ["identifier"], inputs: ["identifier"] });
      await inEveryLanguage(page, "identifier");
      await typeInto(page, "ory-login form[data-action=identifier] input[name=identifier]", who.email);
      await page.click("ory-login form[data-action=identifier] button[type=submit]");

      assert.equal(await elementStep(page, "password"), "password");
      const second = await shadow(page, (root) => {
        const id = root.querySelector('form[data-action="password"] input[name="identifier"]');
        return { value: id.value, readOnly: id.readOnly, focused: root.activeElement?.name };
      });
      assert.deepEqual(second, { value: who.email, readOnly: true, focused: "password" });
      await inEveryLanguage(page, "password after the identifier");
      await typeInto(page, "ory-login form[data-action=password] input[name=password]", who.password);
      await page.click("ory-login form[data-action=password] button[type=submit]");
      await authenticated(page, who.email, "aal1", "password");
    }, { aal1: true }));
});

describe("<ory-login>: passwordless login code by typing and clicking (-methods passwordless)", () => {
  const ctx = withServer(SERVERS.passwordless);

  test("\"Send me a login code\", then the code from the inbox: authenticated at aal1", { timeout: 120_000 }, () =>
    ctx.open(async ({ page }) => {
      const who = await newIdentity(ctx.server, "el-code");
      assert.equal(await elementStep(page, "password"), "password");
      await inEveryLanguage(page, "password with the login-code button");
      await typeInto(page, "ory-login form[data-action=password] input[name=identifier]", who.email);
      const seen = await seenIds(ctx.server, who.email);
      await page.click("ory-login button[data-action=login-code]");
      assert.equal(await elementStep(page, "code_sent"), "code_sent");
      assert.equal(await shadow(page, (root) => root.querySelector('label[for="orylogin-code"]').textContent), "One-time code from the e-mail");
      await inEveryLanguage(page, "code_sent by the login code");
      const code = await newCode(ctx.server, who.email, seen);
      await typeInto(page, "ory-login form[data-action=code] input[name=code]", code);
      await page.click("ory-login form[data-action=code] button[type=submit]");
      const st = await authenticated(page, who.email, "aal1", "code");
      assert.ok(!st.session.methods.includes("password"), `session methods ${st.session.methods}`);
    }, { aal1: true }));
});
