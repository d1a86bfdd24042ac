package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/server"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
	"github.com/spf13/cobra"
)

// storeFlags are the flags that choose where the workflow runs.
type storeFlags struct {
	dataDir, db, server, user, base string
}

func (f *storeFlags) add(cmd *cobra.Command) {
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.dataDir, "data-dir", "", "directory of the local store (default $QUHUA_DATA, else ~/.local/share/quhua)")
	pf.StringVar(&f.db, "db", "", "store: a postgres:// URL or an SQLite file (default $QUHUA_DB, else DATA-DIR/quhua.db)")
	pf.StringVar(&f.server, "server", os.Getenv("QUHUA_SERVER"), "work through a quhua server at this URL (token from $QUHUA_TOKEN)")
	pf.StringVar(&f.user, "user", "", "who acts on a local store without a token (default $QUHUA_USER, else $USER)")
	pf.StringVar(&f.base, "base", "", "on a new scratch store named with --db or --data-dir: replay history on the registry as of this date (e.g. 2019)")
}

var sf storeFlags

// named reports whether the store was named on the command line (--db or
// --data-dir) rather than found by default: only such a store may be a
// scratch store that replays history on an old base.
func (f *storeFlags) named() bool { return f.db != "" || f.dataDir != "" }

func dataDir() string {
	if sf.dataDir != "" {
		return sf.dataDir
	}
	if d := os.Getenv("QUHUA_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "quhua")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".quhua"
	}
	return filepath.Join(home, ".local", "share", "quhua")
}

// openStore opens the local store the flags name.
func openStore(ctx context.Context) (store.Store, error) {
	db := sf.db
	if db == "" {
		db = os.Getenv("QUHUA_DB")
	}
	if sf.base != "" && !sf.named() {
		return nil, badRequest("replay on an old base in a scratch store, e.g. --db /tmp/scratch.db --base 2019; your own store stays whole",
			errors.New("--base needs a store named with --db or --data-dir: a store on an old base holds none of the later events, and lookup, diff and serve read the default store"))
	}
	st, err := open.Store(ctx, db, dataDir())
	if err != nil {
		return nil, badRequest("check --db (a postgres:// URL or a file) and --data-dir", err)
	}
	if sf.base != "" {
		if err := change.SetBase(ctx, st, sf.base); err != nil {
			st.Close()
			if errors.Is(err, store.ErrConflict) {
				return nil, badRequest("a store keeps the base it was created with; use another --data-dir for another base", err)
			}
			return nil, badRequest("write --base as YYYY, YYYY-MM or YYYY-MM-DD, e.g. --base 2019", err)
		}
	}
	return st, nil
}

// storeRegistry returns the registry of the local store named by
// $QUHUA_DB or $QUHUA_DATA (default ~/.local/share/quhua), with every
// applied change, or nil when there is no store: the commands that answer
// from the registry use it when it is there.
func storeRegistry(ctx context.Context) (*quhua.Registry, error) {
	reg, note, err := localRegistry(ctx, os.Getenv("QUHUA_DB"), dataDir())
	if note != "" {
		fmt.Fprintf(os.Stderr, "quhua: warning: %s\n", note)
	}
	return reg, err
}

// backend returns the workflow the flags select and a function to close it.
func backend(ctx context.Context) (change.Backend, func(), error) {
	token := os.Getenv("QUHUA_TOKEN")
	if sf.server != "" {
		if token == "" {
			return nil, nil, badRequest("export QUHUA_TOKEN=… with a token from the server's admin", errors.New("--server needs a token in $QUHUA_TOKEN"))
		}
		return server.Client{URL: sf.server, Token: token}, func() {}, nil
	}
	var opts []change.Option
	if sf.named() {
		opts = append(opts, change.WithReplay())
	}
	svc, closeStore, err := openService(ctx, opts...)
	if err != nil {
		return nil, nil, err
	}
	var p change.Principal
	if token != "" {
		if p, err = svc.Authenticate(ctx, token); err != nil {
			closeStore()
			return nil, nil, cliError(err)
		}
	} else {
		// Whoever can write the store file has every role; the rules on
		// authors and approvers still hold between user names.
		user := sf.user
		for _, v := range []string{"QUHUA_USER", "USER"} {
			if user == "" {
				user = os.Getenv(v)
			}
		}
		if user != "" {
			if user, err = store.NormalizeUser(user); err != nil {
				closeStore()
				return nil, nil, badRequest("give a user name with --user or $QUHUA_USER", err)
			}
		}
		p = change.Principal{User: user, Role: store.Admin}
		if user == "" {
			// Without a name one may only read.
			p = change.Principal{User: namelessLocal, Role: store.Viewer}
		}
	}
	return change.Local{Svc: svc, As: p}, closeStore, nil
}

