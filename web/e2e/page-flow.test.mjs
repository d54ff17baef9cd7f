// page-flow.test.mjs — the demo page's own ways around the login, in
// headless Chromium against the offline Ory from a plain file server: the
// identifier field takes what Ory takes (an internationalised address is
// not refused by the browser), "use another account" from the code step
// ends the session and starts a fresh login, and "back to the choice of
// method" shows the choice from the current flow: no new flow, so no mail,
// until the person picks an address; the session's times are shown in the
// person's own time zone and format.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openBrowser, staticServer, typeInto, waitReady, waitStep } from "./harness.mjs";

const DEMO = { email: "demo@example.com", password: "ory-demo-password" };

let server;
before(async () => { server = await staticServer(); });
after(async () => { await server?.close(); });

/** mails counts the mails the offline Ory sent. */
const mails = (page) => page.evaluate(() => window.OryLogin.offline.inbox().length);

/** signIn types the demo identity's password and waits for the code step. */
async function signIn(page) {
  await typeInto(page, "#identifier", DEMO.email);
  await typeInto(page, "#password", DEMO.password);
  await page.click("#form-password button[type=submit]");
  if ((await waitStep(page, "choose_method", "code_sent", "authenticated")) === "authenticated") {
    await page.click("#stepup");
    if ((await waitStep(page, "choose_method", "code_sent")) === "choose_method") {
      await page.click("button[name=address]");
      await waitStep(page, "code_sent");
    }
  }
}

describe("the demo page's ways around the login", () => {
  test("identifier, use another account, back to the choice of method, local times", { timeout: 120_000 }, async () => {
    const b = await openBrowser({ timezoneId: "Asia/Tokyo", locale: "de-DE" });
    try {
      const { page, watch } = b;
      await page.goto(server.url);
      await waitReady(page);
      await waitStep(page, "password");

      // An address the browser's type=email would refuse reaches Ory, which answers.
      const attrs = await page.evaluate(() => {
        const i = document.getElementById("identifier");
        return { type: i.type, inputmode: i.inputMode, autocomplete: i.autocomplete };
      });
      assert.deepEqual(attrs, { type: "text", inputmode: "email", autocomplete: "username" });
      await typeInto(page, "#identifier", "démo@exämple.com");
      await typeInto(page, "#password", "not-the-password");
      await page.click("#form-password button[type=submit]");
      await page.locator('#messages li[data-id="4000006"]').waitFor({ timeout: 20_000 });
      const sent = await page.evaluate(() => globalThis.oryloginPage.client.exchanges().map((x) => x.requestBody).join("\n"));
      assert.match(sent, /démo@exämple\.com/, "the identifier went to Ory as typed");
      await page.fill("#identifier", "");
      await page.fill("#password", "");

      // Use another account from the code step: signed out of Ory, a fresh login.
      await signIn(page);
      assert.equal(await page.locator("#form-code .other-account").isVisible(), true);
      await page.click("#form-code .other-account");
      await waitStep(page, "password");
      const after = await page.evaluate(() => globalThis.oryloginPage.client.state);
      assert.equal(after.aal, null, "no session is left");
      assert.equal(after.session, null);
      assert.equal(after.requestedAAL, "aal1", "a fresh aal1 login");
      assert.equal(await page.locator("#identifier").inputValue(), "");
      assert.equal(await page.locator("#messages li").count(), 0);

      // Back to the choice of method from the code step: the same flow, no new mail until an address is picked.
      await signIn(page);
      const flowId = await page.evaluate(() => globalThis.oryloginPage.client.state.flowId);
      const before = await mails(page);
      await page.click("#back");
      await page.locator("#form-choose").waitFor({ state: "visible", timeout: 5_000 });
      assert.equal(await page.locator("#form-code").isVisible(), false);
      assert.equal(await page.locator("#step").textContent(), "code_sent", "the client stays in the code step");
      assert.equal(await page.locator("#title").textContent(), "Confirm it's you");
      assert.equal(await page.evaluate(() => document.activeElement?.name), "address", "focus moves to the address button");
      assert.equal(await mails(page), before, "going back mails nothing");
      await page.click("#keep-code");
      await page.locator("#form-code").waitFor({ state: "visible", timeout: 5_000 });
      assert.equal(await mails(page), before, "coming back to the code mails nothing");
      await page.click("#back");
      await page.click("button[name=address]");
      await waitStep(page, "code_sent");
      await page.locator("#form-code").waitFor({ state: "visible", timeout: 5_000 });
      assert.equal(await mails(page), before + 1, "picking an address sends one code");
      assert.equal(await page.evaluate(() => globalThis.oryloginPage.client.state.flowId), flowId, "on the same flow");
      const code = await page.evaluate(() => window.OryLogin.offline.inbox().at(-1).code);
      await typeInto(page, "#code", code);
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);
      // Since and Until in the person's zone (Tokyo, UTC+9) and format (German), not Ory's UTC.
      const times = await page.evaluate(() => {
        const s = globalThis.oryloginPage.client.state.session;
        const dd = (dt) => [...document.querySelectorAll("#session dt")].find((d) => d.textContent === dt)?.nextElementSibling?.textContent;
        const fmt = (iso, timeZone) => new Date(iso).toLocaleString("de-DE", { dateStyle: "medium", timeStyle: "short", timeZone });
        return { since: dd("Since"), until: dd("Until"), want: [fmt(s.authenticatedAt, "Asia/Tokyo"), fmt(s.expiresAt, "Asia/Tokyo")], utc: fmt(s.authenticatedAt, "UTC") };
      });
      assert.deepEqual([times.since, times.until], times.want, "Since and Until in the local zone and format");
      assert.notEqual(times.since, times.utc, "not UTC");
      assert.deepEqual(watch.pageErrors, []);
    } finally {
      await b.close();
    }
  });
});
