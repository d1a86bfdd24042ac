// Package towntest tests package address with the township level loaded
// (package township). It is a package of its own because loading the
// township level changes quhua.Default for the whole test binary, and the
// address package's own tests measure the county level alone.
package towntest