// openService opens the store the flags name and the change workflow over
// it; closeStore releases the store. Pass change.WithReplay() to let a
// store on an old base (a scratch store made with --base) apply changes.
func openService(ctx context.Context, opts ...change.Option) (svc *change.Service, closeStore func(), err error) {
	st, err := openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	if svc, err = change.New(ctx, st, opts...); err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { st.Close() }, nil
}

// cliError turns a workflow error into an exit status with a hint.
func cliError(err error) error {
	var e *change.Error
	if !errors.As(err, &e) {
		return err
	}
	hints := map[change.ErrorKind]string{
		change.Invalid:         "fix the fields named above; quhua change validate FILE checks a change set without storing it",
		change.NotFound:        "quhua change list shows the changes",
		change.Conflict:        "quhua change show ID shows its state; quhua change validate ID checks it against the current release",
		change.Unauthorized:    "export QUHUA_TOKEN=… with a valid token",
		change.Forbidden:       "ask someone with the needed role (a second person approves a change)",
		change.TooManyRequests: "the server limits requests per client and token: wait the time it says and try again",
	}
	code := 2
	if e.Kind == change.NotFound || e.Kind == change.Conflict || e.Kind == change.Forbidden || e.Kind == change.Unauthorized ||
		e.Kind == change.TooManyRequests {
		code = 1
	}
	return &exitError{code: code, err: err, hint: hints[e.Kind]}
}

func readChangeSet(name string, stdin io.Reader) (*changeset.ChangeSet, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, badRequest("give a JSON change set file, or - for standard input", err)
	}
	cs, err := changeset.Parse(b)
	if err != nil {
		return nil, badRequest("see quhua change new --help for the format", fmt.Errorf("%s: %w", name, err))
	}
	return cs, nil
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("a change is named by its number, e.g. quhua change show 1", fmt.Errorf("%q is not a change number", s))
	}
	return id, nil
}

var jsonOut bool

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func printChange(w io.Writer, c *change.Change) {
	fmt.Fprintf(w, "change %d  %s\n", c.ID, c.Title)
	fmt.Fprintf(w, "  state:    %s\n  author:   %s\n", c.State, c.Author)
	if c.Approver != "" {
		fmt.Fprintf(w, "  approver: %s\n", c.Approver)
	}
	fmt.Fprintf(w, "  drafted on release %s, revision %d\n", c.Base, c.Revision)
	if c.Release != "" {
		fmt.Fprintf(w, "  applied in release %s\n", c.Release)
	}
	if cs := c.Set; cs != nil {
		fmt.Fprintf(w, "  date:     %s\n", cs.When())
		for _, d := range cs.Documents {
			fmt.Fprintf(w, "  document: %s %s %s\n", d.Number, d.Title, d.Date)
		}
		for i, op := range cs.Operations {
			b, _ := json.Marshal(op)
			fmt.Fprintf(w, "  op %d:     %s\n", i+1, b)
		}
	}
}

