// view.js — the demo page's rendering helpers. Everything Ory or a person
// typed goes into the page as text (textContent), never as HTML.

/** $ returns the element with the given id. */
export const $ = (id) => document.getElementById(id);

/** el makes an element with a class and text content. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** STEPS lists the steps the stepper shows, in order. */
export const STEPS = ["password", "choose_method", "code_sent", "authenticated"];

/**
 * renderStepper marks the current step and the ones already done; signed in
 * at aal1, only the password is done (the code steps are still ahead).
 */
export function renderStepper(step, aal) {
  const at = STEPS.indexOf(step);
  for (const li of $("stepper").children) {
    const i = STEPS.indexOf(li.dataset.step);
    const skipped = step === "authenticated" && aal === "aal1" && i > 0 && i < at;
    li.classList.toggle("done", at >= 0 && i < at && !skipped);
    li.classList.toggle("current", i === at);
    if (i === at) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
}

/**
 * renderMessages shows Ory's messages: the text first, for the person, then
 * the field it is about and Ory's message id, small, for developers.
 */
export function renderMessages(messages) {
  const list = $("messages");
  list.replaceChildren();
  for (const m of messages || []) {
    const li = el("li", `msg msg-${m.type || "info"}`);
    li.dataset.id = String(m.id);
    li.append(el("span", "msg-text", m.text));
    const meta = el("span", "msg-meta");
    if (m.field) meta.append(el("span", "msg-field", `(${m.field})`), " ");
    meta.append(el("code", "msg-id", m.id));
    li.append(" ", meta);
    list.append(li);
  }
}

/**
 * ERROR_TEXTS are the sentences people see for each OryLoginError code; the
 * developer text (error.message, "orylogin: <code>: …") goes to the
 * inspector instead, never into the login.
 */
export const ERROR_TEXTS = {
  invalid_argument: "That entry can't be used. Please check it and try again.",
  invalid_transition: "That isn't possible right now. Reload the page to start over.",
  busy: "Still working on your last request. Please wait a moment.",
  network: "We couldn't reach the sign-in service. Check your connection and try again.",
  cors_refused: "This page isn't allowed to talk to the sign-in service. The site's owner needs to change its settings.",
  timeout: "The sign-in service took too long to answer. Please try again.",
  server: "The sign-in service had a problem on its side. Please try again in a moment.",
  bad_response: "The sign-in service sent an answer we couldn't read. Please try again.",
  rate_limited: "Too many attempts. Please wait a moment and try again.",
  api_flow_in_browser: "This way of signing in doesn't work in a browser. The site's owner needs to change its settings.",
  aal2_required: "Please confirm it's you with a second factor first.",
  flow_expired: "This sign-in took too long and has expired. Please start again.",
  csrf_violation: "The sign-in was blocked as a security precaution: this page and the sign-in service are not on one site.",
  internal: "Something went wrong on this page. Please reload it and try again.",
};

/** errorText is the sentence a person sees for err. */
export function errorText(err) {
  if (err?.code === "rate_limited" && err.retryAfter > 0) {
    return `Too many attempts. Please wait ${err.retryAfter} seconds and try again.`;
  }
  return ERROR_TEXTS[err?.code] || ERROR_TEXTS.internal;
}

/**
 * renderError shows a rejected call's error as a sentence for the person
 * (its code in data-code), and the developer text in the inspector; null
 * hides both.
 */
export function renderError(err) {
  const box = $("error");
  const dev = $("dev-error");
  if (!err) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.code;
    dev.hidden = true;
    dev.replaceChildren();
    return;
  }
  const code = err.code || "internal";
  box.dataset.code = code;
  box.replaceChildren(el("span", "err-text", errorText(err)));
  box.hidden = false;
  dev.replaceChildren(el("strong", "", "Last error: "), el("code", "err-code", code), " ", el("span", "", err.message || String(err)));
  dev.hidden = false;
}

/** localTime writes an ISO 8601 time in the person's own time zone and format. */
export function localTime(iso, withDate = true) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return withDate
    ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : d.toLocaleTimeString(undefined, { timeStyle: "medium" });
}

/** AAL_TEXTS say what an assurance level means to the person. */
const AAL_TEXTS = { aal1: "password only (aal1)", aal2: "password and one-time code (aal2)" };

/** renderSession fills the signed-in summary; times in the person's time zone. */
export function renderSession(session, aal) {
  const dl = $("session");
  dl.replaceChildren();
  const row = (k, v) => dl.append(el("dt", "", k), el("dd", "", v));
  if (!session) {
    row("Session", "none known");
    return;
  }
  const email = session.identity?.traits?.email;
  if (email) {
    const dd = el("dd");
    dd.append(el("span", "addr", email));
    dl.append(el("dt", "", "Signed in as"), dd);
  } else row("Signed in as", session.identity ? session.identity.id : "(Ory shows who after the second factor)");
  const level = session.aal || aal;
  row("Security", AAL_TEXTS[level] || level || "?");
  row("Methods", (session.methods || []).join(", ") || "—");
  if (session.authenticatedAt) row("Since", localTime(session.authenticatedAt));
  if (session.expiresAt) row("Until", localTime(session.expiresAt));
}

