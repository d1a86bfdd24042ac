package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestRecodeScripts runs the scenarios of quhua recode and quhua export in
// testdata/recode/*.txtar against the real command.
func TestRecodeScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/recode"})
}
