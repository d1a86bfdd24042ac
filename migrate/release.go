package migrate

import (
	"fmt"
	"strconv"

	"github.com/quhua/quhua"
)

// Release narrows a migration to exactly the changes of one release made
// by the change workflow (quhua change apply): the codes its events
// retired or linked from, read on the day before its first event and
// carried to the date of its last. changes are the ids of the release's
// change sets; reg must hold them (the registry of that release or a
// later one). The other values of the column are left as they are.
func Release(reg *quhua.Registry, name string, changes []int64) (Options, error) {
	refs := map[string]bool{}
	for _, id := range changes {
		refs["change/"+strconv.FormatInt(id, 10)] = true
	}
	o := Options{Release: name, Codes: map[string]bool{}}
	var first, last quhua.Date
	for _, e := range reg.Events() {
		if !e.Authored || !refs[e.Ref] {
			continue
		}
		if first == 0 || e.Date < first {
			first = e.Date
		}
		if e.Date > last {
			last = e.Date
		}
		for _, l := range e.Links {
			if l.From.Level() != quhua.Township {
				o.Codes[l.From.Code.String()] = true
			}
		}
		for _, r := range e.Retired {
			if r.Level() != quhua.Township {
				o.Codes[r.Code.String()] = true
			}
		}
	}
	if first == 0 {
		return o, fmt.Errorf("migrate: release %s has no applied event in the registry (is the store the one that made it?)", name)
	}
	o.From, o.To = first.AddDays(-1), last
	return o, nil
}
