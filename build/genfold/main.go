// Command genfold writes the address package's character-folding table,
// fold_table.go; see package foldgen for its sources.
package main

import (
	"flag"

	"github.com/quhua/quhua/build/foldgen"
	"github.com/quhua/quhua/build/genfile"
)

func main() {
	dir := flag.String("data", "data", "directory of EquivalentUnifiedIdeograph.txt and TSCharacters.txt")
	out := genfile.Flags("fold_table.go")
	flag.Parse()
	genfile.Main("genfold", func() error {
		src, err := foldgen.Generate(*dir)
		if err != nil {
			return err
		}
		return out.Emit(out.Path, src)
	})
}
