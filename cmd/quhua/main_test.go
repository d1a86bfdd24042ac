package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run the real quhua command: testscript re-runs
// this test binary as "quhua".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"quhua": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scenarios in testdata/script/*.txtar.
// Each scenario is a sequence of quhua invocations with the output they
// must produce; see the testscript package for the format.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
	})
}
