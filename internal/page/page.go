// Package page reads the Relay pagination arguments (first, after) that
// every list takes. Lists are ordered newest first by id, and a cursor is
// the opaque form of the last id seen, so a page is one index range scan
// however deep it is.
package page

import (
	"encoding/base64"
	"strconv"

	"importops/internal/apierr"
)

const (
	// DefaultSize is the page size when first is omitted.
	DefaultSize = 20
	// MaxSize is the largest first a caller may ask for.
	MaxSize = 100
)

// Window is a validated page request: at most Size items with id below
// Before (0 means from the newest).
type Window struct {
	Size   int
	Before int
}

// Parse validates first and after.
func Parse(first *int, after *string) (Window, error) {
	w := Window{Size: DefaultSize}
	if first != nil {
		if *first < 1 || *first > MaxSize {
			return w, apierr.Input("first", "first must be between 1 and 100")
		}
		w.Size = *first
	}
	if after != nil {
		id, err := decode(*after)
		if err != nil {
			return w, apierr.Input("after", "after must be a cursor returned by this list")
		}
		w.Before = id
	}
	return w, nil
}

// Cursor is the cursor of the item with this id.
func Cursor(id int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(id)))
}

func decode(cursor string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, err
	}
	id, err := strconv.Atoi(string(b))
	if err != nil || id < 1 {
		return 0, strconv.ErrSyntax
	}
	return id, nil
}

// Info describes a fetched page: the query asked for Size+1 items, and the
// extra one, if it came, says that another page follows.
func Info[T any](w Window, items []T, id func(T) int) (page []T, hasNext bool, endCursor *string) {
	if len(items) > w.Size {
		items, hasNext = items[:w.Size], true
	}
	if len(items) > 0 {
		c := Cursor(id(items[len(items)-1]))
		endCursor = &c
	}
	return items, hasNext, endCursor
}
