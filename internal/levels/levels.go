// Package levels lets package township add its level to the default
// registry when it is imported, as time/tzdata adds its zone data to
// package time: the root package asks Township for the compiled township
// level if it is set.
package levels

import "github.com/quhua/quhua/snapshot"

// Township returns the compiled township level. Package township sets it
// in its init function; it is nil in programs that do not import it.
var Township func() (*snapshot.Data, error)

// TownshipHorizon is the township level's horizon (township.Horizon, as
// YYYYMMDD), set with Township; the HTTP API reports it.
var TownshipHorizon int32
