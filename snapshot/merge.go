package snapshot

import (
	"fmt"
	"slices"
	"strings"
)

// CountyEventRef starts the Ref of a township-level event that follows a
// county-level event (its townships' codes followed the county's recode).
// Merge folds such an event into the county-level event it names.
const CountyEventRef = "county-level event: "

// Merge returns the data of both registries in one: the records, events
// and links of base (the county level and above) and of level (the
// township level), events in date order. An event of level whose Ref is
// CountyEventRef followed by a base event's Ref, on the same date, is that
// base event: its links and records join it. Neither input is modified.
func Merge(base, level *Data) (*Data, error) {
	if err := base.Check(); err != nil {
		return nil, err
	}
	if err := level.Check(); err != nil {
		return nil, fmt.Errorf("township level: %w", err)
	}
	out := &Data{DataVersion: base.DataVersion, UpstreamCommit: base.UpstreamCommit, Note: base.Note, FirstYear: base.FirstYear, LastYear: base.LastYear}
	// Which level events fold into a base event.
	same := make([]int, len(level.Events))
	byRef := map[string][]int{}
	for i, e := range base.Events {
		byRef[e.Ref] = append(byRef[e.Ref], i)
	}
	for i, e := range level.Events {
		same[i] = -1
		if ref, ok := strings.CutPrefix(e.Ref, CountyEventRef); ok {
			for _, j := range byRef[ref] {
				if base.Events[j].Date == e.Date {
					same[i] = j
				}
			}
		}
	}
	// Interleave the events by date, base first on equal dates.
	baseIdx := make([]int32, len(base.Events))
	levelIdx := make([]int32, len(level.Events))
	out.Events = make([]Event, 0, len(base.Events)+len(level.Events))
	i, j := 0, 0
	for i < len(base.Events) || j < len(level.Events) {
		if j < len(level.Events) && same[j] >= 0 {
			j++ // placed with its base event
			continue
		}
		if j >= len(level.Events) || i < len(base.Events) && base.Events[i].Date <= level.Events[j].Date {
			baseIdx[i] = int32(len(out.Events))
			out.Events = append(out.Events, base.Events[i])
			i++
			continue
		}
		levelIdx[j] = int32(len(out.Events))
		out.Events = append(out.Events, level.Events[j])
		j++
	}
	for k, b := range same {
		if b >= 0 {
			levelIdx[k] = baseIdx[b]
		}
	}
	nb := int32(len(base.Records))
	out.Records = make([]Record, 0, len(base.Records)+len(level.Records))
	for _, r := range base.Records {
		r.FromEvent, r.ToEvent = remap(r.FromEvent, baseIdx), remap(r.ToEvent, baseIdx)
		out.Records = append(out.Records, r)
	}
	for _, r := range level.Records {
		r.FromEvent, r.ToEvent = remap(r.FromEvent, levelIdx), remap(r.ToEvent, levelIdx)
		out.Records = append(out.Records, r)
	}
	out.Links = make([]Link, 0, len(base.Links)+len(level.Links))
	for _, l := range base.Links {
		l.Event = baseIdx[l.Event]
		out.Links = append(out.Links, l)
	}
	for _, l := range level.Links {
		l.From += nb
		l.To += nb
		l.Event = levelIdx[l.Event]
		out.Links = append(out.Links, l)
	}
	// Links in event order, as the generator writes them.
	slices.SortStableFunc(out.Links, func(a, b Link) int { return int(a.Event) - int(b.Event) })
	return out, out.Check()
}

func remap(e int32, idx []int32) int32 {
	if e < 0 {
		return e
	}
	return idx[e]
}
