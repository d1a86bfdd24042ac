package quhua

// The pinyin table is generated from the names of the snapshot, so it is
// generated after it: go generate runs the files of a package in name
// order, and this file sorts after registry.go, which builds the snapshot.

//go:generate go run ./build/genpinyin -areacity data/areacity/ok_data_level3.csv -overrides data/pinyin/overrides.tsv -out pinyin.tsv
