package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/server"
	"github.com/quhua/quhua/store"
	"github.com/spf13/cobra"
)

type runFunc func(f func(cmd *cobra.Command, b change.Backend, args []string) error) func(*cobra.Command, []string) error

// parseExpiry reads --expires: a duration from now (90d, 12h, 30m) or a
// date or time (2027-01-01, 2027-01-01T08:00:00+08:00; a date means its
// start in UTC).
func parseExpiry(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n > 0 {
			return now.AddDate(0, 0, n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("--expires %s is not in the future", s)
		}
		return now.Add(d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--expires %q is neither a duration (90d, 12h) nor a date (2027-01-01) or time (2027-01-01T08:00:00+08:00)", s)
}

func printToken(cmd *cobra.Command, t *change.Token) {
	exp := "never"
	if !t.Expires.IsZero() {
		exp = t.Expires.Format(time.RFC3339)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%4d  %-8s  %-8s  %-8s  created %s  expires %s", t.ID, t.State, t.Role, t.User, t.Created.Format(time.RFC3339), exp)
	if !t.Revoked.IsZero() {
		fmt.Fprintf(cmd.OutOrStdout(), "  revoked %s", t.Revoked.Format(time.RFC3339))
	}
	fmt.Fprintln(cmd.OutOrStdout())
}

func newTokenCmd(run runFunc) *cobra.Command {
	var role, expires string
	create := func(cmd *cobra.Command, b change.Backend, user string) error {
		exp, err := parseExpiry(expires, time.Now())
		if err != nil {
			return badRequest("e.g. --expires 90d or --expires 2027-01-01", err)
		}
		r, err := store.ParseRole(role)
		if err != nil {
			return badRequest("use --role viewer, editor, approver or admin", err)
		}
		t, secret, err := b.IssueToken(cmd.Context(), change.TokenSpec{User: user, Role: r, Expires: exp})
		if err != nil {
			return tokenError(err)
		}
		if jsonOut {
			return printJSON(cmd.OutOrStdout(), struct {
				*change.Token
				Secret string `json:"token"`
			}{t, secret})
		}
		fmt.Fprintln(cmd.OutOrStdout(), secret)
		fmt.Fprintf(cmd.ErrOrStderr(), "token %d for %s (%s), expires %s: the secret above is shown once\n", t.ID, t.User, t.Role, orNever(t.Expires))
		return nil
	}
	tokenCmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke API tokens",
		Long: `quhua change token manages the API tokens of a store (or, with --server, of
a server): each has a user, a role (viewer, editor, approver, admin), an
optional expiry, and can be revoked at once. The store keeps only each
token's SHA-256 hash; the secret is printed once, when it is created. Every
creation and revocation is in the audit log.

User names are normalised: surrounding spaces trimmed, Unicode NFKC, lower
case; "wang ", "WANG" and "ｗａｎｇ" are the one user wang, who can never
approve wang's changes. Names may not be empty or hold control characters.

The first token of a store can be created by anyone with the file; later
ones need an admin token in $QUHUA_TOKEN or a local --user. "quhua change
token USER" is short for "quhua change token create USER".`,
		Example: `  quhua change token create wang --role approver --expires 90d
  quhua change token list
  quhua change token revoke 3`,
		Args: cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, b change.Backend, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return create(cmd, b, args[0])
		}),
	}
	createCmd := &cobra.Command{
		Use: "create USER", Short: "Create a token and print its secret once", Args: cobra.ExactArgs(1),
		Long: `quhua change token create makes a token for USER with --role and prints its
secret once. --expires takes a duration from now (90d, 12h) or a date or time
(2027-01-01 is its start in UTC); without it the token does not expire.`,
		Example: "  quhua change token create li --role editor --expires 30d",
		RunE: run(func(cmd *cobra.Command, b change.Backend, args []string) error {
			return create(cmd, b, args[0])
		}),
	}
	for _, c := range []*cobra.Command{tokenCmd, createCmd} {
		c.Flags().StringVar(&role, "role", "viewer", "viewer, editor, approver or admin")
		c.Flags().StringVar(&expires, "expires", "", "when the token stops working: a duration (90d, 12h) or a date (2027-01-01)")
	}
	listCmd := &cobra.Command{
		Use: "list", Short: "List the tokens (admin)", Args: cobra.NoArgs,
		Long:    "quhua change token list lists every token with its user, role, state (active, expired, revoked), creation and expiry; never a secret.",
		Example: "  quhua change token list --json",
		RunE: run(func(cmd *cobra.Command, b change.Backend, args []string) error {
			ts, err := asReader(b).Tokens(cmd.Context())
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), ts)
			}
			for i := range ts {
				printToken(cmd, &ts[i])
			}
			return nil
		}),
	}
	revokeCmd := &cobra.Command{
		Use: "revoke ID", Short: "Revoke a token at once (admin)", Args: cobra.ExactArgs(1),
		Long:    "quhua change token revoke makes a token unusable at once; it stays listed, and the revocation is audited.",
		Example: "  quhua change token revoke 3",
		RunE: run(func(cmd *cobra.Command, b change.Backend, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return badRequest("quhua change token list shows the token numbers", fmt.Errorf("%q is not a token number", args[0]))
			}
			t, err := b.RevokeToken(cmd.Context(), id)
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), t)
			}
			printToken(cmd, t)
			return nil
		}),
	}
	tokenCmd.AddCommand(createCmd, listCmd, revokeCmd)
	return tokenCmd
}

