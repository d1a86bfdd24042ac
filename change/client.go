package change

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

	"github.com/quhua/quhua/store"

	"github.com/quhua/quhua/internal/problem"
)

// Backend is the workflow as a caller sees it, on a local store (Local) or
// through a server (Client).
type Backend interface {
	Draft(ctx context.Context, cs *ChangeSet) (*Change, error)
	Get(ctx context.Context, id int64) (*Change, error)
	Update(ctx context.Context, id, revision int64, cs *ChangeSet) (*Change, error)
	List(ctx context.Context, state string) ([]Change, error)
	Validate(ctx context.Context, id int64) (*Report, error)
	ValidateSet(ctx context.Context, cs *ChangeSet) (*Report, error)
	Submit(ctx context.Context, id int64) (*Change, error)
	Approve(ctx context.Context, id int64) (*Change, error)
	Reject(ctx context.Context, id int64, reason string) (*Change, error)
	Withdraw(ctx context.Context, id int64) (*Change, error)
	Apply(ctx context.Context, ids ...int64) (*Release, error)
	Releases(ctx context.Context) ([]Release, error)
	Export(ctx context.Context, version string) (*Export, error)
	IssueToken(ctx context.Context, spec TokenSpec) (*Token, string, error)
	Tokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, id int64) (*Token, error)
	VerifyAudit(ctx context.Context) (*store.AuditReport, error)
}

// Local is a Backend on a Service, acting as one principal.
type Local struct {
	Svc *Service
	As  Principal
}

// Draft implements Backend.
func (l Local) Draft(ctx context.Context, cs *ChangeSet) (*Change, error) {
	return l.Svc.Draft(ctx, l.As, cs)
}

// Update implements Backend.
func (l Local) Update(ctx context.Context, id, revision int64, cs *ChangeSet) (*Change, error) {
	return l.Svc.Update(ctx, l.As, id, revision, cs)
}

// Get implements Backend.
func (l Local) Get(ctx context.Context, id int64) (*Change, error) { return l.Svc.Get(ctx, l.As, id) }

// List implements Backend.
func (l Local) List(ctx context.Context, state string) ([]Change, error) {
	return l.Svc.List(ctx, l.As, state)
}

// Validate implements Backend.
func (l Local) Validate(ctx context.Context, id int64) (*Report, error) {
	return l.Svc.Validate(ctx, l.As, id)
}

// ValidateSet implements Backend.
func (l Local) ValidateSet(ctx context.Context, cs *ChangeSet) (*Report, error) {
	return l.Svc.ValidateSet(ctx, l.As, cs)
}

// Submit implements Backend.
func (l Local) Submit(ctx context.Context, id int64) (*Change, error) {
	return l.Svc.Submit(ctx, l.As, id)
}

// Approve implements Backend.
func (l Local) Approve(ctx context.Context, id int64) (*Change, error) {
	return l.Svc.Approve(ctx, l.As, id)
}

// Reject implements Backend.
func (l Local) Reject(ctx context.Context, id int64, reason string) (*Change, error) {
	return l.Svc.Reject(ctx, l.As, id, reason)
}

// Withdraw implements Backend.
func (l Local) Withdraw(ctx context.Context, id int64) (*Change, error) {
	return l.Svc.Withdraw(ctx, l.As, id)
}

// Apply implements Backend.
func (l Local) Apply(ctx context.Context, ids ...int64) (*Release, error) {
	return l.Svc.Apply(ctx, l.As, ids...)
}

// Releases implements Backend.
func (l Local) Releases(ctx context.Context) ([]Release, error) { return l.Svc.Releases(ctx, l.As) }

// Export implements Backend.
func (l Local) Export(ctx context.Context, version string) (*Export, error) {
	ex, _, err := l.Svc.Export(ctx, l.As, version)
	return ex, err
}

// IssueToken implements Backend.
func (l Local) IssueToken(ctx context.Context, spec TokenSpec) (*Token, string, error) {
	return l.Svc.IssueToken(ctx, l.As, spec)
}

// Tokens implements Backend.
func (l Local) Tokens(ctx context.Context) ([]Token, error) { return l.Svc.Tokens(ctx, l.As) }

// RevokeToken implements Backend.
func (l Local) RevokeToken(ctx context.Context, id int64) (*Token, error) {
	return l.Svc.RevokeToken(ctx, l.As, id)
}

// VerifyAudit implements Backend.
func (l Local) VerifyAudit(ctx context.Context) (*store.AuditReport, error) {
	return l.Svc.VerifyAudit(ctx, l.As)
}

