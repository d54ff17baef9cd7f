// app.js — orylogin's demo page. It is thin on purpose: every form calls
// one orylogin function, and the page shows the State that comes back, Ory's
// messages, and the HTTP exchanges of the last step. It reads
// ./orylogin.config.json to find Ory ({baseURL, flow, devInbox?}; the dev
// server writes it); where that file is absent or says {"offline": true}
// (as the one in dist/ does), or with ?offline=1, it runs against the Ory
// inside the wasm module.
import { load } from "./orylogin.js";
import {
  $, renderAddresses, renderError, renderExchanges, renderInbox, renderMessages, renderSession, renderStepper,
} from "./view.js";

/** PANELS maps each step to the element that shows it. */
const PANELS = {
  idle: "panel-idle",
  password: "form-password",
  choose_method: "form-choose",
  code_sent: "form-code",
  authenticated: "panel-authenticated",
  signed_out: "panel-signed_out",
};

/** INBOX_POLL_MS is how often the dev inbox is read while it is shown. */
const INBOX_POLL_MS = 1000;

const params = new URLSearchParams(location.search);

/** app is the page's whole state; it holds no password or code. */
const app = {
  OryLogin: null,
  client: null,
  config: null,
  offline: false,
  busy: false,
  shownStep: null,
  addressesKey: "",
  identifier: "",
  address: "",
  inboxTimer: 0,
  inboxKey: "",
};

/** readConfig returns the config that names an Ory, or null (then: offline). */
async function readConfig() {
  try {
    const r = await fetch("./orylogin.config.json", { cache: "no-store", credentials: "omit" });
    if (!r.ok) return null;
    const c = await r.json();
    return c && c.offline !== true && typeof c.baseURL === "string" && c.baseURL ? c : null;
  } catch {
    return null;
  }
}

/** render shows state: step, stepper, messages and the step's panel. */
function render(state) {
  if (!state) return;
  $("step").textContent = state.step;
  renderStepper(state.step, state.aal);
  renderMessages(state.messages);
  for (const [step, id] of Object.entries(PANELS)) $(id).hidden = step !== state.step;
  if (state.step === "choose_method") {
    const key = JSON.stringify(state.addresses || []);
    if (key !== app.addressesKey) {
      app.addressesKey = key;
      renderAddresses(state.addresses);
    }
  } else {
    app.addressesKey = "";
  }
  if (state.step === "code_sent") {
    const to = app.address || (state.addresses || [])[0];
    $("code-hint").textContent = to ? `Ory sent a code to ${to}.` : "";
  }
  if (state.step === "authenticated") {
    renderSession(state.session, state.aal);
    $("stepup").hidden = state.aal !== "aal1";
  }
  showInbox(state.step === "choose_method" || state.step === "code_sent");
  if (!app.busy && state.step !== app.shownStep) { // controls are disabled while busy: focus after
    app.shownStep = state.step;
    focusFirst(PANELS[state.step]);
  }
}

/** focusFirst moves focus to the first usable input or button of a panel. */
function focusFirst(id) {
  const panel = $(id);
  if (!panel || panel.hidden) return;
  const target = [...panel.querySelectorAll("input, button")].find((e) => !e.hidden && !e.disabled && !e.value)
    || panel.querySelector("input, button:not([hidden])");
  target?.focus();
}

/** setBusy disables every control while a call is in flight. */
function setBusy(busy) {
  app.busy = busy;
  $("app").setAttribute("aria-busy", String(busy));
  for (const c of document.querySelectorAll("main fieldset, main button")) c.disabled = busy;
}

/**
 * act runs one orylogin call: controls off, error box cleared, then the new
 * State, the error (if the call rejected) and the call's HTTP exchanges.
 * refocus names the input to focus when the step did not change (a wrong
 * password or code).
 */
async function act(call, refocus) {
  if (app.busy) return;
  const before = app.client.state?.step;
  setBusy(true);
  renderError(null);
  try {
    await call();
  } catch (err) {
    renderError(err);
  } finally {
    setBusy(false);
    render(app.client.state);
    renderExchanges(typeof app.client.exchanges === "function" ? app.client.exchanges() : []);
    refreshInbox();
    if (refocus && app.client.state?.step === before) $(refocus)?.focus();
  }
}

/** begin finds out whether a session exists and starts the right flow. */
async function begin() {
  const c = app.client;
  let session;
  try {
    session = await c.whoami();
  } catch (err) {
    if (err.code !== "aal2_required") throw err;
    await c.startStepUp(); // an AAL1 session that Ory wants a second factor for
    return;
  }
  if (!session) await c.startLogin();
}

/** inboxAddress is the address whose mails the dev inbox shows. */
function inboxAddress() {
  const s = app.client?.state;
  return app.address || s?.addresses?.[0] || s?.session?.identity?.traits?.email || app.identifier;
}