func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.RFC3339)
}

func newAuditCmd(run runFunc) *cobra.Command {
	auditCmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the audit log",
		Long: `quhua change audit works on the append-only audit log: every step of every
change, token and webhook, and every refused request.`,
	}
	var expect string
	verifyCmd := &cobra.Command{
		Use: "verify", Short: "Check the audit log's hash chain (admin)", Args: cobra.NoArgs,
		Long: `quhua change audit verify recomputes the audit log's hash chain: each entry
carries the SHA-256 of its content and of the entry before it, and the store
records the last entry. An entry rewritten, deleted or inserted (e.g. by
someone who dropped the database's append-only triggers) is named, and the
exit status is 1.

It prints the head of the chain (its last entry's number and hash). Keep it
somewhere else (the operations log, a ticket): someone who can rewrite the
whole database could rebuild the chain, but not one that still holds a head
you kept. --expect SEQ:HASH checks that the log still holds it.`,
		Example: "  quhua change audit verify\n  quhua change audit verify --expect 1432:9f86d081884c7d65…",
		RunE: run(func(cmd *cobra.Command, b change.Backend, args []string) error {
			ctx := cmd.Context()
			b = asReader(b)
			rep, err := b.VerifyAudit(ctx)
			if err != nil {
				return cliError(err)
			}
			if expect != "" {
				seqText, hash, _ := strings.Cut(expect, ":")
				seq, err := strconv.ParseInt(seqText, 10, 64)
				if err != nil || seq <= 0 || hash == "" {
					return badRequest("give the head printed by an earlier verify, e.g. --expect 1432:9f86d0…", fmt.Errorf("--expect %q is not SEQ:HASH", expect))
				}
				ok, err := auditHolds(ctx, b, seq, hash)
				if err != nil {
					return cliError(err)
				}
				if !ok {
					rep.OK = false
					rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d no longer has the hash %s that was kept: the log was rewritten", seq, hash))
				}
			}
			if jsonOut {
				printJSON(cmd.OutOrStdout(), rep)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "%d entries (%d before the chain began), head %d:%s\n", rep.Entries, rep.Legacy, rep.HeadSeq, rep.HeadHash)
				for _, p := range rep.Problems {
					fmt.Fprintf(cmd.OutOrStdout(), "  %s\n", p)
				}
			}
			if !rep.OK {
				return &exitError{code: 1, err: fmt.Errorf("the audit log was tampered with: %d problem(s)", len(rep.Problems)),
					hint: "restore the store from a backup and find who could write it; the server's database role must not own the tables"}
			}
			if !jsonOut {
				fmt.Fprintln(cmd.OutOrStdout(), "ok: every entry is chained to the one before")
			}
			return nil
		}),
	}
	verifyCmd.Flags().StringVar(&expect, "expect", "", "a head SEQ:HASH kept from an earlier verify, that the log must still hold")
	auditCmd.AddCommand(verifyCmd)
	return auditCmd
}

// auditHolds reports whether the audit log still holds entry seq with hash.
func auditHolds(ctx context.Context, b change.Backend, seq int64, hash string) (bool, error) {
	switch b := b.(type) {
	case change.Local:
		if _, err := b.Svc.AuditLog(ctx, b.As, 0, 1); err != nil {
			return false, err
		}
		return store.AuditContains(ctx, b.Svc.Store(), seq, hash)
	case server.Client:
		var log []struct {
			Seq  int64  `json:"seq"`
			Hash string `json:"hash"`
		}
		if err := b.GetJSON(ctx, fmt.Sprintf("/v1/audit?since=%d&limit=1", seq-1), &log); err != nil {
			return false, err
		}
		return len(log) == 1 && log[0].Seq == seq && log[0].Hash == hash, nil
	}
	return false, errors.New("--expect works on a local store or through a server")
}

// tokenError is cliError with the hint for a refused token request: a
// refused name is about the user name, not a change set.
func tokenError(err error) error {
	err = cliError(err)
	var e *exitError
	var ce *change.Error
	if errors.As(err, &e) && errors.As(err, &ce) && ce.Kind == change.Invalid {
		e.hint = "give a user name in one script, without invisible characters, that cannot be taken for an existing user's (quhua change token list shows them), and --role viewer, editor, approver or admin"
	}
	return err
}
