package recode

import (
	"errors"
	"strconv"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', 10, 64) }
