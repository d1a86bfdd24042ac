// Command genfold writes the address package's character-folding table,
// fold_table.go; see package foldgen for its sources.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/quhua/quhua/address/internal/foldgen"
)

func main() {
	dir := flag.String("data", "data", "directory of EquivalentUnifiedIdeograph.txt and TSCharacters.txt")
	out := flag.String("o", "fold_table.go", "output file")
	flag.Parse()
	src, err := foldgen.Generate(*dir)
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genfold:", err)
		os.Exit(1)
	}
}
