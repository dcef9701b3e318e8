package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// figure is one measured number, with the target it answers to, if any.
type figure struct {
	Name   string  `json:"figure"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"`
	Met    *bool   `json:"met,omitempty"`
	Note   string  `json:"note,omitempty"`
}

type report struct{ figures []figure }

func (r *report) add(name string, value float64, unit, note string) {
	r.figures = append(r.figures, figure{Name: name, Value: value, Unit: unit, Note: note})
}

// check adds a figure with a target; met says whether it is reached.
func (r *report) check(name string, value float64, unit, target string, met bool, note string) {
	r.figures = append(r.figures, figure{Name: name, Value: value, Unit: unit, Target: target, Met: &met, Note: note})
}

func (r *report) print(w io.Writer) {
	nameW, valW := len("figure"), len("value")
	for _, f := range r.figures {
		nameW = max(nameW, len(f.Name))
		valW = max(valW, len(format(f.Value, f.Unit)))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-*s  %*s  %-28s  %s\n", nameW, "figure", valW, "value", "target", "note")
	fmt.Fprintf(w, "%s  %s  %s  %s\n", strings.Repeat("-", nameW), strings.Repeat("-", valW), strings.Repeat("-", 28), strings.Repeat("-", 4))
	for _, f := range r.figures {
		target := f.Target
		if f.Met != nil {
			if *f.Met {
				target += " ✓"
			} else {
				target += " ✗ NOT MET"
			}
		}
		fmt.Fprintf(w, "%-*s  %*s  %-28s  %s\n", nameW, f.Name, valW, format(f.Value, f.Unit), target, f.Note)
	}
	fmt.Fprintln(w)
	enc := json.NewEncoder(w)
	for _, f := range r.figures {
		enc.Encode(f)
	}
}

func format(v float64, unit string) string {
	var s string
	switch {
	case v == float64(int64(v)) && (v >= 100 || v <= -100 || unit == "errors" || unit == "rows" || unit == "B/op" || unit == "allocs/op"):
		s = fmt.Sprintf("%d", int64(v))
	case v >= 100:
		s = fmt.Sprintf("%.0f", v)
	case v >= 10:
		s = fmt.Sprintf("%.1f", v)
	default:
		s = fmt.Sprintf("%.3g", v)
	}
	if unit == "" {
		return s
	}
	return s + " " + unit
}
