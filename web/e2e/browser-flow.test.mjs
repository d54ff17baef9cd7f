// browser-flow.test.mjs — the page and the JS API in headless Chromium
// against a local real Kratos that demands the second factor
// (session.whoami.required_aal: highest_available), through the dev server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  mailIds, newIdentity, openBrowser, otherCode, startDevServer, typeInto, waitForMail, waitReady, waitStep,
} from "./harness.mjs";

describe("browser flow against Kratos (code required after the password)", () => {
  let server;
  before(async () => { server = await startDevServer(); });
  after(async () => { await server?.stop(); });

  /** withBrowser runs fn with a fresh browser on the page, then checks that the page logged no error. */
  async function withBrowser(fn) {
    const b = await openBrowser();
    try {
      await b.page.goto(server.url);
      await waitReady(b.page);
      await fn(b);
      assert.deepEqual(b.watch.consoleErrors(server.kratosPublic), [], "console errors");
      assert.deepEqual(b.watch.pageErrors, [], "uncaught page errors");
      assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
    } finally {
      await b.close();
    }
  }

  test("the page loads brotli-compressed wasm under the strict CSP", { timeout: 60_000 }, () =>
    withBrowser(async ({ watch }) => {
      const html = watch.responses.find((r) => r.url === server.url);
      assert.ok(html, "the page's own response");
      const csp = html.headers["content-security-policy"] || "";
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
      assert.ok(csp.includes(`connect-src 'self' ${server.kratosPublic};`), csp);
      assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
      const wasm = watch.responses.find((r) => r.url.endsWith("/orylogin.wasm"));
      assert.ok(wasm, "orylogin.wasm was fetched");
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers["content-type"], "application/wasm");
      assert.equal(wasm.headers["content-encoding"], "br", "Chromium accepts br: the pre-compressed file is served");
    }));

  test("(a) the JS API reaches aal2 by the browser flow, code from /dev/inbox", { timeout: 120_000 }, () =>
    withBrowser(async ({ page }) => {
      const who = await newIdentity(server, "api");
      const cfg = await page.evaluate(() => fetch("./orylogin.config.json").then((r) => r.json()));
      assert.equal(cfg.baseURL, server.kratosPublic);
      assert.equal(cfg.flow, "browser");

      // One client for the whole test, kept in the page; each call is one evaluate.
      const call = (method, arg) => page.evaluate(async ([m, a]) => {
        try {
          const s = await window.__c[m](a);
          return { ok: true, value: s };
        } catch (e) {
          return { ok: false, name: e.name, code: e.code, status: e.status, message: e.message };
        }
      }, [method, arg]);
      await page.evaluate((baseURL) => {
        window.__c = window.OryLogin.newClient({ baseURL, flow: "browser", timeoutMs: 15000 });
      }, cfg.baseURL);

      let r = await call("startLogin", {});
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.step, "password");
      assert.equal(r.value.flowKind, "browser");
      assert.equal(r.value.requestedAAL, "aal1");
      assert.match(r.value.flowId, /^[0-9a-f-]{36}$/);

      const seen = await mailIds(server, who.email);
      r = await call("submitPassword", { identifier: who.email, password: who.password });
      assert.ok(r.ok, JSON.stringify(r));
      assert.ok(["choose_method", "code_sent"].includes(r.value.step), r.value.step);
      assert.equal(r.value.requestedAAL, "aal2");
      assert.equal(r.value.aal, "aal1");
      assert.deepEqual(r.value.addresses, [who.email]);

      if (r.value.step === "choose_method") {
        r = await call("sendCode", { address: who.email });
        assert.ok(r.ok, JSON.stringify(r));
      }
      assert.equal(r.value.step, "code_sent");
      assert.ok(r.value.messages.some((m) => m.id === 1010014), JSON.stringify(r.value.messages));
      const mail = await waitForMail(server, who.email, seen);
      assert.match(mail.code, /^\d{6}$/);

      r = await call("submitCode", { code: otherCode(mail.code) });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.step, "code_sent");
      assert.ok(r.value.messages.some((m) => m.id === 4010008), JSON.stringify(r.value.messages));

      r = await call("submitCode", { code: mail.code });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.step, "authenticated");
      assert.equal(r.value.aal, "aal2");
      assert.equal(r.value.session.aal, "aal2");
      assert.deepEqual([...r.value.session.methods].sort(), ["code", "password"]);
      assert.equal(r.value.session.identity.traits.email, who.email);

      r = await call("whoami");
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.aal, "aal2");

      const exchanges = await page.evaluate(() => window.__c.exchanges());
      assert.ok(exchanges.length >= 1, "whoami made an exchange");
      assert.ok(exchanges.every((x) => x.method && x.url && x.status && typeof x.curl === "string"), JSON.stringify(exchanges));

      r = await call("logout");
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.step, "signed_out");
      r = await call("whoami");
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value, null);
    }));

  test("(b) the page's forms reach aal2 by typing and clicking only", { timeout: 120_000 }, () =>
    withBrowser(async ({ page }) => {
      const who = await newIdentity(server, "forms");
      assert.equal(await waitStep(page, "password"), "password");
      assert.equal(await page.evaluate(() => document.activeElement?.name), "identifier", "focus starts on the identifier");

      await typeInto(page, "#form-password input[name=identifier]", who.email);
      await typeInto(page, "#form-password input[name=password]", who.password);
      await page.click("#form-password button[type=submit]");
      let step = await waitStep(page, "choose_method", "code_sent");
      assert.ok(await page.locator("#stepper li[data-step=password].done").count(), "stepper marks the password done");

      if (step === "choose_method") {
        assert.equal(await page.evaluate(() => document.activeElement?.name), "address", "focus moves to the address button");
        const buttons = page.locator("#form-choose button[name=address]");
        assert.equal(await buttons.count(), 1);
        assert.equal(await buttons.first().getAttribute("value"), who.email);
        await buttons.first().click();
        step = await waitStep(page, "code_sent");
      }
      assert.equal(await page.evaluate(() => document.activeElement?.name), "code", "focus moves to the code input");
      assert.match(await page.locator("#messages").textContent(), /1010014/);

      // The dev inbox beside the code step shows the mail that Kratos sent.
      const codeInPanel = page.locator("#inbox-list li.newest .inbox-code");
      await codeInPanel.waitFor({ timeout: 20_000 });
      const code = (await codeInPanel.textContent()).trim();
      assert.match(code, /^\d{6}$/);

      await typeInto(page, "#form-code input[name=code]", code);
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      const summary = await page.locator("#session").textContent();
      assert.match(summary, /aal2/);
      assert.ok(summary.includes(who.email), summary);
      assert.equal(await page.locator("#stepup").isVisible(), false, "no step-up at aal2");
      assert.ok(await page.locator("#exchanges li.exchange").count() >= 1, "the exchanges panel shows the last step");
      assert.match(await page.locator("#exchanges").textContent(), /curl /);

      await page.click("#logout");
      await waitStep(page, "signed_out");
      await page.click("#restart");
      await waitStep(page, "password");
    }));

  test("(c) the api flow in a browser rejects with api_flow_in_browser", { timeout: 60_000 }, () =>
    withBrowser(async ({ page }) => {
      const r = await page.evaluate(async ([baseURL, identifier, password]) => {
        const c = window.OryLogin.newClient({ baseURL, flow: "api" });
        const first = await c.startLogin();
        try {
          await c.submitPassword({ identifier, password });
          return { resolved: c.state.step };
        } catch (e) {
          return {
            first: first.step, flowKind: first.flowKind, after: c.state.step,
            name: e.name, code: e.code, status: e.status, message: e.message,
            isOryLoginError: e instanceof window.OryLogin.OryLoginError,
          };
        }
      }, [server.kratosPublic, server.email, server.password]);
      assert.equal(r.resolved, undefined, `submitPassword resolved with step ${r.resolved}`);
      assert.equal(r.first, "password");
      assert.equal(r.flowKind, "api");
      assert.equal(r.code, "api_flow_in_browser", JSON.stringify(r));
      assert.equal(r.name, "OryLoginError");
      assert.equal(r.isOryLoginError, true);
      assert.equal(r.status, 400);
      assert.equal(r.after, "password", "a rejected call leaves the state as it was");
      assert.ok(!r.message.includes(server.password), "the error text holds no password");
    }));

  test("(d) a wrong password shows 4000006 and stays at the password step", { timeout: 60_000 }, () =>
    withBrowser(async ({ page }) => {
      await waitStep(page, "password");
      await typeInto(page, "input[name=identifier]", server.email);
      await typeInto(page, "input[name=password]", "not-the-password");
      await page.click("#form-password button[type=submit]");
      await page.locator('#messages li[data-id="4000006"]').waitFor({ timeout: 20_000 });
      assert.equal(await waitStep(page, "password"), "password");
      assert.match(await page.locator("#messages").textContent(), /credentials are invalid.*4000006/s, "the text, then the id");
      assert.equal(await page.locator("#error").isVisible(), false, "a wrong password is a message, not an error");
      assert.equal(await page.inputValue("input[name=identifier]"), server.email, "the identifier stays");
      assert.equal(await page.inputValue("input[name=password]"), "", "the password does not stay in the page");
      assert.equal(await page.evaluate(() => document.activeElement?.name), "password", "focus returns to the password");
    }));

  test("(e) no console error, no CSP violation, no secret in console, URLs or storage", { timeout: 120_000 }, () =>
    withBrowser(async ({ page, watch }) => {
      const who = await newIdentity(server, "leak");
      const secrets = [who.password, "wrong-password-e2e"];

      await waitStep(page, "password");
      await typeInto(page, "input[name=identifier]", who.email);
      await typeInto(page, "input[name=password]", "wrong-password-e2e");
      await page.click("#form-password button[type=submit]");
      await page.locator('#messages li[data-id="4000006"]').waitFor({ timeout: 20_000 });
      await typeInto(page, "input[name=password]", who.password);
      await page.click("#form-password button[type=submit]");
      if ((await waitStep(page, "choose_method", "code_sent")) === "choose_method") {
        await page.click("button[name=address]");
        await waitStep(page, "code_sent");
      }
      const first = await waitForMail(server, who.email);
      secrets.push(first.code);

      // Resend: a second code; the first one stops working.
      const seen = await mailIds(server, who.email);
      await page.click("#resend");
      await waitStep(page, "code_sent");
      const second = await waitForMail(server, who.email, seen);
      secrets.push(second.code);
      assert.notEqual(second.code, first.code);

      await typeInto(page, "input[name=code]", first.code);
      await page.click("#form-code button[type=submit]");
      await page.locator('#messages li[data-id="4010008"]').waitFor({ timeout: 20_000 });
      await typeInto(page, "input[name=code]", second.code);
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);

      const seenBy = { ...(await watch.exposure()), exchangesPanel: await page.locator("#exchanges").textContent() };
      for (const secret of secrets) {
        for (const [where, text] of Object.entries(seenBy)) {
          assert.ok(!text.includes(secret), `a secret (${secret.length} chars) appears in ${where}`);
        }
      }
      assert.ok(watch.requests.some((u) => u.startsWith(server.kratosPublic)), "the page talked to Kratos");
      assert.deepEqual(watch.consoleErrors(server.kratosPublic), []);
      assert.deepEqual(await watch.cspViolations(), []);
    }));
});
