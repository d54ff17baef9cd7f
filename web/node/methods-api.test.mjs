// methods-api.test.mjs — issue 12's methods through dist/orylogin.js in
// Node (the api flow: session tokens, no cookies) against the dev server's
// real Kratos: TOTP, backup codes, SMS and refresh with the demo's factors
// linked, the passwordless code, identifier-first, and the calls each flow
// does not offer. The same scenarios run in Chromium by the browser flow
// (web/e2e/methods.test.mjs); they are in web/e2e/methods-scenarios.mjs.
//
//   node --test web/node/methods-api.test.mjs   (after ./build.sh build)
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { DIST, startDevServer } from "../e2e/harness.mjs";
import * as s from "../e2e/methods-scenarios.mjs";
import { printed } from "./printed.mjs";


// Every request the module makes goes through globalThis.fetch: count the
// ones to Ory, to prove that a refused call sends nothing.
const requested = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  requested.push(String(input instanceof Request ? input.url : input));
  return realFetch(input, init);
};

let OryLogin;
before(async () => {
  OryLogin = await (await import(pathToFileURL(join(DIST, "orylogin.js")).href)).load();
});

/** withServer starts the dev server with flags for a describe block and returns the block's api-flow driver. */
function withServer(flags) {
  const ctx = {};
  before(async () => { ctx.server = await startDevServer(flags); }, { timeout: 240_000 });
  after(async () => { await ctx.server?.stop(); });
  ctx.driver = {
    flow: "api",
    async newClient() {
      const c = OryLogin.newClient({ baseURL: ctx.server.kratosPublic, flow: "api", timeoutMs: 15000 });
      return {
        async call(m, a) {
          try {
            return { ok: true, value: await (a == null ? c[m]() : c[m](a)) };
          } catch (e) {
            assert.ok(e instanceof OryLogin.OryLoginError, `${m} rejected with ${e}`);
            s.noSecrets("an error", `${e.message} ${JSON.stringify(e)}`);
            return { ok: false, error: { name: e.name, code: e.code, message: e.message } };
          }
        },
        state: async () => c.state,
        exchanges: async () => c.exchanges(),
      };
    },
    sent: async () => requested.filter((u) => u.startsWith(ctx.server.kratosPublic)).length,
  };
  return ctx;
}

s.describeMethods("api", withServer);

test("nothing printed a password or a code", () => {
  assert.ok(s.secrets.size >= 8, `only ${s.secrets.size} secrets were tracked`);
  s.noSecrets("the console", printed.join("\n"));
});
