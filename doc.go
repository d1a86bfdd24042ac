// Package quhua is a registry of China's administrative divisions — every
// county-level-and-above division (GB/T 2260 code) from 1981 to today, with
// its name, kind, legal parent (隶属) and administering parent (代管), valid
// at any date, and every change with the document that decided it.
//
// Most programs need two calls:
//
//	reg := quhua.Default()                       // the embedded data, loaded once
//	d, ok := reg.At(quhua.MustParseDate("2019")).Lookup(220381)
//	// d.Name == "公主岭市", d.Admin.Name == "四平市" (代管)
//
// and, to carry a code from one date to another,
//
//	t, err := reg.Translate(220381, from, to)    // → 220184, same area (recoded)
//
// The township level (街道, 镇, 乡 …, 9-digit codes, 2015-09-30 to
// 2023-06-30) is in package github.com/quhua/quhua/township: importing it
// adds the townships to Default, with the same records, events and links,
// so that Lookup(220381103), Children of a county, Find, History, Translate
// and DiffLevel work at township level. Programs that do not import it pay
// nothing for it.
//
// # The model
//
// History is a sequence of change events. A [Record] is one code with one
// name over one validity interval [From, To); a division that is renamed,
// recoded or moved to another parent gets a new record. An [Event] has an
// effective date (a day when a document gives one; else the year, meaning 31
// December as in the yearly lists, with [Precision] Year), its documents
// (文号, title, date, source) and [Link]s saying where each record's area
// went. [Event.Operations] groups the links into renames, recodes, merges,
// splits, transfers of part of an area, establishments and abolitions.
//
// The registry is compiled from the upstream yearly lists and their
// area-diff files by the generator in build/gensnapshot ("go generate"),
// into the snapshot embedded in this package. Replaying the events of any
// year on that year's list yields exactly the next year's list, 1981→2024,
// which the tests check.
//
// # Dates
//
// [ParseDate] accepts "2020" (the end of 2020, the lists' convention),
// "2020-06" (the end of June) and "2020-06-05", and nothing else: the one
// date grammar of the library, the command line, the API and change files.
// A [View] is the registry as
// of one date: lookups by code ([View.Lookup]), by name, short name or path
// ([View.Find]), children ([View.Children]). [Registry.History] tells a
// division's whole story across its records; [Registry.Diff] lists what
// changed between two dates.
//
// # Translations never guess
//
// [Registry.Translate] walks the lineage forward or backward and labels each
// target with the relation of areas ([Same], [Superset], [Subset],
// [Overlap]) and a recoding [Status] (exact, renamed, recoded, merged,
// split, partial, abolished). A split lists every part; a transfer of part
// of an area is listed as a partial target.
//
// # Codes in the wild
//
// [Registry.Identify] recognises codes that circulate without being
// divisions: the raw 1990–1994 lists' XX90XX codes, 市辖区 placeholders and
// statistical-only development-zone codes.
//
// # Compatibility
//
// Exported names keep their meaning across releases. The data changes with
// every release: [Registry.Version] names it, [Registry.UpstreamCommit] the
// upstream commit it was compiled from. Programs that need newer data than
// the embedded copy can [Load] a snapshot file.
package quhua
