// Command quhua answers questions about China's administrative divisions
// from 1981 to today: what a code meant on a date, a division's whole
// history, the tree on any date, what changed between two dates, and how to
// carry a code from one date to another.
//
// Every subcommand has --help with examples. Errors go to standard error as
// "quhua: error: …" (with "quhua: hint: …" where one helps) and the exit
// status is 1 for an answer that does not exist (unknown code or name) and 2
// for a malformed request.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	_ "github.com/quhua/quhua/township" // the township level
)

// rootCmd is the quhua command; each subcommand adds itself in its own file.
var rootCmd = &cobra.Command{
	Use:   "quhua",
	Short: "China's administrative divisions, 1981 to today, with their full history",
	Long: `quhua is a registry of China's county-level-and-above administrative divisions
(GB/T 2260 codes) from 1981 to today: every code, name, kind and parent, valid at
any date, with every change and the document that decided it. It also knows the
townships (9-digit codes: 街道, 镇, 乡 …) from the statistics bureau's lists of
2015-09-30 to 2023-06-30, the last one published, with their changes.

Dates are written YYYY, YYYY-MM or YYYY-MM-DD. A year alone means the end of that
year ("2019" is the state on 2019-12-31), as in the yearly code lists.

Without a date every command answers for now: today in China time (UTC+8), or
the newest recorded change's date if one takes effect later. The data are
complete through their horizon and hold the changes recorded after it (quhua
version shows both, and JSON answers carry "horizon"); a date asked for after the
newest recorded change gets one warning line on standard error.`,
	Example: `  quhua history 公主岭市
  quhua lookup 220381 --at 2019
  quhua translate 220381 --from 2019 --to 2024
  quhua tree 220100 --at 2024
  quhua lookup 220381103 --at 2019
  quhua diff 2019 2020`,
	SilenceUsage:  true,
	SilenceErrors: true,
}

// exitError carries an exit status and an optional hint.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// notFound is an error for an answer that does not exist (exit status 1).
func notFound(hint string, format string, args ...any) error {
	return &exitError{code: 1, err: fmt.Errorf(format, args...), hint: hint}
}

// badRequest is an error for a malformed request (exit status 2).
func badRequest(hint string, err error) error {
	return &exitError{code: 2, err: err, hint: hint}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// groupsRefuseUnknown makes every command that only groups others (export,
// change, release …) refuse an argument that names none of them: cobra
// would print the group's help and exit 0.
func groupsRefuseUnknown(c *cobra.Command) {
	for _, sub := range c.Commands() {
		groupsRefuseUnknown(sub)
	}
	if c == rootCmd || !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		var names []string
		for _, s := range cmd.Commands() {
			if s.IsAvailableCommand() {
				names = append(names, s.Name())
			}
		}
		return badRequest(fmt.Sprintf("%s has the subcommands %s (see %s --help)", cmd.CommandPath(), strings.Join(names, ", "), cmd.CommandPath()),
			fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath()))
	}
}

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	stderr = redactWriter{stderr} // errors and warnings quote input: mask ID numbers
	groupsRefuseUnknown(rootCmd)
	rootCmd.SetArgs(args)
	rootCmd.SetOut(stdout)
	rootCmd.SetErr(stderr)
	warnings = stderr
	err := rootCmd.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "quhua: error: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.hint != "" {
			fmt.Fprintf(stderr, "quhua: hint: %s\n", ee.hint)
		}
		return ee.code
	}
	// Errors from flag parsing and argument checks are usage errors.
	return 2
}
