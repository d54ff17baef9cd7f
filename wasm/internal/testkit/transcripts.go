package testkit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// V131 is the Kratos release of the transcripts every replay test has: the
// one the module proxy serves.
const V131 = "v1.3.1"

// transcriptDir is the transcripts' directory inside the module.
const transcriptDir = "wasm/internal/testkit/testdata"

// TranscriptDir returns the absolute directory holding one directory of
// transcripts per Kratos release. It is found from the working directory
// (go test runs in the package's directory, on the host and under Node
// alike) by walking up to the module's go.mod.
func TranscriptDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("testkit: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(transcriptDir)), nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("testkit: no go.mod above the working directory")
		}
		dir = up
	}
}

// TranscriptPath returns the path of transcript name ("api-happy") recorded
// on Kratos version ("v1.3.1"); the file need not exist yet.
func TranscriptPath(version, name string) (string, error) {
	if !strings.HasPrefix(version, "v") || strings.ContainsAny(version, `/\`) || name == "" || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("testkit: transcript %q of %q: want a name like api-happy and a version like v1.3.1", name, version)
	}
	dir, err := TranscriptDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, version, name+".json"), nil
}

// Transcript loads transcript name ("api-happy", "browser-happy") recorded
// on Kratos version, or fails t.
func Transcript(t testing.TB, version, name string) []replay.Exchange {
	t.Helper()
	path, err := TranscriptPath(version, name)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := replay.Load(path)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	if len(xs) == 0 {
		t.Fatalf("testkit: transcript %s holds no exchange", path)
	}
	return xs
}

// TranscriptVersions returns the Kratos releases that have transcripts,
// sorted by name ("v1.3.1", "v26.2.0"), or fails t when there is none.
func TranscriptVersions(t testing.TB) []string {
	t.Helper()
	dir, err := TranscriptDir()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "v") {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatalf("testkit: no transcripts under %s", dir)
	}
	slices.Sort(out)
	return out
}

// TranscriptNames returns the names of release version's transcripts
// ("api-happy", "browser-resend", …), sorted, or fails t when there is
// none, so that a test can draw on every recorded scenario.
func TranscriptNames(t testing.TB, version string) []string {
	t.Helper()
	path, err := TranscriptPath(version, "x")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		t.Fatalf("testkit: no transcripts of %s", version)
	}
	return out
}
