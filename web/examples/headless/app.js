// The headless example: orylogin's JS API with the page's own markup. Each
// form calls one client method; render() shows the State that comes back.
import { load } from "../../orylogin.js";

const $ = (id) => document.getElementById(id);
const VIEWS = { password: "password-form", choose_method: "address-form", code_sent: "code-form", authenticated: "done" };

// Where Ory is: your page passes its own baseURL. This example asks
// orylogin.config.json (written by the dev server; "offline" on a plain
// static server, where the Ory inside the module answers).
const config = await fetch(new URL("../../orylogin.config.json", import.meta.url))
  .then((r) => (r.ok ? r.json() : {}))
  .catch(() => ({}));
const offline = !(config.baseURL && !config.offline);
const OryLogin = await load({ offline }); // orylogin-offline.wasm holds the offline Ory
const client = OryLogin.newClient(
  offline ? { offline: true } : { baseURL: config.baseURL, flow: config.flow },
);
client.on("change", render);

/** render shows the step's form and Ory's messages, as text in the page's language (formatMessage). */
function render(state) {
  document.documentElement.dataset.step = state.step;
  for (const [step, id] of Object.entries(VIEWS)) $(id).hidden = step !== state.step;
  $("messages").replaceChildren(...state.messages.map((m) => {
    const li = document.createElement("li");
    li.className = m.type;
    li.textContent = OryLogin.formatMessage(m); // by id and context; Ory's own text for an id no catalogue has
    return li;
  }));
  if (state.step === "choose_method") {
    $("addresses").replaceChildren(...state.addresses.map((address) => {
      const b = document.createElement("button");
      b.type = "submit";
      b.name = "address";
      b.value = address;
      b.textContent = `Send a code to ${address}`;
      return b;
    }));
  }
  if (state.step === "authenticated") {
    $("welcome").textContent = `Signed in as ${state.session?.identity?.traits?.email ?? "you"} (${state.aal}).`;
  }
}

/** run calls one client method with the page marked busy, and shows a failure as a sentence for the person. */
async function run(fn) {
  $("app").setAttribute("aria-busy", "true");
  $("error").hidden = true;
  try {
    let state = await fn();
    // Ory may accept the password alone (aal1): go on to the second factor.
    if (state.step === "authenticated" && state.aal === "aal1") state = await client.startStepUp();
  } catch (e) {
    console.warn(e.message); // the developer text
    $("error").textContent = OryLogin.formatError(e);
    $("error").hidden = false;
  } finally {
    $("app").setAttribute("aria-busy", "false");
  }
}

$("password-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run(() => client.submitPassword({ identifier: $("identifier").value, password: $("password").value }));
});
$("address-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run(() => client.sendCode({ address: e.submitter.value }));
});
$("code-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run(() => client.submitCode({ code: $("code").value.trim() }));
});
$("resend").addEventListener("click", () => run(() => client.resendCode()));
$("logout").addEventListener("click", () => run(() => client.logout().then(() => client.startLogin())));

await run(() => client.startLogin());
document.documentElement.dataset.ready = "true";
