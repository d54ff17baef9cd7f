package offline

import (
	"bytes"
	"encoding/json"
)

// field is one key of an obj.
type field struct {
	k string
	v any
}

// obj is a JSON object that keeps its keys in the order Kratos writes them
// (encoding/json sorts map keys; the order is not significant to clients,
// but keeping Kratos's makes bodies easy to compare by eye).
type obj []field

// MarshalJSON writes o's keys in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.k)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(f.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping (Kratos writes "&" and "<"
// as they are).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
