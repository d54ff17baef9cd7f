// Package jsonwire reads and writes JSON exactly as encoding/json does for
// the few shapes orylogin's wasm handles (Ory's answers, request bodies,
// the JS contract's values), without reflection, so that the module that
// every page downloads links no encoding/json: about 140 KB of brotli
// less, and Ory's answers read in one pass after one validating scan. Its
// tests hold every function to encoding/json, byte for byte, on table
// cases and fuzzed input.
package jsonwire
