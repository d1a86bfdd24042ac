package main

import (
	"errors"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
)

// namelessLocal is who acts on a local store without --user, $QUHUA_USER
// or $USER: nobody whose name could be recorded.
const namelessLocal = "(local)"

// asReader returns b with every role for a command that only reads and
// records no name (audit verify, token list): on a local store the person
// has every role, as quhua change --help says, and needs a user name only
// where one is recorded (drafting, approving, applying, tokens).
func asReader(b change.Backend) change.Backend {
	if l, ok := b.(change.Local); ok && l.As.User == namelessLocal {
		l.As.Role = store.Admin
		return l
	}
	return b
}

// namelessHint gives a refusal of the nameless local person the hint that
// helps: to give a user name, not to ask someone with the role.
func namelessHint(b change.Backend, err error) error {
	l, ok := b.(change.Local)
	var e *exitError
	var ce *change.Error
	if ok && l.As.User == namelessLocal && errors.As(err, &e) && errors.As(err, &ce) && ce.Kind == change.Forbidden {
		e.hint = "give your user name with --user or $QUHUA_USER: on a local store that user has every role, and it is recorded as the actor"
	}
	return err
}
