// bench.js — the login-rounds page of the bench. window.bench.round(kind,
// identity) runs the whole login once, by orylogin or by the plain-fetch
// baseline, and returns each step's time in ms; reading the code from the dev
// inbox happens between two steps and is not timed. window.bench.memory()
// makes calls and reads OryLogin.stats() along the way.
import { load } from "../orylogin.js";
import { newBaseline } from "./baseline.js";

/** STEPS are the timed steps, in order. */
export const STEPS = ["startLogin", "submitPassword", "startStepUp", "sendCode", "submitCode", "whoami"];

const OryLogin = await load();
const config = await (await fetch("../orylogin.config.json", { cache: "no-store" })).json();

/** codeFor reads the one-time code mailed to email (a fresh identity: its only mail). */
async function codeFor(email) {
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${config.devInbox}?email=${encodeURIComponent(email)}`, { cache: "no-store" });
    const mails = await r.json();
    if (mails.length && mails[0].code) return mails[0].code;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no code mailed to ${email}`);
}

/** oryloginSteps adapts a fresh orylogin client to the six steps, checking each State. */
function oryloginSteps() {
  const client = OryLogin.newClient({ baseURL: config.baseURL, flow: "browser" });
  const want = (state, step, aal) => {
    if (state.step !== step || (aal && state.aal !== aal)) {
      throw new Error(`orylogin: want ${step}/${aal}, got ${state.step}/${state.aal}: ${JSON.stringify(state.messages)}`);
    }
  };
  return {
    client,
    startLogin: async () => want(await client.startLogin(), "password"),
    submitPassword: async (identifier, password) => want(await client.submitPassword({ identifier, password }), "authenticated", "aal1"),
    // Kratos v26 mails the code when the aal2 flow is made; sendCode then resends.
    startStepUp: async () => { const s = await client.startStepUp(); return want(s, s.step === "code_sent" ? "code_sent" : "choose_method"); },
    sendCode: async () => want(await client.sendCode(), "code_sent"),
    submitCode: async (code) => want(await client.submitCode({ code }), "authenticated", "aal2"),
    whoami: async () => {
      if ((await client.whoami())?.aal !== "aal2") throw new Error("orylogin: whoami: not aal2");
    },
  };
}

/**
 * round logs identity in once with kind ("orylogin" | "baseline"); resolves
 * with {ms: {step: ms}}, and with count, for orylogin, requests: the HTTP
 * exchanges of each step (read between steps: exchanges() masks them, work
 * that is better kept out of the counted rounds).
 */
async function round(kind, { email, password }, count = false) {
  const steps = kind === "orylogin" ? oryloginSteps() : newBaseline(config.baseURL);
  const ms = {};
  const requests = {}; // HTTP exchanges per step (must be 1, as in the baseline)
  const args = { submitPassword: [email, password] };
  for (const name of STEPS) {
    if (name === "submitCode") args.submitCode = [await codeFor(email)]; // untimed
    const t0 = performance.now();
    await steps[name](...(args[name] ?? []));
    ms[name] = performance.now() - t0;
    if (count && steps.client) requests[name] = steps.client.exchanges().length;
  }
  return count && kind === "orylogin" ? { ms, requests } : { ms };
}

/**
 * memory signs identity in with a fresh client (call 1 and 2), then
 * alternates startStepUp and whoami, and returns OryLogin.stats() before
 * the first call and after each call numbered in points.
 */
async function memory({ email, password }, points) {
  const client = OryLogin.newClient({ baseURL: config.baseURL, flow: "browser" });
  const out = [{ calls: 0, ...OryLogin.stats() }];
  const last = Math.max(...points);
  for (let n = 1; n <= last; n++) {
    if (n === 1) await client.startLogin();
    else if (n === 2) await client.submitPassword({ identifier: email, password });
    else if (n % 2) await client.startStepUp();
    else await client.whoami();
    if (points.includes(n)) out.push({ calls: n, ...OryLogin.stats() });
  }
  return out;
}

window.bench = { round, memory, steps: STEPS };
