// cors.test.mjs — a CORS refusal told apart from an unreachable Ory, in
// headless Chromium: the page is opened on http://localhost:<port> while
// Ory (the fault proxy in front of the dev server's real Kratos) allows
// only http://127.0.0.1:<port>. The browser hides both failures behind one
// TypeError; the fetch transport's no-cors probe sees that Ory answers and
// rejects with cors_refused (its developer text says what to change), and
// the page shows people a sentence. With Ory down the same call is
// "network".
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openBrowser, waitReady } from "./harness.mjs";
import { call, newClient, startStack } from "./hardening.mjs";

let stack;
before(async () => { stack = await startStack({ requiredAAL: "aal1" }); });
after(async () => { await stack?.stop(); });

describe("CORS refusal vs unreachable Ory", () => {
  test("a page on localhost while Ory allows only 127.0.0.1: cors_refused; Ory down: network", { timeout: 120_000 }, async () => {
    const { proxy, server } = stack;
    const localhost = server.url.replace("//127.0.0.1:", "//localhost:");
    assert.notEqual(localhost, server.url);
    const b = await openBrowser();
    try {
      const { page } = b;
      const since = await proxy.seq();
      await page.goto(localhost);
      await waitReady(page);

      // The page: a sentence for people, the developer text in the inspector.
      await page.locator("#error[data-code=cors_refused]").waitFor({ timeout: 30_000 });
      const shown = await page.locator("#error").innerText();
      assert.doesNotMatch(shown, /orylogin:|cors_refused/, `people see developer text: ${shown}`);
      assert.match(shown, /isn't allowed/);
      assert.match(await page.locator("#dev-error").textContent(), /cors_refused.*allowed CORS origins/s);
      const seen = await proxy.requests(since, true);
      assert.ok(seen.some((r) => r.method === "GET" && r.path.startsWith("/health/alive")),
        `the probe reached Ory: ${seen.map((r) => `${r.method} ${r.path}`).join(", ")}`);

      // The JS API: the same code and a developer text that says what to change.
      await newClient(page, { baseURL: proxy.url, flow: "api" });
      const refused = await call(page, "startLogin");
      assert.equal(refused.ok, false);
      assert.equal(refused.error.code, "cors_refused", refused.error.message);
      assert.match(refused.error.message, /^orylogin: cors_refused: .*allowed CORS origins.*one site/);
      assert.equal(refused.after, refused.before, "a rejected call leaves the state as it was");

      // Ory down: nothing answers the probe either.
      await proxy.stop();
      const down = await call(page, "startLogin");
      assert.equal(down.ok, false);
      assert.equal(down.error.code, "network", down.error.message);
    } finally {
      await b.close();
    }
  });
});
