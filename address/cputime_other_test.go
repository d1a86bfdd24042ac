//go:build !unix

package address

func cpuSeconds() float64 { return 0 }
