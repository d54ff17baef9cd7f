// offline.test.mjs — dist/ as built, served by a plain static file server
// (no dev server, no Kratos anywhere): the page runs the offline demo, and
// a person completes the login to aal2 with the forms alone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openBrowser, staticServer, typeInto, waitReady, waitStep } from "./harness.mjs";

describe("offline demo from a static file server", () => {
  let server;
  before(async () => { server = await staticServer(); });
  after(async () => { await server?.close(); });

  test("the forms reach aal2 against the Ory inside the page", { timeout: 90_000 }, async () => {
    const b = await openBrowser();
    try {
      const { page, watch } = b;
      await page.goto(server.url);
      await waitReady(page);
      assert.equal(await page.locator("#offline-banner").isVisible(), true, "the demo banner shows");
      assert.match(await page.locator("#offline-banner").textContent(), /no real Ory/);
      assert.equal(await page.locator("#offline-switch").isChecked(), true);
      assert.equal(await page.locator("#offline-switch").isDisabled(), true, "no Ory configured: the switch is locked on");

      await waitStep(page, "password");
      await typeInto(page, "input[name=identifier]", "demo@example.com");
      await typeInto(page, "input[name=password]", "ory-demo-password");
      await page.click("#form-password button[type=submit]");
      let step = await waitStep(page, "authenticated", "choose_method", "code_sent");
      if (step === "authenticated") { // the offline Ory accepts aal1 sessions: step up
        assert.match(await page.locator("#session").textContent(), /aal1/);
        await page.click("#stepup");
        step = await waitStep(page, "choose_method", "code_sent");
      }
      if (step === "choose_method") {
        await page.click("button[name=address]");
        await waitStep(page, "code_sent");
      }
      const code = page.locator("#inbox-list li.newest .inbox-code");
      await code.waitFor({ timeout: 10_000 });
      await typeInto(page, "input[name=code]", (await code.textContent()).trim());
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);

      const foreign = watch.requests.filter((u) => !u.startsWith(server.url));
      assert.deepEqual(foreign, [], "nothing leaves the page's origin");
      assert.deepEqual(watch.console.filter((m) => m.type === "error"), [], "console errors");
      assert.deepEqual(watch.pageErrors, []);
      const seen = await watch.exposure();
      assert.ok(!Object.values(seen).some((t) => t.includes("ory-demo-password")), "the password leaked");
    } finally {
      await b.close();
    }
  });
  for (const [flow, kratos] of [["browser", "v26.2.0"], ["api", "v26.2.0"], ["browser", "v1.3.1"], ["api", "v1.3.1"]]) {
    test(`the JS API reaches aal2 in the ${flow} flow of the offline Kratos ${kratos}, the code read from OryLogin.offline.inbox()`, { timeout: 90_000 }, async () => {
      const b = await openBrowser();
      try {
        const { page, watch } = b;
        await page.goto(server.url);
        await waitReady(page);
        const out = await page.evaluate(async ([flow, kratos]) => {
          const O = globalThis.OryLogin;
          O.offline.reset({ kratos, identities: [{ email: "ada@example.com", password: "offline-canary-pw" }] });
          const c = O.newClient({ offline: true, flow });
          const steps = [];
          const step = (s) => { steps.push(`${s.step}/${s.requestedAAL ?? "-"}/${s.aal ?? "-"}`); return s; };
          step(await c.startLogin());
          step(await c.submitPassword({ identifier: "ada@example.com", password: "offline-canary-pw" }));
          // v26 mails the code when the aal2 flow is made; v1.3.1 offers the address first.
          if (step(await c.startStepUp()).step === "choose_method") step(await c.sendCode());
          const mails = O.offline.inbox();
          step(await c.submitCode({ code: mails[mails.length - 1].code }));
          const who = await c.whoami();
          step(await c.logout());
          return { steps, flowKind: c.state.flowKind, to: mails[mails.length - 1].to, whoAAL: who.aal, methods: who.methods, after: await c.whoami() };
        }, [flow, kratos]);
        const choice = kratos === "v1.3.1" ? ["choose_method/aal2/aal1"] : [];
        assert.deepEqual(out.steps, [
          "password/aal1/-", "authenticated/-/aal1", ...choice, "code_sent/aal2/aal1",
          "authenticated/-/aal2", "signed_out/-/-",
        ]);
        assert.equal(out.flowKind, flow);
        assert.equal(out.to, "ada@example.com");
        assert.equal(out.whoAAL, "aal2");
        assert.deepEqual(out.methods, ["password", "code"]);
        assert.equal(out.after, null);
        assert.deepEqual(watch.requests.filter((u) => !u.startsWith(server.url)), [], "nothing leaves the page's origin");
      } finally {
        await b.close();
      }
    });
  }
});