/** renderAddresses makes one submit button per address a code can go to. */
export function renderAddresses(addresses) {
  const box = $("addresses");
  box.replaceChildren();
  for (const a of addresses || []) {
    const b = el("button", "address");
    b.append("Send code to ", el("span", "addr", a));
    b.type = "submit";
    b.name = "address";
    b.value = a;
    box.append(b);
  }
}

/** renderInbox lists mails newest first; onUse(code) fills the code input. */
export function renderInbox(mails, note, onUse) {
  $("inbox-note").textContent = note;
  const list = $("inbox-list");
  list.replaceChildren();
  if (!mails.length) {
    list.append(el("li", "empty", "No mail yet."));
    return;
  }
  mails.forEach((m, i) => {
    const li = el("li", i === 0 ? "mail newest" : "mail");
    li.append(el("div", "mail-subject", m.subject || "(no subject)"));
    li.append(el("div", "mail-meta", `to ${m.to}${m.createdAt ? ` · ${localTime(m.createdAt, false)}` : ""}`));
    if (m.code) {
      const row = el("div", "mail-code");
      row.append("Code: ", el("code", "inbox-code", m.code));
      if (i === 0) {
        const use = el("button", "use-code", "Use this code");
        use.type = "button";
        use.addEventListener("click", () => onUse(m.code));
        row.append(" ", use);
      }
      li.append(row);
    } else {
      li.append(el("pre", "mail-body", m.body));
    }
    list.append(li);
  });
}

/** pretty re-indents a JSON text; anything else comes back as it was. */
function pretty(text) {
  if (!text) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** hasError says whether a flow body carries an error message (form-wide or on a node). */
function hasError(body) {
  const ui = body?.ui;
  if (!ui) return false;
  const isErr = (m) => m?.type === "error";
  return (ui.messages || []).some(isErr) || (ui.nodes || []).some((n) => (n.messages || []).some(isErr));
}

/**
 * classifyExchange says what an answer meant in Ory's protocol, not by its
 * status alone: {kind: "ok" | "info" | "fail", label}. A 400 flow in state
 * sent_email with no error is a code sent (success); a 422
 * browser_location_change_required points to the next flow, a 401 from
 * whoami says there is no session and a 403 session_aal2_required asks for
 * the second factor (all steps of the protocol, not failures); a 400 flow
 * with an error message is Ory refusing the input.
 */
export function classifyExchange(x) {
  if (!x.status) return { kind: "fail", label: "no answer" };
  let body = null;
  try {
    body = JSON.parse(x.responseBody);
  } catch {
    // not JSON (or none): judged by status
  }
  const id = body?.error?.id;
  if (x.status >= 200 && x.status < 300) return { kind: "ok", label: "OK" };
  if (x.status >= 300 && x.status < 400) return { kind: "info", label: "redirect" };
  if (id === "browser_location_change_required") return { kind: "info", label: "go on to the next flow" };
  if (id === "session_aal2_required" || id === "session_aal1_required") return { kind: "info", label: "another factor needed" };
  if (id === "session_already_available") return { kind: "info", label: "already signed in" };
  if (x.status === 401 && /\/sessions\/whoami/.test(x.url)) return { kind: "info", label: "no session" };
  if (x.status === 410 || id === "self_service_flow_expired") return { kind: "info", label: "flow expired" };
  if (body?.state === "sent_email" && !hasError(body)) return { kind: "ok", label: "code sent" };
  if (x.status === 400 && body?.ui) return { kind: "fail", label: "input refused" };
  return { kind: "fail", label: "failed" };
}

/** renderExchanges lists the last step's HTTP exchanges with their curl commands. */
export function renderExchanges(exchanges) {
  const list = $("exchanges");
  list.replaceChildren();
  if (!exchanges || !exchanges.length) {
    list.append(el("li", "empty", "No HTTP exchange in the last step."));
    return;
  }
  for (const x of exchanges) {
    const li = el("li", "exchange");
    const head = el("p", "exchange-head");
    const meaning = classifyExchange(x);
    li.classList.add(`ex-${meaning.kind}`);
    li.dataset.kind = meaning.kind;
    head.append(
      el("strong", `status status-${meaning.kind}`, x.status || "—"), " ",
      el("span", "meaning", meaning.label), " ",
      el("code", "method", x.method), " ", el("code", "url", x.url),
      el("span", "duration", ` ${Math.round(x.durationMs ?? 0)} ms`),
    );
    li.append(head, el("pre", "curl", x.curl || ""));
    const details = el("details", "exchange-details");
    details.append(el("summary", "", "Headers and bodies"));
    const headers = Object.entries(x.requestHeaders || {}).map(([k, v]) => `${k}: ${v}`).join("\n");
    details.append(el("h3", "", "Request headers"), el("pre", "", headers || "—"));
    details.append(el("h3", "", "Request body"), el("pre", "", pretty(x.requestBody) || "—"));
    details.append(el("h3", "", "Response body"), el("pre", "", pretty(x.responseBody) || "—"));
    li.append(details);
    list.append(li);
  }
}
