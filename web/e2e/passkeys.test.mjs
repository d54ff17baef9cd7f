// passkeys.test.mjs — issue 16's passkeys and security keys in headless
// Chromium with a CDP virtual authenticator (ctap2, internal, resident
// keys, user verification) against the dev server's real Kratos with the
// passkey and webauthn methods (-methods passkey,webauthn: relying party
// "localhost", page and Kratos on http://localhost:PORT). Each person's
// passkey or security key is enrolled through Kratos's own settings
// browser flow in the page; then signInWithPasskey() and
// signInWithSecurityKey() sign in through the JS API and through
// <ory-login>'s buttons, and the passkey autofill (conditional mediation,
// which the virtual authenticator answers at once) through
// signInWithPasskey({ autofill: true }) and the element's first screen; a
// page that is not the relying party is refused (webauthn_refused); a
// cancelled ceremony rejects webauthn_cancelled
// with the state as it was and nothing sent to Ory; in Node, without
// navigator.credentials, neither is offered and both reject
// invalid_transition.
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { DIST, newIdentity, openBrowser, startDevServer, typeInto } from "./harness.mjs";
import { elementStep, inEveryLanguage, recordEvents, shadow } from "./element-helpers.mjs";
import { noSecrets, secrets } from "./methods-scenarios.mjs";

const FLAGS = ["-methods", "passkey,webauthn", "-required-aal", "aal1"];

let server;
before(async () => { server = await startDevServer(FLAGS); }, { timeout: 240_000 });
after(async () => { await server?.stop(); });

/**
 * openWithAuthenticator opens path in a fresh browser with WebAuthn's
 * virtual environment on, and returns the browser plus authenticator
 * helpers: fresh() replaces the authenticator with an empty one (its
 * credentials kept by the caller through credentials()), restore(creds)
 * adds them back.
 */
async function openWithAuthenticator(path, origin = server.url) {
  const b = await openBrowser();
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send("WebAuthn.enable");
  let id;
  const fresh = async () => {
    if (id) await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: id });
    ({ authenticatorId: id } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    }));
  };
  await fresh();
  b.authn = {
    fresh,
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId: id })).credentials,
    restore: async (creds) => {
      for (const credential of creds) await cdp.send("WebAuthn.addCredential", { authenticatorId: id, credential });
    },
  };
  await recordEvents(b.page);
  await b.page.goto(origin + path);
  if (path.endsWith(".js")) return b;
  await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await b.page.evaluate(() => document.documentElement.dataset.ready), "true", "the page started");
  return b;
}

/** closeClean asserts that the page leaked nothing and closes it. */
async function closeClean(b) {
  try {
    assert.deepEqual(b.watch.pageErrors, [], "uncaught page errors");
    assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
    const seen = await b.watch.exposure();
    for (const where of ["console", "urls", "localStorage", "sessionStorage", "cookie"]) noSecrets(`the page's ${where}`, seen[where]);
    // The assertions the page sent: none may show in console, URLs, storage, the DOM or a State.
    seen.dom = await b.page.evaluate(() => document.documentElement.outerHTML
      + [...document.querySelectorAll("ory-login")].map((e) => e.shadowRoot?.innerHTML + JSON.stringify(e.state)).join(""));
    seen.state = JSON.stringify(await b.page.evaluate(() => window.__client?.state ?? null));
    for (const a of b.sent ?? []) {
      for (const where of ["console", "urls", "localStorage", "sessionStorage", "cookie", "dom", "state"]) {
        assert.ok(!seen[where].includes(a), `the page's ${where} shows a WebAuthn assertion`);
      }
    }
  } finally {
    await b.close();
  }
}

/** recordAssertions keeps every passkey_login / webauthn_login the page posts, for the canary. */
function recordAssertions(b) {
  b.sent = [];
  b.page.on("request", (r) => {
    const body = r.method() === "POST" ? r.postData() : null;
    if (!body) return;
    try {
      const j = JSON.parse(body);
      for (const k of ["passkey_login", "webauthn_login"]) if (j[k]) b.sent.push(JSON.parse(j[k]).response.signature);
    } catch { /* not JSON */ }
  });
}

