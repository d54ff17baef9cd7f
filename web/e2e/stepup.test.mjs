// stepup.test.mjs — a Kratos that accepts AAL1 sessions
// (session.whoami.required_aal: aal1): the page signs in with the password
// alone, then steps up to AAL2 on request.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newIdentity, openBrowser, startDevServer, typeInto, waitReady, waitStep } from "./harness.mjs";

describe("step-up from an AAL1 session through the page", () => {
  let server;
  before(async () => { server = await startDevServer(["-required-aal", "aal1"]); });
  after(async () => { await server?.stop(); });

  test("password gives aal1; the step-up button leads to aal2", { timeout: 120_000 }, async () => {
    const b = await openBrowser();
    try {
      const { page, watch } = b;
      const who = await newIdentity(server, "stepup");
      await page.goto(server.url);
      await waitReady(page);
      await waitStep(page, "password");
      await typeInto(page, "input[name=identifier]", who.email);
      await typeInto(page, "input[name=password]", who.password);
      await page.click("#form-password button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal1/);
      assert.equal(await page.locator("#stepup").isVisible(), true, "the step-up button shows at aal1");

      await page.click("#stepup");
      if ((await waitStep(page, "choose_method", "code_sent")) === "choose_method") {
        await page.click("button[name=address]");
        await waitStep(page, "code_sent");
      }
      const code = page.locator("#inbox-list li.newest .inbox-code");
      await code.waitFor({ timeout: 20_000 });
      await typeInto(page, "input[name=code]", (await code.textContent()).trim());
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);
      assert.equal(await page.locator("#stepup").isVisible(), false);

      assert.deepEqual(await watch.cspViolations(), []);
      // A reload finds the session (whoami) instead of starting over.
      await page.reload();
      await waitReady(page);
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);

      assert.deepEqual(watch.consoleErrors(server.kratosPublic), []);
      assert.deepEqual(watch.pageErrors, []);
      assert.deepEqual(await watch.cspViolations(), []);
    } finally {
      await b.close();
    }
  });
});
