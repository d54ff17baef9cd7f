//go:build js && wasm

// Package fetch is orylogin's transport.Transport for js/wasm: it has
// globalThis.fetch called, in browsers and in Node.js alike, so that the
// wasm never links net/http's client (whose js/wasm RoundTrip also turns
// fetch off under Node).
//
// Each request is one call of the loader's request helper (request in
// web/orylogin.js): Go hands it the method, URL, request headers, body and
// credentials mode in one call, and is woken once, when the helper reports
// the status, the few response headers orylogin reads
// (transport.ResponseHeaders) and the body. Building fetch's init and the
// AbortController, awaiting the headers and then the body all happen in
// JavaScript, where they cross nothing. Requests go out with redirect
// "manual", mode "cors", cache "no-store" and the request's credentials
// mode; ending the context (whose deadline is the timeout) aborts them. JS
// values are reached through wasm/internal/jsx, so a misbehaving
// JS environment is an error, never a panic.
package fetch
