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
	// Copied in bulk, then their events renumbered in place.
	out.Records = make([]Record, len(base.Records)+len(level.Records))
	copy(out.Records, base.Records)
	copy(out.Records[nb:], level.Records)
	for i := range out.Records {
		idx := baseIdx
		if i >= int(nb) {
			idx = levelIdx
		}
		r := &out.Records[i]
		r.FromEvent, r.ToEvent = remap(r.FromEvent, idx), remap(r.ToEvent, idx)
	}
	links := make([]Link, 0, len(base.Links)+len(level.Links))
	for _, l := range base.Links {
		l.Event = baseIdx[l.Event]
		links = append(links, l)
	}
	for _, l := range level.Links {
		l.From += nb
		l.To += nb
		l.Event = levelIdx[l.Event]
		links = append(links, l)
	}
	// Links in event order, as the generator writes them; linkIdx maps a
	// link's index in links (base, then level) to its place in out.Links.
	order := make([]int32, len(links))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(links[a].Event) - int(links[b].Event) })
	linkIdx := make([]int32, len(links))
	out.Links = make([]Link, len(links))
	for k, i := range order {
		out.Links[k] = links[i]
		linkIdx[i] = int32(k)
	}
	// The marks follow their facts.
	nbl := int32(len(base.Links))
	for part, d := range []*Data{base, level} {
		for _, m := range d.Marks {
			switch m.Of {
			case MarkRecord:
				if part == 1 {
					m.Index += nb
				}
			case MarkEvent:
				m.Index = remap(m.Index, [][]int32{baseIdx, levelIdx}[part])
			case MarkLink:
				if part == 1 {
					m.Index += nbl
				}
				m.Index = linkIdx[m.Index]
			}
			out.Marks = append(out.Marks, m)
		}
	}
	out.SortMarks()
	// out holds checked data renumbered consistently: it passes Check by
	// construction (merge_test.go checks that it does).
	return out, nil
}

func remap(e int32, idx []int32) int32 {
	if e < 0 {
		return e
	}
	return idx[e]
}
