package page

import (
	"testing"

	"importops/internal/apierr"
)

func ptr[T any](v T) *T { return &v }

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		first *int
		after *string
		want  Window
		field string // non-empty: want BAD_USER_INPUT on this field
	}{
		{name: "defaults", want: Window{Size: DefaultSize}},
		{name: "first 1", first: ptr(1), want: Window{Size: 1}},
		{name: "first 100", first: ptr(100), want: Window{Size: 100}},
		{name: "first 0", first: ptr(0), field: "first"},
		{name: "first -1", first: ptr(-1), field: "first"},
		{name: "first 101", first: ptr(101), field: "first"},
		{name: "cursor", after: ptr(Cursor(42)), want: Window{Size: DefaultSize, Before: 42}},
		{name: "garbage cursor", after: ptr("not a cursor!"), field: "after"},
		{name: "cursor of text", after: ptr("YWJj"), field: "after"},
		{name: "cursor of zero", after: ptr(Cursor(0)), field: "after"},
		{name: "empty cursor", after: ptr(""), field: "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.first, tt.after)
			if tt.field != "" {
				e, ok := apierr.As(err)
				if !ok || e.Code != apierr.BadUserInput || e.Field != tt.field {
					t.Fatalf("err = %v, want BAD_USER_INPUT on %s", err, tt.field)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Parse = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestInfo(t *testing.T) {
	id := func(n int) int { return n }
	w := Window{Size: 2}
	items, next, end := Info(w, []int{9, 8, 7}, id)
	if len(items) != 2 || !next || end == nil || *end != Cursor(8) {
		t.Errorf("a full page and one more: got %v %v %v", items, next, end)
	}
	items, next, end = Info(w, []int{9, 8}, id)
	if len(items) != 2 || next || *end != Cursor(8) {
		t.Errorf("an exact last page: got %v %v %v", items, next, end)
	}
	items, next, end = Info(w, nil, id)
	if len(items) != 0 || next || end != nil {
		t.Errorf("an empty page: got %v %v %v", items, next, end)
	}
}