func printReport(w io.Writer, r *changeset.Report) {
	if !r.Valid {
		fmt.Fprintf(w, "INVALID against release %s: %d rule(s) broken\n", r.Base, len(r.Violations))
		for _, v := range r.Violations {
			fmt.Fprintf(w, "  %s\n", v)
		}
		return
	}
	when := r.Date
	if len(r.Interval) == 2 {
		when = "after " + r.Interval[0] + " and by " + r.Interval[1]
	}
	fmt.Fprintf(w, "valid against release %s (dry run, effective %s)\n", r.Base, when)
	for _, x := range r.Retired {
		fmt.Fprintf(w, "  retired  %s %s (%s, %s)\n", x.Code, x.Name, x.Kind, x.Parent)
	}
	for _, x := range r.Created {
		fmt.Fprintf(w, "  created  %s %s (%s, %s)\n", x.Code, x.Name, x.Kind, x.Parent)
	}
	for _, x := range r.Crosswalk {
		fmt.Fprintf(w, "  crosswalk %s %s → %s %s  %s (%s)\n", x.FromCode, x.FromName, x.ToCode, x.ToName, x.Status, x.Relation)
	}
	for i := range r.Before {
		b, a := r.Before[i], r.After[i]
		fmt.Fprintf(w, "  %s %s: before %d children, after %d\n", b.Code, b.Name, len(b.Children), len(a.Children))
		names := func(n changeset.Node) map[string]bool {
			m := map[string]bool{}
			for _, c := range n.Children {
				m[c.Code+" "+c.Name] = true
			}
			return m
		}
		nb, na := names(b), names(a)
		for _, c := range b.Children {
			if !na[c.Code+" "+c.Name] {
				fmt.Fprintf(w, "    - %s %s\n", c.Code, c.Name)
			}
		}
		for _, c := range a.Children {
			if !nb[c.Code+" "+c.Name] {
				fmt.Fprintf(w, "    + %s %s\n", c.Code, c.Name)
			}
		}
	}
}

var changeCmd = &cobra.Command{
	Use:   "change",
	Short: "Draft, validate, approve and apply changes to the registry",
	Long: `quhua change runs the change workflow: a change set (one event: its date, its
documents and its operations) is drafted, validated against the registry's
rules, submitted, approved by a second person, and applied as a new release.

It works on a local store (SQLite under --data-dir, or PostgreSQL with
--db postgres://…) or through a server (--server URL, token in $QUHUA_TOKEN).
On a local store without a token you act as --user (or $QUHUA_USER) with every
role; the approver of a change must still be another user than its author.

A change set is JSON:

  {
    "title": "变更公主岭市代管关系",
    "date": "2020-06-05",
    "documents": [{"number": "国函〔2020〕84号",
                   "title": "国务院关于同意吉林省变更县级公主岭市代管关系的批复",
                   "date": "2020-06-05"}],
    "operations": [{"type": "admin-parent", "code": "220381",
                    "new_code": "220184", "parent": "220100"}]
  }

The date is a day, or YYYY-MM or YYYY where only the month or year is known.
A change known only to lie between two days (two editions that show it) gives
the earlier in "after" and the later as "date", both YYYY-MM-DD: it happened
after the one and by the other, and its precision is interval ("after":
"2019-10-31", "date": "2020-06-30").

Operation types: rename (code, name); recode (code, new_code [, name]);
admin-parent / legal-parent (code, new_code, parent [, name]); establish
(code, name [, from]); abolish (code); merge (from, code [, name]); split
(code, targets); transfer (from, targets); reorganize (retire, create, links).`,
	Example: `  # Replay the 2020 公主岭 change on the registry as of 2019, in a scratch store
  quhua change new gongzhuling.json --user li --db /tmp/scratch.db --base 2019
  quhua change validate 1 --db /tmp/scratch.db
  quhua change submit 1 --user li --db /tmp/scratch.db
  quhua change approve 1 --user wang --db /tmp/scratch.db
  quhua change apply 1 --user wang --db /tmp/scratch.db
  quhua change list --state applied --json --db /tmp/scratch.db

  # Tokens and the audit log
  quhua change token create wang --role approver --expires 90d
  quhua change audit verify`,
}

func init() {
	sf.add(changeCmd)
	changeCmd.PersistentFlags().BoolVar(&jsonOut, "json", false, "print JSON")
	changeCmd.AddCommand(newImportListCmd())
	changeCmd.AddCommand(newChangeNewCmd(), newChangeEditCmd(), newChangeShowCmd(), newChangeValidateCmd(),
		newChangeSubmitCmd(), newChangeApproveCmd(), newChangeRejectCmd(), newChangeWithdrawCmd(),
		newChangeApplyCmd(), newChangeListCmd(), newTokenCmd(withBackend), newAuditCmd(withBackend))
	rootCmd.AddCommand(changeCmd)
}

