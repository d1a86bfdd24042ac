package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/quhua/quhua/change"
)

// smallBodyBytes bounds the small JSON bodies of the API: a webhook, a
// token request, the changes to apply, a rejection's reason. A larger body
// is refused with 413, not cut short and refused as malformed JSON.
const smallBodyBytes = 1 << 16

// decodeSmall decodes the small JSON body of r into v. shape describes the
// body the route wants, for the error; strict refuses unknown fields;
// optional accepts an empty body. Data after the JSON value is an error.
func decodeSmall(w http.ResponseWriter, r *http.Request, v any, shape string, strict, optional bool) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, smallBodyBytes))
	if strict {
		dec.DisallowUnknownFields()
	}
	err := dec.Decode(v)
	if optional && errors.Is(err, io.EOF) {
		return nil
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = terr
			if err == nil {
				err = errors.New("the body has more after the JSON value")
			}
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return changeErrorf(change.TooLarge, "the body is larger than %d bytes; it must be %s", mbe.Limit, shape)
	}
	if err != nil {
		return changeErrorf(change.Invalid, "the body must be %s: %v", shape, err)
	}
	return nil
}
