// methods-scenarios.mjs — issue 12's login methods (TOTP, backup codes,
// SMS, passwordless code, identifier-first, refresh) driven through the JS
// API against the dev server's real Kratos, written once for both flow
// kinds: methods.test.mjs runs them in Chromium (browser flow, the page's
// module), web/node/methods-api.test.mjs in Node (api flow, dist/orylogin.js).
//
// A driver is what a scenario needs of its runtime:
//   driver.flow                   "browser" | "api"
//   driver.newClient()            → Promise<client>, a fresh person's client (own cookies)
//   client.call(method, arg)      → {ok: true, value} | {ok: false, error: {name, code, message}}
//   client.state()                → the client's State
//   client.exchanges()            → client.exchanges()
//   driver.sent()                 → how many requests reached Ory so far (counted outside the module)
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { newIdentity } from "./harness.mjs";

/** SERVERS are the dev server's flags of the three Kratos setups the scenarios need. */
export const SERVERS = {
  // Second factors linked for the demo identity; aal1 sessions, step-up on request.
  factors: ["-methods", "totp,lookup_secret,sms", "-required-aal", "aal1"],
  passwordless: ["-methods", "passwordless"],
  // aal1: the e-mail code is no second factor demanded after the password.
  identifierFirst: ["-methods", "identifier_first", "-required-aal", "aal1"],
};

/** secrets are every password and code the scenarios used; none may show anywhere. */
export const secrets = new Set();

/** noSecrets asserts that text holds none of the secrets, as a JSON string or a bare word. */
export function noSecrets(what, text) {
  for (const s of secrets) {
    const quoted = [`"${s}"`, `\\"${s}\\"`, `'${s}'`, ` ${s} `, `=${s}`];
    assert.ok(!quoted.some((q) => text.includes(q)), `${what} shows a secret`);
  }
}

/** factors reads GET /dev/factors: the demo person's TOTP code, unused backup codes and phone. */
export async function factors(server) {
  const r = await fetch(`${server.url}dev/factors`);
  assert.equal(r.status, 200, `/dev/factors: HTTP ${r.status}`);
  const f = await r.json();
  if (f.totp) secrets.add(f.totp);
  for (const c of f.backupCodes || []) secrets.add(c);
  return f;
}

/** texts reads /dev/inbox for an e-mail address or (starting with +) a phone, newest first. */
async function texts(server, to) {
  const q = to.startsWith("+") ? "phone" : "email";
  const r = await fetch(`${server.url}dev/inbox?${q}=${encodeURIComponent(to)}`);
  assert.equal(r.status, 200, `/dev/inbox?${q}=: HTTP ${r.status}`);
  return r.json();
}

/** seenIds are the ids of what is in to's inbox now. */
export async function seenIds(server, to) {
  return new Set((await texts(server, to)).map((m) => m.id));
}