// withBackend runs f with the backend the flags name: the server of
// --server, else the local store (see backend).
func withBackend(f func(cmd *cobra.Command, b change.Backend, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		b, done, err := backend(cmd.Context())
		if err != nil {
			return err
		}
		defer done()
		return namelessHint(b, f(cmd, b, args))
	}
}

// showChange prints a change a step returned, or the step's error.
func showChange(cmd *cobra.Command, c *change.Change, err error) error {
	if err != nil {
		return cliError(err)
	}
	if jsonOut {
		return printJSON(cmd.OutOrStdout(), c)
	}
	printChange(cmd.OutOrStdout(), c)
	return nil
}

// newChangeNewCmd is quhua change new.
func newChangeNewCmd() *cobra.Command {
	newCmd := &cobra.Command{
		Use:   "new FILE",
		Short: "Draft a change set from a JSON file (- for standard input)",
		Long: `quhua change new stores a change set as a draft, tells its number and
validates it against the current release, listing every rule it breaks at
once. A draft may still break rules (the exit status is then 1); it cannot be
submitted until it passes.`,
		Example: `  quhua change new gongzhuling.json --user li`,
		Args:    cobra.ExactArgs(1),
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			cs, err := readChangeSet(args[0], cmd.InOrStdin())
			if err != nil {
				return err
			}
			c, err := b.Draft(cmd.Context(), cs)
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), c)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "change %d drafted on release %s: %s\n", c.ID, c.Base, c.Title)
			rep, err := b.Validate(cmd.Context(), c.ID)
			if err != nil {
				return cliError(err)
			}
			printReport(cmd.OutOrStdout(), rep)
			if !rep.Valid {
				return &exitError{code: 1, err: fmt.Errorf("change %d is drafted but breaks %d rule(s)", c.ID, len(rep.Violations)),
					hint: fmt.Sprintf("fix the fields named above and replace the draft with quhua change edit %d FILE", c.ID)}
			}
			return nil
		}),
	}
	return newCmd
}

// newChangeEditCmd is quhua change edit.
func newChangeEditCmd() *cobra.Command {
	var revision int64
	editCmd := &cobra.Command{
		Use: "edit ID FILE", Short: "Replace the change set of a draft", Args: cobra.ExactArgs(2),
		Long: `quhua change edit replaces a draft's change set with the one in FILE (- for
standard input), e.g. after completing an imported list with lineage and
documents. Only the author edits a draft. With --revision, the edit fails if
someone changed the draft since that revision (no update is ever lost).`,
		Example: "  quhua change show 3 --json | jq .change_set > 3.json   # edit 3.json\n  quhua change edit 3 3.json --revision 1",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			cs, err := readChangeSet(args[1], cmd.InOrStdin())
			if err != nil {
				return err
			}
			c, err := b.Update(cmd.Context(), id, revision, cs)
			if err := showChange(cmd, c, err); err != nil {
				return err
			}
			if rep, err := b.Validate(cmd.Context(), id); err == nil && !jsonOut {
				printReport(cmd.OutOrStdout(), rep)
			}
			return nil
		}),
	}
	editCmd.Flags().Int64Var(&revision, "revision", 0, "the revision the edit is based on")
	return editCmd
}

// newChangeShowCmd is quhua change show.
func newChangeShowCmd() *cobra.Command {
	showCmd := &cobra.Command{
		Use: "show ID", Short: "Show a change", Args: cobra.ExactArgs(1),
		Long:    "quhua change show prints a change: its state, author, approver, documents and operations.",
		Example: "  quhua change show 1 --json",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			c, err := b.Get(cmd.Context(), id)
			return showChange(cmd, c, err)
		}),
	}
	return showCmd
}