/** api runs client method m with argument a in the page; resolves {ok, value} or {ok:false, error}. */
function api(page, m, a) {
  return page.evaluate(async ([m, a]) => {
    const c = window.__client;
    try {
      return { ok: true, value: await (a == null ? c[m]() : c[m](a)) };
    } catch (e) {
      return { ok: false, error: { name: e.name, code: e.code, message: e.message, isOryLoginError: e instanceof window.OryLogin.OryLoginError } };
    }
  }, [m, a ?? null]);
}

/** newClient clears the cookies (a fresh person) and makes the page's client. */
async function newClient(b) {
  await b.context.clearCookies();
  await b.page.evaluate((baseURL) => {
    window.__client = window.OryLogin.newClient({ baseURL, flow: "browser", timeoutMs: 15000 });
  }, server.kratosPublic);
}

/** passwordSignIn signs who in with the password through the page's client. */
async function passwordSignIn(b, who) {
  secrets.add(who.password);
  await newClient(b);
  assert.equal((await api(b.page, "startLogin")).value.step, "password");
  const r = await api(b.page, "submitPassword", { identifier: who.email, password: who.password });
  assert.equal(r.value?.step, "authenticated", JSON.stringify(r));
}

/**
 * enroll links a passkey ("passkey": passkey_create_data →
 * passkey_settings_register) or a security key ("webauthn":
 * webauthn_register_trigger's value → webauthn_register) to the signed-in
 * person through Kratos's settings browser flow, as Kratos's own page
 * would, with the virtual authenticator.
 */
