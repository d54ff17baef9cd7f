//go:build js && wasm

// Package fetch is orylogin's transport.Transport for js/wasm: it calls
// globalThis.fetch itself, in browsers and in Node.js alike, so that the
// wasm never links net/http's client (whose js/wasm RoundTrip also turns
// fetch off under Node).
//
// Every request is sent with redirect "manual", mode "cors", cache
// "no-store", the request's credentials mode and an AbortController tied to
// the request's context. JS values are reached through
// github.com/hack-pad/safejs, so a misbehaving JS environment is an error,
// never a panic.
package fetch
