package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// openapiJSON is the OpenAPI 3.1 document of the built-in endpoints. The
// tests check every answer of the API against it.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the server's OpenAPI document: the built-in endpoints
// and those of its mounts.
func (s *Server) OpenAPI() []byte { return s.openapi.json }

// ParseOpenAPIFragment reads an OpenAPI fragment, a JSON object with
// "paths" and "components", for Mount.OpenAPIPaths and
// Mount.OpenAPIComponents.
func ParseOpenAPIFragment(b []byte) (paths, components map[string]any, err error) {
	var f struct {
		Paths      map[string]any `json:"paths"`
		Components map[string]any `json:"components"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, nil, fmt.Errorf("server: OpenAPI fragment: %w", err)
	}
	return f.Paths, f.Components, nil
}

func (s *Server) buildOpenAPI() (*body, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		return nil, fmt.Errorf("server: openapi.json: %w", err)
	}
	doc["info"].(map[string]any)["version"] = s.opts.Version
	paths := doc["paths"].(map[string]any)
	comps := doc["components"].(map[string]any)
	for _, m := range s.opts.Extra {
		// Components whose names are taken get the mount's name as a
		// prefix, and the mount's references are rewritten to match.
		renames := map[string]string{}
		for _, sec := range slices.Sorted(maps.Keys(m.OpenAPIComponents)) {
			items, ok := m.OpenAPIComponents[sec].(map[string]any)
			if !ok {
				return nil, fmt.Errorf("server: mount %s: components.%s is not an object", m.Name, sec)
			}
			have, _ := comps[sec].(map[string]any)
			if have == nil {
				have = map[string]any{}
				comps[sec] = have
			}
			for _, n := range slices.Sorted(maps.Keys(items)) {
				if _, taken := have[n]; taken {
					nn := m.Name + "." + n
					if _, taken := have[nn]; taken || m.Name == "" {
						return nil, fmt.Errorf("server: mount %s: OpenAPI component %s.%s is already defined", m.Name, sec, n)
					}
					renames["#/components/"+sec+"/"+n] = "#/components/" + sec + "/" + nn
				}
			}
		}
		fix := func(v any) any { return rewriteRefs(v, renames) }
		for _, sec := range slices.Sorted(maps.Keys(m.OpenAPIComponents)) {
			have := comps[sec].(map[string]any)
			for n, v := range m.OpenAPIComponents[sec].(map[string]any) {
				name := n
				if r, ok := renames["#/components/"+sec+"/"+n]; ok {
					name = strings.TrimPrefix(r, "#/components/"+sec+"/")
				}
				have[name] = fix(v)
			}
		}
		for _, p := range slices.Sorted(maps.Keys(m.OpenAPIPaths)) {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("server: mount %s: OpenAPI path %s is already documented", m.Name, p)
			}
			paths[p] = fix(m.OpenAPIPaths[p])
		}
	}
	return newBody(doc)
}

// rewriteRefs returns v with the "$ref" values in renames replaced.
func rewriteRefs(v any, renames map[string]string) any {
	if len(renames) == 0 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				if r, ok := renames[s]; ok {
					e = r
				}
			}
			out[k] = rewriteRefs(e, renames)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = rewriteRefs(e, renames)
		}
		return out
	}
	return v
}
