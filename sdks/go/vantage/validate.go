package vantage

import (
	"fmt"
	"strings"
)

// deref returns *p, or the zero value for nil (an options pointer left nil).
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// optional returns the one options pointer of a variadic parameter, or nil.
func optional[T any](opts []*T) *T {
	if len(opts) == 0 {
		return nil
	}
	return opts[len(opts)-1]
}

func checkRange(field string, value, lo, hi int) error {
	if value < lo || value > hi {
		return fieldError(field, fmt.Sprintf("must be between %d and %d, got %d", lo, hi, value))
	}
	return nil
}

func checkID(field, value string) error {
	switch {
	case strings.TrimSpace(value) == "":
		return fieldError(field, "is required")
	case len(value) > 128:
		return fieldError(field, fmt.Sprintf("must be at most 128 characters, got %d", len(value)))
	case strings.ContainsAny(value, "/?#\x00"):
		return fieldError(field, fmt.Sprintf("must not contain '/', '?', '#' or NUL, got %q", value))
	}
	return nil
}

// enumList converts strings to an enum type, refusing values valid does not know.
func enumList[E ~string](field string, values []string, valid func(E) bool) ([]E, error) {
	out := make([]E, 0, len(values))
	for _, v := range values {
		if !valid(E(v)) {
			return nil, fieldError(field, fmt.Sprintf("unknown value %q", v))
		}
		out = append(out, E(v))
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