/** newCode waits until a mail or SMS to `to` whose id is not in seen arrives, and returns its code. */
export async function newCode(server, to, seen) {
  const until = Date.now() + 20_000;
  for (;;) {
    const fresh = (await texts(server, to)).find((m) => !seen.has(m.id));
    if (fresh) {
      assert.match(fresh.code, /^\d{6}$/, "the newest text to the address has no code");
      secrets.add(fresh.code);
      return fresh.code;
    }
    assert.ok(Date.now() < until, `nothing new sent to the address within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** ok returns a resolved call's State, or fails with the error it rejected with. */
function ok(r, what) {
  assert.ok(r.ok, `${what} rejected: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** ids lists a state's message ids. */
const ids = (st) => st.messages.map((m) => m.id);

/** wrongCode is a 6-digit code that is not code. */
const wrongCode = (code) => String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");

/** signIn starts a login and signs in with the password; resolves with the client at aal1. */
async function signIn(d, who) {
  const c = await d.newClient();
  let st = ok(await c.call("startLogin", {}), "startLogin");
  assert.equal(st.step, "password");
  secrets.add(who.password);
  st = ok(await c.call("submitPassword", { identifier: who.email, password: who.password }), "submitPassword");
  assert.equal(st.step, "authenticated", `after the password: ${JSON.stringify(st.messages)}`);
  assert.equal(st.aal, "aal1");
  return c;
}

/** stepUp signs the demo person in and starts the aal2 flow, which offers every linked factor. */
async function stepUp(d, server) {
  const c = await signIn(d, server);
  const st = ok(await c.call("startStepUp"), "startStepUp");
  assert.equal(st.step, "choose_method");
  assert.equal(st.requestedAAL, "aal2");
  for (const m of ["code", "totp", "lookup_secret"]) assert.ok(st.methods.includes(m), `aal2 offers ${st.methods}`);
  return { c, st };
}

/**
 * masked asserts that the exchanges hold the field named key, masked, and
 * none of the secrets; and that the state does not hold them either.
 */
async function masked(c, key) {
  const ex = await c.exchanges();
  const posted = ex.filter((e) => e.method === "POST" && e.requestBody.includes(`"${key}"`));
  assert.ok(posted.length >= 1, `no exchange posted ${key}: ${ex.map((e) => `${e.method} ${e.url}`)}`);
  for (const e of posted) {
    assert.equal(JSON.parse(e.requestBody)[key], "***", `${key} is not masked in the request body`);
    assert.ok(e.curl.includes(`"${key}":"***"`), `${key} is not masked in the curl line`);
  }
  noSecrets("the exchanges", JSON.stringify(ex));
  noSecrets("the state", JSON.stringify(await c.state()));
}

/** totp: a wrong TOTP code keeps the step with 4000008; the current one reaches aal2 with "totp". */
export async function totp(d, server) {
  const { c } = await stepUp(d, server);
  const { totp: code } = await factors(server);
  assert.match(code, /^\d{6}$/);
  const wrong = wrongCode(code);
  secrets.add(wrong);
  let st = ok(await c.call("submitTotp", { code: wrong }), "submitTotp (wrong)");
  assert.equal(st.step, "choose_method");
  assert.ok(ids(st).includes(4000008), `wrong TOTP code: messages ${ids(st)}`);
  await masked(c, "totp_code");

  const { totp: now } = await factors(server); // maybe the next 30 s window by now
  st = ok(await c.call("submitTotp", { code: now }), "submitTotp");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.aal, "aal2");
  assert.ok(st.session.methods.includes("totp"), `session methods ${st.session.methods}`);
  await masked(c, "totp_code");
}

/**
 * backupCode: an unknown backup code keeps the step with 4000016; an
 * unused one reaches aal2 with "lookup_secret" and leaves /dev/factors;
 * used again, 4000012.
 */
export async function backupCode(d, server) {
  let { c } = await stepUp(d, server);
  const unknown = "zz00zz00";
  secrets.add(unknown);
  let st = ok(await c.call("submitLookupSecret", { code: unknown }), "submitLookupSecret (unknown)");
  assert.equal(st.step, "choose_method");
  assert.ok(ids(st).includes(4000016), `unknown backup code: messages ${ids(st)}`);
  await masked(c, "lookup_secret");

  const before = (await factors(server)).backupCodes;
  assert.ok(before.length >= 2, `${before.length} unused backup codes`);
  const code = before[0];
  st = ok(await c.call("submitLookupSecret", { code }), "submitLookupSecret");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.aal, "aal2");
  assert.ok(st.session.methods.includes("lookup_secret"), `session methods ${st.session.methods}`);
  await masked(c, "lookup_secret");
  assert.deepEqual((await factors(server)).backupCodes, before.slice(1), "/dev/factors still lists the used code");

  ({ c } = await stepUp(d, server));
  st = ok(await c.call("submitLookupSecret", { code }), "submitLookupSecret (used)");
  assert.equal(st.step, "choose_method");
  assert.ok(ids(st).includes(4000012), `used backup code: messages ${ids(st)}`);
  await masked(c, "lookup_secret");
}

/** sms: aal2 offers the phone; a code sent to it by SMS reaches aal2. */
export async function sms(d, server) {
  const { c, st: offered } = await stepUp(d, server);
  const { phone } = await factors(server);
  assert.equal(phone, server.phone);
  assert.ok(offered.addresses.includes(phone) && offered.addresses.includes(server.email), `addresses ${offered.addresses}`);
  const seen = await seenIds(server, phone);
  let st = ok(await c.call("sendCode", { address: phone }), "sendCode (phone)");
  assert.equal(st.step, "code_sent");
  const code = await newCode(server, phone, seen);
  st = ok(await c.call("submitCode", { code }), "submitCode (SMS)");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.aal, "aal2");
  assert.ok(st.session.methods.includes("code"), `session methods ${st.session.methods}`);
  noSecrets("the exchanges", JSON.stringify(await c.exchanges()));
}

