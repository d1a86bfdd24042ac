package change

import (
	"context"

	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// Backend is the workflow as a caller sees it, on a local store (Local) or
// through a server (server.Client).
type Backend interface {
	Draft(ctx context.Context, cs *changeset.ChangeSet) (*Change, error)
	Get(ctx context.Context, id int64) (*Change, error)
	Update(ctx context.Context, id, revision int64, cs *changeset.ChangeSet) (*Change, error)
	List(ctx context.Context, state string) ([]Change, error)
	Validate(ctx context.Context, id int64) (*changeset.Report, error)
	ValidateSet(ctx context.Context, cs *changeset.ChangeSet) (*changeset.Report, error)
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
func (l Local) Draft(ctx context.Context, cs *changeset.ChangeSet) (*Change, error) {
	return l.Svc.Draft(ctx, l.As, cs)
}

// Update implements Backend.
func (l Local) Update(ctx context.Context, id, revision int64, cs *changeset.ChangeSet) (*Change, error) {
	return l.Svc.Update(ctx, l.As, id, revision, cs)
}

// Get implements Backend.
func (l Local) Get(ctx context.Context, id int64) (*Change, error) { return l.Svc.Get(ctx, l.As, id) }

// List implements Backend.
func (l Local) List(ctx context.Context, state string) ([]Change, error) {
	return l.Svc.List(ctx, l.As, state)
}

// Validate implements Backend.
func (l Local) Validate(ctx context.Context, id int64) (*changeset.Report, error) {
	return l.Svc.Validate(ctx, l.As, id)
}

// ValidateSet implements Backend.
func (l Local) ValidateSet(ctx context.Context, cs *changeset.ChangeSet) (*changeset.Report, error) {
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
