// webauthn-glue.test.mjs — the module's own WebAuthn ceremony
// (web/orylogin.js: hasWebAuthn, webauthnGet), in Node with a stand-in
// navigator.credentials that records what it is asked and answers with
// binary buffers, as a browser does: Ory's base64url challenge and
// credential ids arrive decoded, the credential leaves as the JSON Kratos
// reads (base64url without padding; a null userHandle as ""), a cancel is
// "cancelled", any other refusal or unusable options "refused", and it
// never rejects. The real ceremony against Kratos runs in Chromium
// (web/e2e/passkeys.test.mjs).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), "..", "orylogin.js");

let glue;
before(async () => {
  // As a data: URL: by its path Node would warn that web/ is no "type": "module" package.
  const src = await readFile(SOURCE);
  const mod = await import("data:text/javascript;base64," + src.toString("base64"));
  glue = mod._glue(new Promise(() => {}));
});

const had = Object.getOwnPropertyDescriptor(globalThis, "navigator");
afterEach(() => {
  delete globalThis.PublicKeyCredential;
  if (had) Object.defineProperty(globalThis, "navigator", had);
  else delete globalThis.navigator;
});

/** platform installs a stand-in WebAuthn whose get(options) is answer(options); it returns the calls. */
function platform(answer) {
  const calls = [];
  globalThis.PublicKeyCredential = function PublicKeyCredential() {};
  Object.defineProperty(globalThis, "navigator", {
    configurable: true,
    value: { credentials: { get: async (o) => { calls.push(o); return answer(o); } } },
  });
  return calls;
}

const bytes = (...b) => new Uint8Array(b).buffer;
// Ory's options: base64url without padding, with - and _ in them.
const options = JSON.stringify({
  publicKey: {
    challenge: "-_8A", rpId: "localhost", timeout: 300000, userVerification: "preferred",
    allowCredentials: [{ type: "public-key", id: "AQID" }],
  },
});

test("without navigator.credentials there is no WebAuthn (Node)", () => {
  assert.equal(glue.hasWebAuthn(), false);
  platform(() => null);
  assert.equal(glue.hasWebAuthn(), true);
});

test("the options arrive decoded and the credential leaves as Kratos reads it", async () => {
  const calls = platform(() => ({
    id: "cred-id", type: "public-key", rawId: bytes(0xfb, 0xff),
    response: { authenticatorData: bytes(1), clientDataJSON: bytes(0x7b, 0x7d), signature: bytes(0xff, 0xfe, 0xfd), userHandle: null },
  }));
  const out = await glue.webauthnGet(options);
  assert.equal(calls.length, 1);
  const pk = calls[0].publicKey;
  assert.deepEqual([...pk.challenge], [0xfb, 0xff, 0x00]);
  assert.deepEqual([...pk.allowCredentials[0].id], [1, 2, 3]);
  assert.equal(pk.allowCredentials[0].type, "public-key");
  assert.equal(pk.rpId, "localhost");
  assert.deepEqual(Object.keys(out), ["credential"]);
  assert.deepEqual(JSON.parse(out.credential), {
    id: "cred-id", rawId: "-_8", type: "public-key",
    response: { authenticatorData: "AQ", clientDataJSON: "e30", signature: "__79", userHandle: "" },
  });
});

test("autofill asks with conditional mediation and the signal; without it in the browser, refused", async () => {
  const calls = platform(() => null);
  const ctl = new AbortController();
  assert.deepEqual(await glue.webauthnGet(options, { autofill: true, signal: ctl.signal }), { failure: "refused" }, "no isConditionalMediationAvailable");
  globalThis.PublicKeyCredential.isConditionalMediationAvailable = async () => true;
  await glue.webauthnGet(options, { autofill: true, signal: ctl.signal });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].mediation, "conditional");
  assert.equal(calls[0].signal, ctl.signal);
  await glue.webauthnGet(options, { signal: ctl.signal });
  assert.equal(calls[1].mediation, undefined, "a modal request");
});

test("a cancel is cancelled, any other refusal refused; it never rejects", async () => {
  for (const [name, want] of [["NotAllowedError", "cancelled"], ["AbortError", "cancelled"], ["SecurityError", "refused"], ["InvalidStateError", "refused"]]) {
    platform(() => { throw new DOMException("no", name); });
    assert.deepEqual(await glue.webauthnGet(options), { failure: want }, name);
  }
  platform(() => null);
  assert.deepEqual(await glue.webauthnGet(options), { failure: "cancelled" }, "no credential");
  const calls = platform(() => assert.fail("asked with unusable options"));
  for (const bad of ["", "{", "{}", JSON.stringify({ publicKey: { challenge: "%%%" } })]) {
    assert.deepEqual(await glue.webauthnGet(bad), { failure: "refused" }, bad);
  }
  assert.equal(calls.length, 0);
});