/**
 * refresh: startLogin({refresh: true}) on a session asks for the password
 * alone with state.identifier set; it keeps session.id and moves
 * authenticatedAt.
 */
export async function refresh(d, who) {
  const c = await signIn(d, who);
  const first = (await c.state()).session;
  await new Promise((r) => setTimeout(r, 1100)); // authenticated_at has whole seconds
  let st = ok(await c.call("startLogin", { refresh: true }), "startLogin (refresh)");
  assert.equal(st.step, "password");
  assert.equal(st.identifier, who.email);
  st = ok(await c.call("submitPassword", { password: who.password }), "submitPassword (refresh)");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.session.id, first.id, "refresh made a new session");
  assert.ok(Date.parse(st.session.authenticatedAt) > Date.parse(first.authenticatedAt),
    `authenticatedAt ${st.session.authenticatedAt}, was ${first.authenticatedAt}`);
}

/**
 * passwordless: the aal1 flow offers "code"; sendCode({identifier}) sends a
 * login code, and that code alone signs in (aal1, "code").
 */
export async function passwordless(d, server, who) {
  const c = await d.newClient();
  let st = ok(await c.call("startLogin", {}), "startLogin");
  assert.equal(st.step, "password");
  assert.ok(st.methods.includes("code"), `methods ${st.methods}`);
  const seen = await seenIds(server, who.email);
  st = ok(await c.call("sendCode", { identifier: who.email }), "sendCode (identifier)");
  assert.equal(st.step, "code_sent");
  assert.equal(st.identifier, who.email);
  const code = await newCode(server, who.email, seen);
  st = ok(await c.call("submitCode", { code }), "submitCode");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.aal, "aal1");
  assert.ok(st.session.methods.includes("code"), `session methods ${st.session.methods}`);
  assert.ok(!st.session.methods.includes("password"));
  noSecrets("the exchanges", JSON.stringify(await c.exchanges()));
}

/**
 * identifierFirst: the first screen asks for the identifier alone, the
 * second for the password with state.identifier set; both at once from
 * the first screen work too.
 */
export async function identifierFirst(d, who) {
  secrets.add(who.password);
  let c = await d.newClient();
  let st = ok(await c.call("startLogin", {}), "startLogin");
  assert.equal(st.step, "identifier");
  assert.equal(st.identifier, null);
  st = ok(await c.call("submitIdentifier", { identifier: who.email }), "submitIdentifier");
  assert.equal(st.step, "password");
  assert.equal(st.identifier, who.email);
  assert.ok(st.methods.includes("password"), `methods ${st.methods}`);
  st = ok(await c.call("submitPassword", { password: who.password }), "submitPassword (password alone)");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  assert.equal(st.session.identity.traits.email, who.email);

  c = await d.newClient();
  assert.equal(ok(await c.call("startLogin", {}), "startLogin").step, "identifier");
  st = ok(await c.call("submitPassword", { identifier: who.email, password: who.password }), "submitPassword (both)");
  assert.equal(st.step, "authenticated", `messages ${ids(st)}`);
  noSecrets("the exchanges", JSON.stringify(await c.exchanges()));
}

/**
 * refused asserts that each of calls ([method, arg]) rejects with
 * invalid_transition in the client's current step, sends nothing, leaves
 * the state as it was and shows no argument in its error.
 */
export async function refused(d, c, calls) {
  const before = JSON.stringify(await c.state());
  const sent = await d.sent();
  assert.ok(sent > 0, "the request counter saw not even startLogin's requests");
  for (const [m, arg] of calls) {
    const r = await c.call(m, arg);
    assert.equal(r.ok, false, `${m} resolved in ${JSON.parse(before).step}`);
    assert.equal(r.error.name, "OryLoginError");
    assert.equal(r.error.code, "invalid_transition", `${m} in ${JSON.parse(before).step}: ${JSON.stringify(r.error)}`);
    for (const v of Object.values(arg || {})) assert.ok(!r.error.message.includes(v), `${m}'s error shows its argument`);
    assert.equal(JSON.stringify(await c.state()), before, `${m} changed the state`);
  }
  assert.equal(await d.sent(), sent, `refused calls sent requests to Ory`);
}

