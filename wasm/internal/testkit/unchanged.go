package testkit

import (
	"reflect"
	"testing"
)

// Unchanged fails t (t.Fatalf) when after differs from before, deeply: a
// step that fails must leave the State exactly as it was (the machine works
// on a copy and keeps it only on success), and so must a call the bridge
// refuses. what names the step in the failure. It takes any value, so
// that the machine's own tests (which testkit cannot import) and the
// bridge's JSON of the JS state use it too.
func Unchanged[S any](t testing.TB, what string, before, after S) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("%s failed but changed the state:\nbefore %+v\nafter  %+v", what, before, after)
	}
}