// newChangeValidateCmd is quhua change validate.
func newChangeValidateCmd() *cobra.Command {
	validateCmd := &cobra.Command{
		Use: "validate ID|FILE", Short: "Check a change against the rules; dry run", Args: cobra.ExactArgs(1),
		Long: `quhua change validate checks a stored change (by number) or a change set file
against the current release and the registry's rules, and reports every
broken rule at once. A valid change gets a dry run: the codes retired and
created, the crosswalk rows added, and the parents' children before and after.
The exit status is 1 when rules are broken.`,
		Example: "  quhua change validate 1\n  quhua change validate draft.json --json",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			var rep *changeset.Report
			var err error
			if id, perr := strconv.ParseInt(args[0], 10, 64); perr == nil && id > 0 {
				rep, err = b.Validate(cmd.Context(), id)
			} else {
				cs, rerr := readChangeSet(args[0], cmd.InOrStdin())
				if rerr != nil {
					return rerr
				}
				rep, err = b.ValidateSet(cmd.Context(), cs)
			}
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				printJSON(cmd.OutOrStdout(), rep)
			} else {
				printReport(cmd.OutOrStdout(), rep)
			}
			if !rep.Valid {
				return &exitError{code: 1, err: fmt.Errorf("the change breaks %d rule(s)", len(rep.Violations)), hint: "fix the fields named above"}
			}
			return nil
		}),
	}
	return validateCmd
}

// stepCmd is a workflow step on one change: submit, approve, reject,
// withdraw.
func stepCmd(use, short, long string, f func(ctx context.Context, b change.Backend, id int64) (*change.Change, error)) *cobra.Command {
	return &cobra.Command{
		Use: use + " ID", Short: short, Long: long, Args: cobra.ExactArgs(1),
		Example: "  quhua change " + use + " 1",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			c, err := f(cmd.Context(), b, id)
			return showChange(cmd, c, err)
		}),
	}
}

func newChangeSubmitCmd() *cobra.Command {
	return stepCmd("submit", "Submit a draft for approval", "quhua change submit asks for approval of a draft; the draft must pass validation.",
		func(ctx context.Context, b change.Backend, id int64) (*change.Change, error) {
			return b.Submit(ctx, id)
		})
}

func newChangeApproveCmd() *cobra.Command {
	return stepCmd("approve", "Approve a submitted change (not your own)", "quhua change approve approves a submitted change after validating it again; the approver of a change is never its author.",
		func(ctx context.Context, b change.Backend, id int64) (*change.Change, error) {
			return b.Approve(ctx, id)
		})
}

func newChangeWithdrawCmd() *cobra.Command {
	return stepCmd("withdraw", "Withdraw a change that is not applied", "quhua change withdraw takes back a draft, submitted or approved change (its author or an admin).",
		func(ctx context.Context, b change.Backend, id int64) (*change.Change, error) {
			return b.Withdraw(ctx, id)
		})
}

func newChangeRejectCmd() *cobra.Command {
	var reason string
	rejectCmd := stepCmd("reject", "Reject a submitted change", "quhua change reject sends a submitted change back with a reason; it is recorded in the audit log.",
		func(ctx context.Context, b change.Backend, id int64) (*change.Change, error) {
			return b.Reject(ctx, id, reason)
		})
	rejectCmd.Flags().StringVar(&reason, "reason", "", "why the change is rejected")
	return rejectCmd
}

// newChangeApplyCmd is quhua change apply.
func newChangeApplyCmd() *cobra.Command {
	applyCmd := &cobra.Command{
		Use: "apply ID...", Short: "Apply approved changes as a new release", Args: cobra.MinimumNArgs(1),
		Long: `quhua change apply applies approved changes, in the order given, as one new
release of the registry (versions 2026a+1, 2026a+2 …). A change drafted on an
older release is checked again against the current one: if a change applied
since touched the same codes, or it no longer passes, it is refused as a
conflict.

Applying never drops the events after a change's base. On a store cut at an
old date (--base) a release would hide every later event, so apply refuses
there with an error naming the base and the registry's head, unless the store
is a scratch store named with --db or --data-dir, where history is replayed on
purpose (lookup, diff and serve never read it unless told to).`,
		Example: "  quhua change apply 1 2",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			var ids []int64
			for _, a := range args {
				id, err := parseID(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			rel, err := b.Apply(cmd.Context(), ids...)
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), rel)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "release %s applied changes %v\n", rel.Version, rel.Changes)
			return nil
		}),
	}
	return applyCmd
}

