// Package testkit is what the tests of several packages share, written
// once: the recorded Kratos transcripts, lazily started real Kratos servers,
// and the check that a failed step left the State exactly as it was. It is
// imported by tests only.
//
// # Transcripts
//
// Recorded real Kratos runs, with secrets scrubbed (wasm/transport/replay's
// Placeholder constants, the keys of wasm/internal/secret), live in one
// directory per Kratos release:
//
//	wasm/internal/testkit/testdata/<version>/<kind>-<scenario>.json
//
//	<version>   the release that answered, as `kratos version` prints it: v1.3.1, v26.2.0
//	<kind>      the flow kind: api or browser
//	<scenario>  what was run: happy (password, step-up, code, whoami, logout), …
//
// e.g. testdata/v1.3.1/api-happy.json. Transcript(t, "v1.3.1", "api-happy")
// loads one; TranscriptVersions lists the releases present and
// TranscriptNames the transcripts of one, so a replay test
// can run on each; TranscriptPath is where the recorder (wasm/offline's
// TestRecord, go test ./wasm/offline/ -run TestRecord -args -record) writes one for
// the Kratos it ran on.
//
// # Kratos
//
// LazyKratos (host only) describes one Kratos configuration; its Server
// starts it on first use, so tests that need no Kratos start none, and Main
// stops every started server when the package's tests end. Which binary
// runs is kratoslocal's choice: $KRATOS_BIN, or v1.3.1 from the module proxy.
//
// # A failed step changes nothing
//
// Unchanged fails a test when a State (or any value) differs from the one
// taken before a failed step.
package testkit
