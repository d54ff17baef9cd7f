// form-attrs.js — bench/form.html's element gets its attributes from the
// page's query (?base-url=…&flow=…), as a page writes them into its markup:
// this classic script runs while the parser is right after the element,
// before any module script.
for (const [name, value] of new URLSearchParams(location.search)) {
  if (name === "base-url" || name === "flow") document.querySelector("ory-login").setAttribute(name, value);
}