async function enroll(b, kind) {
  const r = await b.page.evaluate(async ([base, kind]) => {
    const dec = (s) => Uint8Array.from(atob(s.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
    const enc = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const accept = { Accept: "application/json" };
    const flow = await (await fetch(base + "/self-service/settings/browser", { credentials: "include", headers: accept })).json();
    const node = (name) => flow.ui.nodes.find((n) => n.attributes.name === name)?.attributes.value;
    const given = JSON.parse(kind === "passkey" ? node("passkey_create_data") : node("webauthn_register_trigger"));
    const pk = (given.credentialOptions ?? given).publicKey;
    pk.challenge = dec(pk.challenge);
    pk.user.id = dec(pk.user.id);
    if (pk.excludeCredentials) pk.excludeCredentials = pk.excludeCredentials.map((c) => ({ ...c, id: dec(c.id) }));
    const cred = await navigator.credentials.create({ publicKey: pk });
    const registered = JSON.stringify({
      id: cred.id, rawId: enc(cred.rawId), type: cred.type,
      response: { attestationObject: enc(cred.response.attestationObject), clientDataJSON: enc(cred.response.clientDataJSON) },
    });
    const body = kind === "passkey"
      ? { method: "passkey", csrf_token: node("csrf_token"), passkey_settings_register: registered }
      : { method: "webauthn", csrf_token: node("csrf_token"), webauthn_register: registered, webauthn_register_displayname: "test key" };
    const res = await fetch(base + "/self-service/settings?flow=" + flow.id, {
      method: "POST", credentials: "include", headers: { ...accept, "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const out = await res.json();
    return { status: res.status, state: out.state, credentials: Object.keys(out.identity?.credentials ?? {}) };
  }, [server.kratosPublic, kind]);
  assert.equal(r.status, 200, `enroll ${kind}: ${JSON.stringify(r)}`);
  assert.equal(r.state, "success");
}

/** assertMasked asserts that the last call's exchanges() show key masked and no assertion the page sent. */
async function assertMasked(b, key) {
  const xs = JSON.stringify(await b.page.evaluate(() => window.__client.exchanges()));
  assert.ok(xs.includes(key), `exchanges() show the ${key} post`);
  for (const a of b.sent) assert.ok(!xs.includes(a), `exchanges() show the ${key} assertion`);
}

/** kratosRequests counts the page's requests to Kratos so far. */
const kratosRequests = (b) => b.watch.requests.filter((u) => u.startsWith(server.kratosPublic)).length;

/**
 * cancelled runs call with the person's credentials out of reach (an empty
 * authenticator: the browser answers NotAllowedError, as when the person
 * cancels) and asserts a typed webauthn_cancelled, the state as it was
 * and no request to Kratos; then puts the credentials back.
 */
async function cancelled(b, call) {
  const creds = await b.authn.credentials();
  assert.ok(creds.length > 0, "the authenticator holds the enrolled credential");
  await b.authn.fresh();
  const before = await b.page.evaluate(() => window.__client.state);
  const sent = kratosRequests(b);
  const r = await api(b.page, call);
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.deepEqual([r.error.name, r.error.code, r.error.isOryLoginError], ["OryLoginError", "webauthn_cancelled", true]);
  assert.deepEqual(await b.page.evaluate(() => window.__client.state), before, "the state is unchanged");
  assert.equal(kratosRequests(b), sent, "nothing was sent to Ory");
  await b.authn.restore(creds);
}

describe("passkeys and security keys through the JS API", () => {
  test("a passkey enrolled in Kratos's settings signs in at aal1 without an identifier; a cancel changes nothing", async () => {
    const b = await openWithAuthenticator("");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "passkey");
      await passwordSignIn(b, who);
      await enroll(b, "passkey");
      await newClient(b);
      const st = (await api(b.page, "startLogin")).value;
      assert.ok(st.methods.includes("passkey"), `methods ${st.methods}`);
      assert.ok(!st.methods.includes("webauthn"));
      const wrong = await api(b.page, "signInWithSecurityKey");
      assert.equal(wrong.error?.code, "invalid_transition");
      await cancelled(b, "signInWithPasskey");
      const r = await api(b.page, "signInWithPasskey");
      assert.equal(r.value?.step, "authenticated", JSON.stringify(r));
      assert.equal(r.value.aal, "aal1");
      assert.ok(r.value.session.methods.includes("passkey"), `session methods ${r.value.session.methods}`);
      assert.equal(r.value.session.identity.traits.email, who.email);
      assert.equal(b.sent.length, 1, "one assertion posted");
      await assertMasked(b, "passkey_login");
    } finally {
      await closeClean(b);
    }
  });

  test("signInWithPasskey({ autofill: true }) waits without holding the client, signs in with the passkey picked, and ends with any other call", async () => {
    const b = await openWithAuthenticator("");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "autofill");
      await passwordSignIn(b, who);
      await enroll(b, "passkey");
      // Without the passkey at hand the wait goes on; startLogin ends it, unhindered.
      const creds = await b.authn.credentials();
      await b.authn.fresh();
      await newClient(b);
      await api(b.page, "startLogin");
      const r = await b.page.evaluate(async () => {
        const c = window.__client;
        const wait = c.signInWithPasskey({ autofill: true }).then((v) => ({ ok: true, step: v.step }), (e) => ({ ok: false, code: e.code }));
        await new Promise((res) => setTimeout(res, 300));
        const other = await c.startLogin().then((v) => v.step, (e) => e.code);
        return { other, wait: await wait };
      });
      assert.deepEqual(r, { other: "password", wait: { ok: false, code: "webauthn_cancelled" } });
      assert.equal(b.sent.length, 0, "nothing posted");
      // With the passkey at hand the browser's autofill picks it.
      await b.authn.restore(creds);
      const st = await api(b.page, "signInWithPasskey", { autofill: true });
      assert.equal(st.value?.step, "authenticated", JSON.stringify(st));
      assert.ok(st.value.session.methods.includes("passkey"));
      assert.equal(b.sent.length, 1, "one assertion posted");
      await assertMasked(b, "passkey_login");
    } finally {
      await closeClean(b);
    }
  });

  test("a security key enrolled in Kratos's settings is the second factor at aal2; a cancel changes nothing", async () => {
    const b = await openWithAuthenticator("");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "key");
      await passwordSignIn(b, who);
      await enroll(b, "webauthn");
      await passwordSignIn(b, who);
      const st = (await api(b.page, "startStepUp")).value;
      assert.equal(st.step, "choose_method");
      assert.ok(st.methods.includes("webauthn"), `methods ${st.methods}`);
      assert.equal((await api(b.page, "signInWithPasskey")).error?.code, "invalid_transition");
      await cancelled(b, "signInWithSecurityKey");
      const r = await api(b.page, "signInWithSecurityKey");
      assert.equal(r.value?.step, "authenticated", JSON.stringify(r));
      assert.equal(r.value.aal, "aal2");
      assert.ok(r.value.session.methods.includes("webauthn"), `session methods ${r.value.session.methods}`);
      assert.equal(b.sent.length, 1, "one assertion posted");
      await assertMasked(b, "webauthn_login");
    } finally {
      await closeClean(b);
    }
  });
});

