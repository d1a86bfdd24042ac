package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store/open"
	"github.com/quhua/quhua/store/sqlite"
)

// localRegistry returns the current release of the local store in dir (or
// of db, if not empty), for commands that answer from the registry: nil,
// and no error, when dir holds no store yet, so that they fall back to the
// embedded registry. It never creates a store.
//
// A store found in dir whose base is cut at a date (a replay store, see
// change.SetBase) does not stand for the registry: it would hide every event
// after its base. localRegistry then returns nil, so that the commands
// answer from the embedded registry, and a note saying why; a store named
// with db is used as it is.
func localRegistry(ctx context.Context, db, dir string) (reg *quhua.Registry, note string, err error) {
	if db == "" {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
			return nil, "", nil
		}
	}
	st, err := open.Store(ctx, db, dir)
	if err != nil {
		return nil, "", err
	}
	defer st.Close()
	svc, err := change.New(ctx, st)
	if err != nil {
		return nil, "", err
	}
	if b := svc.CutBase(); b != "" && db == "" {
		return nil, fmt.Sprintf("the store in %s is cut at %s (it replays history) and would hide every event after it: answering from the embedded registry; set QUHUA_DB=%s to read it, or move it away",
			dir, b, filepath.Join(dir, sqlite.FileName)), nil
	}
	return svc.Registry(), "", nil
}
