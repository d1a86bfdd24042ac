//go:build race

package recode

// raceEnabled: the race detector is on, and memory figures mean little.
const raceEnabled = true