test("a page that is not Ory's relying party (127.0.0.1) is refused by the browser: webauthn_refused, nothing sent", async () => {
  // The module's own file as the document: no page CSP, the origin
  // http://127.0.0.1:PORT, where the relying party "localhost" is invalid.
  const b = await openWithAuthenticator("orylogin.js", server.url.replace("//localhost:", "//127.0.0.1:"));
  try {
    await b.page.evaluate(async () => {
      const { load } = await import("/orylogin.js");
      window.OryLogin = await load();
    });
    await b.context.clearCookies();
    const base = server.kratosPublic.replace("//localhost:", "//127.0.0.1:");
    await b.page.evaluate((baseURL) => {
      window.__client = window.OryLogin.newClient({ baseURL, flow: "browser", timeoutMs: 15000 });
    }, base);
    const st = (await api(b.page, "startLogin")).value;
    assert.ok(st.methods.includes("passkey"), `methods ${st.methods}`);
    const sent = b.watch.requests.filter((u) => u.startsWith(base)).length;
    const r = await api(b.page, "signInWithPasskey");
    assert.deepEqual([r.error?.name, r.error?.code, r.error?.isOryLoginError], ["OryLoginError", "webauthn_refused", true], JSON.stringify(r));
    assert.deepEqual(await b.page.evaluate(() => window.__client.state), st, "the state is unchanged");
    assert.equal(b.watch.requests.filter((u) => u.startsWith(base)).length, sent, "nothing was sent to Ory");
  } finally {
    await closeClean(b);
  }
});

