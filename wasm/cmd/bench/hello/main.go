//go:build js && wasm

// Command hello is the Go floor under ./build.sh bench's time to ready: a
// Go program that does nothing but tell its page that it runs. The bench
// builds it like orylogin.wasm and loads it the way orylogin.js does.
package main

import "syscall/js"

func main() {
	js.Global().Call("benchHelloReady")
	select {}
}
