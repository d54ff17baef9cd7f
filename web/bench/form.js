// form.js — bench/form.html's module: what a page that uses the JS API and
// <ory-login> does (import the loader, await load(), which defines the
// element). window.benchForm (form-probe.js) gets when load() resolved.
import { load } from "../orylogin.js";

try {
  await load();
  window.benchForm.loadMs = performance.now();
} catch (e) {
  window.benchForm.error = String(e?.message ?? e);
}