// newChangeListCmd is quhua change list.
func newChangeListCmd() *cobra.Command {
	var state string
	listCmd := &cobra.Command{
		Use: "list", Short: "List changes", Args: cobra.NoArgs,
		Long:    "quhua change list lists the changes, optionally in one state (draft, submitted, approved, applied, rejected, withdrawn).",
		Example: "  quhua change list --state submitted",
		RunE: withBackend(func(cmd *cobra.Command, b change.Backend, args []string) error {
			cs, err := b.List(cmd.Context(), state)
			if err != nil {
				return cliError(err)
			}
			if jsonOut {
				return printJSON(cmd.OutOrStdout(), cs)
			}
			for _, c := range cs {
				fmt.Fprintf(cmd.OutOrStdout(), "%4d  %-9s  %-10s  %-8s  %s\n", c.ID, c.State, c.Set.When(), c.Author, c.Title)
			}
			return nil
		}),
	}
	listCmd.Flags().StringVar(&state, "state", "", "only changes in this state")
	return listCmd
}

// newImportListCmd is quhua change import-list.
func newImportListCmd() *cobra.Command {
	var listDate, listOut string
	var listDraft bool
	importCmd := &cobra.Command{
		Use: "import-list FILE", Short: "Draft a change set from a new official code list", Args: cobra.ExactArgs(1),
		Long: `quhua change import-list compares an official code list with the registry as
of --date and drafts a change set of what differs: renamed codes, units
recoded (a code gone and a new one with the same name in the same province),
new codes (establish) and codes gone (abolish). The draft needs a person to
complete it with lineage (which units gave area to the new ones, where the
abolished ones went) and the documents before it goes through the workflow.

The list is the plain form, one "CODE NAME" a line (space, tab or comma
between), or the .xlsx spreadsheet the Ministry publishes. Placeholder rows
(110100 市辖区) are skipped. The change set is printed as JSON (or written
with -o); --draft stores it as a draft at once. A summary goes to standard
error.`,
		Example: `  quhua change import-list 2025.txt --date 2025 -o 2025-draft.json
  quhua change import-list 2025.xlsx --date 2025 --draft --user li`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if listDate == "" {
				return badRequest("give the date the list describes, e.g. --date 2024 for the list of 2024-12-31", errors.New("import-list needs --date"))
			}
			d, prec, err := quhua.ParseDate(listDate)
			if err != nil {
				return badRequest("write --date as YYYY, YYYY-MM or YYYY-MM-DD", err)
			}
			if sf.server != "" {
				return badRequest("draft locally with -o, then send the file with quhua change new FILE --server …", errors.New("import-list compares with a local store's registry"))
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return badRequest("give the path of a code list (.txt or .xlsx)", err)
			}
			entries, err := changeset.ReadList(filepath.Base(args[0]), data)
			if err != nil {
				return badRequest("fix the rows named above", err)
			}
			b, done, err := backend(cmd.Context())
			if err != nil {
				return err
			}
			defer done()
			l := b.(change.Local)
			cs, diff := changeset.ImportList(l.Svc.Registry(), entries, d, prec, filepath.Base(args[0]))
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d divisions listed (%d placeholder or statistical rows skipped) against release %s as of %s: %d new, %d gone, %d renamed, %d recoded\n",
				args[0], diff.Listed, diff.Skipped, l.Svc.Version(), diff.Date, len(diff.New), len(diff.Retired), len(diff.Renamed), len(diff.Recoded))
			if len(cs.Operations) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "the list agrees with the registry: nothing to draft")
				return nil
			}
			if listDraft {
				c, err := b.Draft(cmd.Context(), cs)
				if err != nil {
					return cliError(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "change %d drafted on release %s: %s\n", c.ID, c.Base, c.Title)
				return nil
			}
			out := append(cs.JSON(), '\n')
			if listOut != "" {
				if err := os.WriteFile(listOut, out, 0o644); err != nil {
					return badRequest("check the -o path", err)
				}
				return nil
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	importCmd.Flags().StringVar(&listDate, "date", "", "the date the list describes (YYYY means its 31 December)")
	importCmd.Flags().BoolVar(&listDraft, "draft", false, "store the change set as a draft")
	importCmd.Flags().StringVarP(&listOut, "output", "o", "", "write the change set to this file")
	return importCmd
}
