package api

import "encoding/json"

// WithHorizon puts "horizon": horizon first in the JSON object b (an
// answer as Marshal writes it): every answer object of the HTTP API and of
// the command line's --json carries the registry's horizon. Other JSON,
// or an empty horizon, is returned as it is.
func WithHorizon(b []byte, horizon string) []byte {
	if horizon == "" || len(b) < 2 || b[0] != '{' {
		return b
	}
	h, _ := json.Marshal(horizon)
	out := make([]byte, 0, len(b)+len(h)+12)
	out = append(out, `{"horizon":`...)
	out = append(out, h...)
	if b[1] != '}' {
		out = append(out, ',')
	}
	return append(out, b[1:]...)
}
