//go:build js && wasm

package widget

// css is the element's stylesheet, adopted by every shadow root as one
// constructed CSSStyleSheet: no <style> element and no style attribute, so
// a CSP of style-src 'self' holds. Pages restyle it through the custom
// properties (--orylogin-*) and the parts (::part(...)) that the README
// lists; both cross the shadow boundary, nothing else needs to.
const css = `
:host {
  display: block;
  max-width: var(--orylogin-max-width, 24rem);
  font: var(--orylogin-font, inherit);
  color: var(--orylogin-color, inherit);
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
.root {
  display: grid;
  gap: var(--orylogin-gap, 0.75rem);
  padding: var(--orylogin-padding, 0);
  background: var(--orylogin-background, transparent);
  border-radius: var(--orylogin-radius, 0.375rem);
}
.root[aria-busy="true"] { cursor: progress; }
h2 { margin: 0; font-size: 1.25em; }
h2:focus { outline: none; }
.body, .form, fieldset { display: grid; gap: var(--orylogin-gap, 0.75rem); }
fieldset { margin: 0; padding: 0; border: 0; min-width: 0; }
.field { display: grid; gap: 0.25rem; }
label { font-weight: 600; }
input {
  font: inherit;
  padding: 0.5em 0.625em;
  color: var(--orylogin-input-color, #111);
  background: var(--orylogin-input-background, #fff);
  border: 1px solid var(--orylogin-border, #8a8f98);
  border-radius: var(--orylogin-radius, 0.375rem);
}
input[aria-invalid="true"] { border-color: var(--orylogin-error, #b00020); }
button {
  font: inherit;
  padding: 0.5em 1em;
  cursor: pointer;
  color: var(--orylogin-accent-text, #fff);
  background: var(--orylogin-accent, #3451b2);
  border: 1px solid var(--orylogin-accent, #3451b2);
  border-radius: var(--orylogin-radius, 0.375rem);
}
button.secondary { color: var(--orylogin-accent, #3451b2); background: transparent; }
button:disabled, input:disabled { opacity: 0.6; cursor: progress; }
:focus-visible { outline: 2px solid var(--orylogin-focus, #1c6fd1); outline-offset: 2px; }
ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.25rem; }
.messages:empty, .field-messages:empty { display: none; }
.error, .message-error { color: var(--orylogin-error, #b00020); }
.message-success { color: var(--orylogin-success, #2b7a3d); }
.hint, .status { margin: 0; color: var(--orylogin-muted, inherit); }
.session { margin: 0; overflow-wrap: anywhere; }
.address { overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
`
