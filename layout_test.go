package quhua_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goList runs go list with args in the module and returns its lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goCmd, append([]string{"list"}, args...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return strings.Fields(string(out))
}

// sqlDriver reports whether an import path is an SQL driver or
// database/sql itself.
func sqlDriver(p string) bool {
	return p == "database/sql" || strings.HasPrefix(p, "github.com/jackc/pgx") || strings.HasPrefix(p, "modernc.org/sqlite") ||
		strings.HasPrefix(p, "github.com/mattn/go-sqlite3") || strings.HasPrefix(p, "github.com/lib/pq")
}

// TestLayout checks the import directions the README's "How the code is
// laid out" states: the generators and the change-set format link no
// SQL driver, the workflow links none (only store/open does), and no
// package under internal/ imports the root package, which imports only
// snapshot and internal/ of this module.
func TestLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	const mod = "github.com/quhua/quhua"
	for _, pkg := range []string{"./build/gensnapshot", "./build/gentownship", "./changeset", "./snapshot", "."} {
		for _, dep := range goList(t, "-deps", pkg) {
			if sqlDriver(dep) {
				t.Errorf("%s links %s", pkg, dep)
			}
		}
	}
	for _, pkg := range []string{"./change", "./server"} {
		for _, dep := range goList(t, "-deps", pkg) {
			if sqlDriver(dep) && dep != "database/sql" {
				t.Errorf("%s links the SQL driver %s (only store/open and the stores may)", pkg, dep)
			}
		}
	}
	for _, line := range goList(t, "-f", "{{.ImportPath}}:{{join .Deps \",\"}}", "./internal/...") {
		pkg, deps, _ := strings.Cut(line, ":")
		for _, dep := range strings.Split(deps, ",") {
			if dep == mod {
				t.Errorf("%s imports the root package", pkg)
			}
		}
	}
	for _, imp := range goList(t, "-f", "{{join .Imports \" \"}}", ".") {
		if rest, ok := strings.CutPrefix(imp, mod+"/"); ok && rest != "snapshot" && !strings.HasPrefix(rest, "internal/") {
			t.Errorf("the root package imports %s: it may import only snapshot and internal/", imp)
		}
	}
}
