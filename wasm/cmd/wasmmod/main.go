//go:build !js

// Command wasmmod writes the go.mod that every js/wasm build, vet and test
// of orylogin reads through -modfile, and prints its path:
//
//	GOOS=js GOARCH=wasm go build -modfile="$(go run ./wasm/cmd/wasmmod)" ./wasm/cmd/orylogin
//
// It is the repository's go.mod plus a replace of github.com/ory/client-go
// by a copy of that module without its files that import net/http
// (client.go, configuration.go, response.go, api_*.go): their package
// initialisers would keep crypto/tls, crypto/ecdh, x509, http2, mime and
// regexp in orylogin.wasm although the wasm never calls them (bytes go
// through wasm/transport/fetch). Measured: orylogin.wasm 7.50 -> 5.49 MB
// raw, 1.49 -> 1.06 MB brotli. The models it keeps lose the functions that
// use encoding/json or fmt (their MarshalJSON and UnmarshalJSON, which the
// wasm never calls): the initialisers of those two packages and of the os
// that fmt imports kept 79 KB more (3.97 -> 3.89 MB raw, 805 -> 790 KB
// brotli). Host builds and tests use client-go as it is.
//
// Because vet and the js/wasm tests read the same modfile as the build,
// the dependency graph that ships is the one tested. The copy is made once
// per go.mod, go.sum and client-go version, under a file lock, so parallel
// callers share it.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", ".cache/wasm", "the folder, relative to the module root, for the copy and the go.mod")
	flag.Parse()
	path, err := Write(".", *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmmod:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}
