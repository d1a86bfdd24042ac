package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// Client is a change.Backend talking to a server's /v1 API.
type Client struct {
	URL   string // e.g. http://127.0.0.1:8080
	Token string
	HTTP  *http.Client
}

// GetJSON reads a GET answer of the server at path into out.
func (c Client) GetJSON(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodGet, path, nil, out)
}

func (c Client) do(ctx context.Context, method, path string, in, out any) error {
	return c.doHeader(ctx, method, path, nil, in, out)
}

func (c Client) doHeader(ctx context.Context, method, path string, header http.Header, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.URL, "/")+path, body)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var p Problem
		if json.Unmarshal(b, &p) != nil || p.Status == 0 {
			return fmt.Errorf("%s %s: %s", method, path, resp.Status)
		}
		kind := change.ErrorKind(ProblemSlug(p.Type))
		return &change.Error{Kind: kind, Msg: p.Detail, Violations: p.Violations}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
		}
	}
	return nil
}

func idPath(id int64, action string) string {
	p := fmt.Sprintf("/v1/changes/%d", id)
	if action != "" {
		p += "/" + action
	}
	return p
}

// Draft implements change.Backend.
func (c Client) Draft(ctx context.Context, cs *changeset.ChangeSet) (*change.Change, error) {
	var out change.Change
	return &out, c.do(ctx, http.MethodPost, "/v1/changes", cs, &out)
}

// Get implements change.Backend.
func (c Client) Get(ctx context.Context, id int64) (*change.Change, error) {
	var out change.Change
	return &out, c.do(ctx, http.MethodGet, idPath(id, ""), nil, &out)
}

// Update implements change.Backend.
func (c Client) Update(ctx context.Context, id, revision int64, cs *changeset.ChangeSet) (*change.Change, error) {
	var out change.Change
	h := http.Header{}
	if revision != 0 {
		h.Set("If-Match", fmt.Sprintf(`"%d"`, revision))
	}
	return &out, c.doHeader(ctx, http.MethodPut, idPath(id, ""), h, cs, &out)
}

// List implements change.Backend.
func (c Client) List(ctx context.Context, state string) ([]change.Change, error) {
	var out []change.Change
	return out, c.do(ctx, http.MethodGet, "/v1/changes?state="+url.QueryEscape(state), nil, &out)
}

// Validate implements change.Backend.
func (c Client) Validate(ctx context.Context, id int64) (*changeset.Report, error) {
	var out changeset.Report
	return &out, c.do(ctx, http.MethodPost, idPath(id, "validate"), nil, &out)
}

// ValidateSet implements change.Backend.
func (c Client) ValidateSet(ctx context.Context, cs *changeset.ChangeSet) (*changeset.Report, error) {
	var out changeset.Report
	return &out, c.do(ctx, http.MethodPost, "/v1/changes/validate", cs, &out)
}

func (c Client) act(ctx context.Context, id int64, action string, in any) (*change.Change, error) {
	var out change.Change
	return &out, c.do(ctx, http.MethodPost, idPath(id, action), in, &out)
}

// Submit implements change.Backend.
func (c Client) Submit(ctx context.Context, id int64) (*change.Change, error) {
	return c.act(ctx, id, "submit", nil)
}

// Approve implements change.Backend.
func (c Client) Approve(ctx context.Context, id int64) (*change.Change, error) {
	return c.act(ctx, id, "approve", nil)
}

// Reject implements change.Backend.
func (c Client) Reject(ctx context.Context, id int64, reason string) (*change.Change, error) {
	return c.act(ctx, id, "reject", map[string]string{"reason": reason})
}

// Withdraw implements change.Backend.
func (c Client) Withdraw(ctx context.Context, id int64) (*change.Change, error) {
	return c.act(ctx, id, "withdraw", nil)
}

// Apply implements change.Backend.
func (c Client) Apply(ctx context.Context, ids ...int64) (*change.Release, error) {
	var out change.Release
	return &out, c.do(ctx, http.MethodPost, "/v1/releases", map[string][]int64{"changes": ids}, &out)
}

// Releases implements change.Backend.
func (c Client) Releases(ctx context.Context) ([]change.Release, error) {
	var out []change.Release
	return out, c.do(ctx, http.MethodGet, "/v1/releases", nil, &out)
}

// Export implements change.Backend.
func (c Client) Export(ctx context.Context, version string) (*change.Export, error) {
	var out change.Export
	return &out, c.do(ctx, http.MethodGet, "/v1/releases/"+url.PathEscape(version), nil, &out)
}

// IssueToken implements change.Backend.
func (c Client) IssueToken(ctx context.Context, spec change.TokenSpec) (*change.Token, string, error) {
	in := map[string]string{"user": spec.User, "role": string(spec.Role)}
	if !spec.Expires.IsZero() {
		in["expires"] = spec.Expires.UTC().Format(time.RFC3339)
	}
	var out struct {
		change.Token
		Secret string `json:"token"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/tokens", in, &out); err != nil {
		return nil, "", err
	}
	return &out.Token, out.Secret, nil
}

// Tokens implements change.Backend.
func (c Client) Tokens(ctx context.Context) ([]change.Token, error) {
	var out []change.Token
	return out, c.do(ctx, http.MethodGet, "/v1/tokens", nil, &out)
}

// RevokeToken implements change.Backend.
func (c Client) RevokeToken(ctx context.Context, id int64) (*change.Token, error) {
	var out change.Token
	if err := c.do(ctx, http.MethodDelete, fmt.Sprintf("/v1/tokens/%d", id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VerifyAudit implements change.Backend.
func (c Client) VerifyAudit(ctx context.Context) (*store.AuditReport, error) {
	var out store.AuditReport
	if err := c.do(ctx, http.MethodGet, "/v1/audit/verify", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