/** notOfferedOnFactors: on the factors Kratos, what its password step and its aal2 step do not offer. */
export async function notOfferedOnFactors(d, server) {
  const { totp: code } = await factors(server);
  const c = await d.newClient();
  const st = ok(await c.call("startLogin", {}), "startLogin");
  assert.deepEqual(st.methods, ["password"], "the aal1 flow offers the password only (the code is a second factor here)");
  await refused(d, c, [
    ["submitTotp", { code }],
    ["submitLookupSecret", { code: "zz00zz00" }],
    ["submitIdentifier", { identifier: server.email }],
    ["sendCode", { identifier: server.email }],
  ]);
  const { c: up } = await stepUp(d, server);
  await refused(d, up, [["submitIdentifier", { identifier: server.email }], ["submitPassword", { password: "not-Offered-9" }]]);
}

/** notOfferedOnPasswordless: a passwordless aal1 flow offers no TOTP, backup code or identifier screen. */
export async function notOfferedOnPasswordless(d) {
  const c = await d.newClient();
  ok(await c.call("startLogin", {}), "startLogin");
  await refused(d, c, [
    ["submitTotp", { code: "123456" }],
    ["submitLookupSecret", { code: "zz00zz00" }],
    ["submitIdentifier", { identifier: "someone@example.com" }],
  ]);
}

/** notOfferedOnIdentifierFirst: identifier-first's first screen takes no code of any kind. */
export async function notOfferedOnIdentifierFirst(d) {
  const c = await d.newClient();
  assert.equal(ok(await c.call("startLogin", {}), "startLogin").step, "identifier");
  await refused(d, c, [
    ["submitTotp", { code: "123456" }],
    ["submitLookupSecret", { code: "zz00zz00" }],
    ["sendCode", { identifier: "someone@example.com" }],
    ["submitCode", { code: "123456" }],
  ]);
}

/**
 * describeMethods defines every scenario's tests, one describe block per
 * Kratos setup, for one flow kind. withServer(flags) is called inside each
 * block; it starts the dev server with flags (before) and stops it (after),
 * and returns {server, driver}, filled in once the block runs.
 */
export function describeMethods(flow, withServer) {
  const t = (name, fn, timeout = 120_000) => test(name, { timeout }, fn);
  describe(`second factors and refresh, ${flow} flow (-methods totp,lookup_secret,sms)`, () => {
    const ctx = withServer(SERVERS.factors);
    t("TOTP: wrong code 4000008, right code aal2 with totp; totp_code masked", () => totp(ctx.driver, ctx.server));
    t("backup code: unknown 4000016, right aal2 with lookup_secret, used 4000012", () => backupCode(ctx.driver, ctx.server));
    t("SMS: the phone among the addresses, its code reaches aal2", () => sms(ctx.driver, ctx.server));
    t("refresh: the password alone keeps the session and moves authenticatedAt", async () =>
      refresh(ctx.driver, await newIdentity(ctx.server, "refresh")));
    t("calls the flow does not offer: invalid_transition, nothing sent", () => notOfferedOnFactors(ctx.driver, ctx.server));
  });
  describe(`passwordless code, ${flow} flow (-methods passwordless)`, () => {
    const ctx = withServer(SERVERS.passwordless);
    t("sendCode({identifier}) then the code alone: aal1 with code", async () =>
      passwordless(ctx.driver, ctx.server, await newIdentity(ctx.server, "code")));
    t("calls the flow does not offer: invalid_transition, nothing sent", () => notOfferedOnPasswordless(ctx.driver));
  });
  describe(`identifier-first, ${flow} flow (-methods identifier_first)`, () => {
    const ctx = withServer(SERVERS.identifierFirst);
    t("identifier, then the password alone; or both at once", async () =>
      identifierFirst(ctx.driver, await newIdentity(ctx.server, "idfirst")));
    t("calls the flow does not offer: invalid_transition, nothing sent", () => notOfferedOnIdentifierFirst(ctx.driver));
  });
}