describe("passkeys and security keys through <ory-login>", () => {
  test("the first screen's autofill offers the passkey, which signs in without a click", async () => {
    const b = await openWithAuthenticator("examples/static/");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "el-autofill");
      await passwordSignIn(b, who);
      await enroll(b, "passkey");
      await b.context.clearCookies();
      // The virtual authenticator answers a conditional request at once, as a person picking the passkey would.
      await b.page.reload();
      await b.page.waitForFunction(() => document.querySelector("ory-login").state?.session?.methods?.includes("passkey"), null, { timeout: 30_000 });
      const s = await b.page.evaluate(() => document.querySelector("ory-login").state);
      assert.equal(s.session.identity.traits.email, who.email);
      assert.equal(b.sent.length, 1, "one assertion posted");
      const events = await b.page.evaluate(() => window.__events);
      assert.deepEqual(events.filter((e) => e.type === "orylogin:error"), [], "no call failed");
    } finally {
      await closeClean(b);
    }
  });

  test("the first screen offers \"Sign in with a passkey\" beside the autofill; a cancel says so, then it signs in", async () => {
    const b = await openWithAuthenticator("examples/static/");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "el-passkey");
      await passwordSignIn(b, who);
      await enroll(b, "passkey");
      await b.context.clearCookies();
      // Without the passkey at hand the autofill waits; the button ends it.
      const creds = await b.authn.credentials();
      await b.authn.fresh();
      await b.page.reload();
      assert.equal(await elementStep(b.page, "password"), "password");
      const screen = await shadow(b.page, (root) => ({
        label: root.querySelector("button[data-action=passkey]")?.textContent,
        autocomplete: root.querySelector("input[name=identifier]")?.getAttribute("autocomplete"),
      }));
      assert.deepEqual(screen, { label: "Sign in with a passkey", autocomplete: "username webauthn" });
      await inEveryLanguage(b.page, "password with the passkey button");
      await b.page.click("ory-login button[data-action=passkey]");
      await b.page.waitForFunction(() => document.querySelector("ory-login").shadowRoot.querySelector('[part~="error"]')?.textContent, null, { timeout: 30_000 });
      assert.match(await shadow(b.page, (root) => root.querySelector('[part~="error"]').textContent), /cancelled/);
      await inEveryLanguage(b.page, "password after a cancelled passkey");
      assert.equal(await elementStep(b.page, "password"), "password");
      assert.equal(b.sent.length, 0, "nothing posted");
      await b.authn.restore(creds);
      await b.page.click("ory-login button[data-action=passkey]");
      await b.page.waitForFunction(() => document.querySelector("ory-login").state?.session?.methods?.includes("passkey"), null, { timeout: 30_000 });
      const s = await b.page.evaluate(() => document.querySelector("ory-login").state);
      assert.equal(s.session.identity.traits.email, who.email);
      assert.equal(b.sent.length, 1, "one assertion posted");
    } finally {
      await closeClean(b);
    }
  });

  test("the second factors offer \"Use your security key\", which takes the person to aal2", async () => {
    const b = await openWithAuthenticator("examples/static/");
    recordAssertions(b);
    try {
      const who = await newIdentity(server, "el-key");
      await passwordSignIn(b, who);
      await enroll(b, "webauthn");
      await b.context.clearCookies();
      await b.page.reload();
      assert.equal(await elementStep(b.page, "password"), "password");
      await typeInto(b.page, "ory-login form[data-action=password] input[name=identifier]", who.email);
      await typeInto(b.page, "ory-login form[data-action=password] input[name=password]", who.password);
      await b.page.click("ory-login form[data-action=password] button[type=submit]");
      assert.equal(await elementStep(b.page, "choose_method"), "choose_method");
      const label = await shadow(b.page, (root) => root.querySelector("button[data-action=webauthn]")?.textContent);
      assert.equal(label, "Use your security key");
      await inEveryLanguage(b.page, "choose_method with the security key");
      await b.page.click("ory-login button[data-action=webauthn]");
      assert.equal(await elementStep(b.page, "authenticated"), "authenticated");
      const s = await b.page.evaluate(() => document.querySelector("ory-login").state);
      assert.equal(s.aal, "aal2");
      assert.ok(s.session.methods.includes("webauthn"), `session methods ${s.session.methods}`);
    } finally {
      await closeClean(b);
    }
  });
});

test("in Node (no navigator.credentials) neither is offered and both reject invalid_transition", async () => {
  const { load } = await import(pathToFileURL(join(DIST, "orylogin.js")).href);
  const OryLogin = await load();
  // Node resolves localhost to ::1 first; Kratos listens on 127.0.0.1.
  const c = OryLogin.newClient({ baseURL: server.kratosPublic.replace("//localhost:", "//127.0.0.1:"), flow: "api", timeoutMs: 15000 });
  const st = await c.startLogin();
  assert.ok(!st.methods.includes("passkey") && !st.methods.includes("webauthn"), `methods ${st.methods}`);
  if (server.kratosVersion !== "v1.3.1") {
    // Kratos v26 offers passkeys in api flows too: orylogin leaves them out here.
    assert.match(JSON.stringify(c.exchanges()), /passkey_challenge/, "Ory offered a passkey");
  }
  for (const m of ["signInWithPasskey", "signInWithSecurityKey"]) {
    await assert.rejects(c[m](), (e) => e instanceof OryLogin.OryLoginError && e.code === "invalid_transition", m);
  }
  assert.deepEqual(c.state, st, "the state is unchanged");
});