/** readInbox returns [mails newest first, note]. */
async function readInbox() {
  if (app.offline) {
    return [[...app.OryLogin.offline.inbox()].reverse(), "Mails that the Ory inside this page sent."];
  }
  const email = inboxAddress();
  if (!app.config?.devInbox) return [[], "This Ory sends real e-mail: look in your mailbox."];
  if (!email) return [[], "No address yet."];
  const url = `${app.config.devInbox}?email=${encodeURIComponent(email)}`;
  const r = await fetch(url, { cache: "no-store", credentials: "omit" });
  if (!r.ok) throw new Error(`dev inbox: HTTP ${r.status}`);
  return [await r.json(), `Mails that Kratos sent to ${email}, read by the dev server from Kratos's admin API.`];
}

/** refreshInbox redraws the inbox when it is shown and its content changed. */
async function refreshInbox() {
  if ($("inbox").hidden) return;
  let mails, note;
  try {
    [mails, note] = await readInbox();
  } catch (err) {
    [mails, note] = [[], `Could not read the inbox: ${err.message}`];
  }
  if ($("inbox").hidden) return; // the code step ended while the inbox was read: keep no code
  const key = JSON.stringify([mails, note]);
  if (key === app.inboxKey) return;
  app.inboxKey = key;
  renderInbox(mails, note, (code) => {
    $("code").value = code;
    $("code").focus();
  });
}

/** showInbox shows or hides the inbox and polls it while shown. */
function showInbox(show) {
  $("inbox").hidden = !show;
  if (show && !app.inboxTimer) {
    app.inboxTimer = setInterval(refreshInbox, INBOX_POLL_MS);
    refreshInbox();
  } else if (!show && app.inboxTimer) {
    clearInterval(app.inboxTimer);
    app.inboxTimer = 0;
    app.inboxKey = "";
    $("inbox-list").replaceChildren(); // no code stays in the page once the code step is over
  }
}

/** wire connects the forms and buttons to orylogin's calls. */
function wire() {
  const c = () => app.client;
  $("form-password").addEventListener("submit", (e) => {
    e.preventDefault();
    const identifier = $("identifier").value.trim();
    const password = $("password").value;
    $("password").value = ""; // the password does not stay in the page
    app.identifier = identifier;
    act(() => c().submitPassword({ identifier, password }), "password");
  });
  $("form-choose").addEventListener("submit", (e) => {
    e.preventDefault();
    const address = e.submitter?.value || c().state.addresses?.[0];
    app.address = address || "";
    act(() => c().sendCode({ address }));
  });
  $("form-code").addEventListener("submit", (e) => {
    e.preventDefault();
    const code = $("code").value.trim();
    $("code").value = "";
    act(() => c().submitCode({ code }), "code");
  });
  $("resend").addEventListener("click", () => act(() => c().resendCode(), "code"));
  $("stepup").addEventListener("click", () => act(() => c().startStepUp()));
  $("logout").addEventListener("click", () => {
    app.address = "";
    act(() => c().logout());
  });
  for (const id of ["restart", "start"]) $(id).addEventListener("click", () => act(() => c().startLogin()));
}

/** setupSwitch shows the offline switch; locked on where no config exists. */
function setupSwitch(locked) {
  const sw = $("offline-switch");
  sw.checked = app.offline;
  sw.disabled = locked;
  if (locked) sw.title = "No orylogin.config.json here: only the offline demo can run.";
  sw.addEventListener("change", () => {
    const url = new URL(location.href);
    if (sw.checked) url.searchParams.set("offline", "1");
    else url.searchParams.delete("offline");
    location.assign(url);
  });
  $("offline-banner").hidden = !app.offline;
}

/** boot loads the module, makes the client and starts the login. */
async function boot() {
  wire();
  const forced = params.get("offline") === "1";
  app.config = forced ? null : await readConfig();
  app.offline = forced || !app.config;
  setupSwitch(!forced && !app.config);

  app.OryLogin = await load({ offline: app.offline }); // the switch reloads the page, so one build per load
  const flow = ["browser", "api"].includes(params.get("flow")) ? params.get("flow") : app.config?.flow || "browser";
  app.client = app.offline
    ? app.OryLogin.newClient({ offline: true, flow })
    : app.OryLogin.newClient({ baseURL: app.config.baseURL, flow, timeoutMs: 15000 });
  $("target-note").textContent = app.offline
    ? `Ory: inside this page · ${flow} flow`
    : `Ory: ${app.config.baseURL} · ${flow} flow`;
  app.client.on("change", render);
  globalThis.oryloginPage = app;
  $("status").textContent = "Asking Ory for a session…";
  await act(begin);
  $("start").hidden = false;
  $("status").textContent = "";
  document.documentElement.dataset.ready = "true";
}

boot().catch((err) => {
  $("status").textContent = "The login could not start.";
  renderError(err);
  setBusy(false);
  document.documentElement.dataset.ready = "error";
});
