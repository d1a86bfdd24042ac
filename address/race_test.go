//go:build race

package address

// raceEnabled: the race detector is on; it slows parsing unevenly, so
// timing ratios mean little.
const raceEnabled = true
