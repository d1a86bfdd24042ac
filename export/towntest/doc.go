// Package towntest checks, with the township level loaded (package
// township), that every output carrying a date of the registry — the
// divisions export in each format, the API's JSON shapes, change sets
// drafted from recorded events — keeps the date's precision: a year as a
// year, an interval with both its ends, never a bare day. It is a package
// of its own because loading the township level changes quhua.Default for
// the whole test binary, and package export's own tests read the county
// level alone.
package towntest