// Client is a Backend talking to a server's /v1 API.
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
		kind := ErrorKind(problem.Slug(p.Type))
		return &Error{Kind: kind, Msg: p.Detail, Violations: p.Violations}
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

// Draft implements Backend.
func (c Client) Draft(ctx context.Context, cs *ChangeSet) (*Change, error) {
	var out Change
	return &out, c.do(ctx, http.MethodPost, "/v1/changes", cs, &out)
}

// Get implements Backend.
func (c Client) Get(ctx context.Context, id int64) (*Change, error) {
	var out Change
	return &out, c.do(ctx, http.MethodGet, idPath(id, ""), nil, &out)
}

// Update implements Backend.
func (c Client) Update(ctx context.Context, id, revision int64, cs *ChangeSet) (*Change, error) {
	var out Change
	h := http.Header{}
	if revision != 0 {
		h.Set("If-Match", fmt.Sprintf(`"%d"`, revision))
	}
	return &out, c.doHeader(ctx, http.MethodPut, idPath(id, ""), h, cs, &out)
}

// List implements Backend.
func (c Client) List(ctx context.Context, state string) ([]Change, error) {
	var out []Change
	return out, c.do(ctx, http.MethodGet, "/v1/changes?state="+url.QueryEscape(state), nil, &out)
}

// Validate implements Backend.
func (c Client) Validate(ctx context.Context, id int64) (*Report, error) {
	var out Report
	return &out, c.do(ctx, http.MethodPost, idPath(id, "validate"), nil, &out)
}

// ValidateSet implements Backend.
func (c Client) ValidateSet(ctx context.Context, cs *ChangeSet) (*Report, error) {
	var out Report
	return &out, c.do(ctx, http.MethodPost, "/v1/changes/validate", cs, &out)
}

func (c Client) act(ctx context.Context, id int64, action string, in any) (*Change, error) {
	var out Change
	return &out, c.do(ctx, http.MethodPost, idPath(id, action), in, &out)
}

// Submit implements Backend.
func (c Client) Submit(ctx context.Context, id int64) (*Change, error) {
	return c.act(ctx, id, "submit", nil)
}

// Approve implements Backend.
func (c Client) Approve(ctx context.Context, id int64) (*Change, error) {
	return c.act(ctx, id, "approve", nil)
}

// Reject implements Backend.
func (c Client) Reject(ctx context.Context, id int64, reason string) (*Change, error) {
	return c.act(ctx, id, "reject", map[string]string{"reason": reason})
}

// Withdraw implements Backend.
func (c Client) Withdraw(ctx context.Context, id int64) (*Change, error) {
	return c.act(ctx, id, "withdraw", nil)
}

// Apply implements Backend.
func (c Client) Apply(ctx context.Context, ids ...int64) (*Release, error) {
	var out Release
	return &out, c.do(ctx, http.MethodPost, "/v1/releases", map[string][]int64{"changes": ids}, &out)
}

// Releases implements Backend.
func (c Client) Releases(ctx context.Context) ([]Release, error) {
	var out []Release
	return out, c.do(ctx, http.MethodGet, "/v1/releases", nil, &out)
}

// Export implements Backend.
func (c Client) Export(ctx context.Context, version string) (*Export, error) {
	var out Export
	return &out, c.do(ctx, http.MethodGet, "/v1/releases/"+url.PathEscape(version), nil, &out)
}

// IssueToken implements Backend.
func (c Client) IssueToken(ctx context.Context, spec TokenSpec) (*Token, string, error) {
	in := map[string]string{"user": spec.User, "role": string(spec.Role)}
	if !spec.Expires.IsZero() {
		in["expires"] = spec.Expires.UTC().Format(time.RFC3339)
	}
	var out struct {
		Token
		Secret string `json:"token"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/tokens", in, &out); err != nil {
		return nil, "", err
	}
	return &out.Token, out.Secret, nil
}

// Tokens implements Backend.
func (c Client) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	return out, c.do(ctx, http.MethodGet, "/v1/tokens", nil, &out)
}

// RevokeToken implements Backend.
func (c Client) RevokeToken(ctx context.Context, id int64) (*Token, error) {
	var out Token
	if err := c.do(ctx, http.MethodDelete, fmt.Sprintf("/v1/tokens/%d", id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VerifyAudit implements Backend.
func (c Client) VerifyAudit(ctx context.Context) (*store.AuditReport, error) {
	var out store.AuditReport
	if err := c.do(ctx, http.MethodGet, "/v1/audit/verify", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
