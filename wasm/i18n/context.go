package i18n

// secretContextKeys are keys of Ory's message contexts that hold a secret
// or what the person typed: the TOTP secret (1050006), the backup codes
// (1050015), the value of a field that failed validation (4000041,
// 4000042). Their messages belong to the settings flow or name a field
// the person sees already, and no catalogue needs them.
var secretContextKeys = map[string]bool{"secret": true, "secrets": true, "value": true}

// PublicContext returns a copy of Ory's message context that is safe to
// keep in the State, show and log: without the secretContextKeys and
// without nested objects, keeping strings, numbers, booleans and lists of
// them. ory.toMessages is meant to call it; nil for an empty result.
func PublicContext(ctx map[string]any) map[string]any {
	var out map[string]any
	for k, v := range ctx {
		if secretContextKeys[k] {
			continue
		}
		if v, ok := scalarOrList(v); ok {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}

// scalarOrList returns v when it is a string, number or boolean, a copy
// of it when it is a list of those; ok is false for anything else.
func scalarOrList(v any) (any, bool) {
	switch x := v.(type) {
	case string, float64, float32, int, int64, int32, bool:
		return x, true
	case []string:
		return append([]string(nil), x...), true
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			switch e.(type) {
			case string, float64, float32, int, int64, int32, bool:
				out = append(out, e)
			default:
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}
