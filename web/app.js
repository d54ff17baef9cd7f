// app.js — orylogin's demo page: a login first, and beside it (collapsed on
// narrow screens) a protocol inspector for developers. It is thin on
// purpose: every form calls one orylogin function, and the page shows the
// State that comes back, Ory's messages, and the HTTP exchanges of the last
// step. It reads
// ./orylogin.config.json to find Ory ({baseURL, flow, devInbox?}; the dev
// server writes it); where that file is absent or says {"offline": true}
// (as the one in dist/ does), or with ?offline=1, it runs against the Ory
// inside the wasm module.
import { load } from "./orylogin.js";
import {
  $, el, renderAddresses, renderError, renderExchanges, renderInbox, renderMessages, renderSession, renderStepper,
} from "./view.js";

/** TITLES are the login card's heading for each step. */
const TITLES = {
  idle: "Sign in",
  password: "Sign in",
  choose_method: "Confirm it's you",
  code_sent: "Enter your code",
  authenticated: "You're signed in",
  signed_out: "Signed out",
};

/** WIDE is the media query above which the inspector shows beside the login. */
const WIDE = "(min-width: 62rem)";

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
  /**
   * choosing is true while the person went "back to the choice of method"
   * from the code step: the page shows the choice again from the current
   * flow (sendCode is allowed in code_sent), since on Kratos v26 every new
   * aal2 flow mails a code.
   */
  choosing: false,
  /**
   * stale is true once the shown messages belong to an earlier attempt: the
   * browser blocked a submit, or a call rejected before Ory answered it. The
   * next State from a "change" shows messages again.
   */
  stale: false,
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

/** viewOf is the step the login shows: the state's, or the choice while going back. */
function viewOf(state) {
  return app.choosing && state.step === "code_sent" ? "choose_method" : state.step;
}

/** render shows state: title, stepper, messages, the step's panel, and the inspector's state. */
function render(state) {
  if (!state) return;
  if (state.step !== "code_sent") app.choosing = false;
  const view = viewOf(state);
  $("step").textContent = state.step;
  $("dev-flow").textContent = `${state.flowKind}${state.flowId ? ` ${state.flowId}` : ""}${state.requestedAAL ? ` (${state.requestedAAL})` : ""}`;
  $("dev-aal").textContent = state.aal || "none";
  $("title").textContent = TITLES[view] || TITLES.idle;
  renderStepper(view, state.aal);
  renderMessages(app.stale || view !== state.step ? [] : state.messages); // the code step's messages are not the choice's
  for (const [step, id] of Object.entries(PANELS)) $(id).hidden = step !== view;
  $("keep-code").hidden = view !== "choose_method" || state.step !== "code_sent";
  $("back").hidden = !(state.addresses || []).length;
  if (view === "choose_method") {
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
    const where = app.offline || app.config?.devInbox
      ? ($("inspector").open ? " This demo's dev inbox shows it." : " This demo's dev inbox, in the protocol inspector below, shows it.")
      : "";
    const hint = $("code-hint");
    if (to) hint.replaceChildren("We sent a code to ", el("span", "addr", to), `.${where}`);
    else hint.replaceChildren(`We sent you a code.${where}`);
  }
  if (state.step === "authenticated") {
    renderSession(state.session, state.aal);
    $("stepup").hidden = state.aal !== "aal1";
  }
  showInbox(state.step === "choose_method" || state.step === "code_sent");
  if (!app.busy && view !== app.shownStep) { // controls are disabled while busy: focus after
    app.shownStep = view;
    focusFirst(PANELS[view]);
  }
}

/** rerender draws the latest state again (after a page-only change of view). */
function rerender() {
  render(app.client.state);
}

/** focusFirst moves focus to the first usable empty input or button of a panel. */
function focusFirst(id) {
  const panel = $(id);
  if (!panel || panel.hidden) return;
  const target = [...panel.querySelectorAll("input, button")]
    .find((e) => !e.hidden && !e.disabled && !(e.tagName === "INPUT" && e.value))
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
    app.stale = true;
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

/**
 * anotherAccount goes back to a fresh login: it ends the session first when
 * there is one (the second factor's flows belong to it), then starts a new
 * aal1 login.
 */
async function anotherAccount() {
  const c = app.client;
  app.identifier = "";
  app.address = "";
  app.choosing = false;
  $("identifier").value = "";
  $("code").value = "";
  if (c.state.aal || c.state.session) await c.logout();
  await c.startLogin();
}

/**
 * clearStale removes the last answer's messages and error when the browser
 * blocks a submit (an empty or invalid field): they were about the previous
 * attempt, not this one.
 */
function clearStale() {
  app.stale = true;
  renderMessages([]);
  renderError(null);
}

/** setupInspector opens the inspector beside the login on wide screens and collapses it on narrow ones. */
function setupInspector() {
  const wide = matchMedia(WIDE);
  const apply = () => { $("inspector").open = wide.matches; };
  apply();
  wide.addEventListener("change", apply);
}

/** wire connects the forms and buttons to orylogin's calls. */
function wire() {
  const c = () => app.client;
  for (const form of document.querySelectorAll("main form")) form.addEventListener("invalid", clearStale, true);
  for (const b of document.querySelectorAll(".other-account")) b.addEventListener("click", () => act(anotherAccount));
  $("back").addEventListener("click", () => {
    app.choosing = true;
    app.addressesKey = "";
    renderError(null);
    rerender();
  });
  $("keep-code").addEventListener("click", () => {
    app.choosing = false;
    rerender();
  });
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
    act(async () => {
      await c().sendCode({ address });
      app.choosing = false;
    });
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
  setupInspector();
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
  app.client.on("change", (state) => {
    app.stale = false;
    render(state);
  });
  globalThis.oryloginPage = app;
  $("status").textContent = "Checking for a session…";
  await act(begin);
  $("start").hidden = false;
  $("status").textContent = "";
  document.documentElement.dataset.ready = "true";
}

boot().catch((err) => {
  $("status").textContent = "The sign-in could not start.";
  renderError(err);
  setBusy(false);
  document.documentElement.dataset.ready = "error";
});
