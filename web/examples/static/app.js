// The static example's app: load orylogin (which defines <ory-login>),
// tell the element where Ory is, and react to its events.
import { load } from "../../orylogin.js";

const login = document.querySelector("ory-login");
const status = document.getElementById("status");

login.addEventListener("orylogin:change", (e) => {
  document.documentElement.dataset.step = e.detail.step;
});
login.addEventListener("orylogin:authenticated", (e) => {
  const email = e.detail.session?.identity?.traits?.email ?? "you";
  status.textContent = `Welcome, ${email} (${e.detail.aal}).`;
});
login.addEventListener("orylogin:error", (e) => {
  // The element shows the person a sentence in their language; the
  // developer text ("orylogin: <code> …") is for the console, not the page.
  console.warn(e.detail.message);
  status.textContent = "Not signed in.";
});

// Where Ory is. Your page writes it into the markup instead:
//   <ory-login base-url="https://auth.example.com" aal="aal2"></ory-login>
// This example asks orylogin.config.json, which the dev server writes; on a
// plain static file server that file says "offline", and the element runs
// against the Ory inside the module (demo@example.com / ory-demo-password).
const config = await fetch(new URL("../../orylogin.config.json", import.meta.url))
  .then((r) => (r.ok ? r.json() : {}))
  .catch(() => ({}));
if (config.baseURL && !config.offline) {
  login.setAttribute("base-url", config.baseURL);
} else {
  login.setAttribute("offline", "");
}
if (config.flow) login.setAttribute("flow", config.flow);

try {
  await load();
  document.documentElement.dataset.ready = "true";
} catch (e) {
  status.textContent = `orylogin did not load: ${e.message}`;
  document.documentElement.dataset.ready = "false";
}
