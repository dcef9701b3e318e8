package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events
	Test       string
	Output     string
}

func runGo(args []string) (bool, error) {
	fs := flag.NewFlagSet("go", flag.ContinueOnError)
	file := fs.String("counts", "", "where to write the counts (JSON)")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	c, err := summariseGo(os.Stdin, os.Stdout)
	if err != nil {
		return false, err
	}
	fmt.Printf("Go: %s\n", c)
	if *file != "" {
		b, _ := json.Marshal(c)
		if err := os.WriteFile(*file, append(b, '\n'), 0o644); err != nil {
			return false, err
		}
	}
	return c.Failed == 0, nil
}

// goRun follows a `go test -json` stream. A test's output is held until
// the test ends: shown whole if it failed, as its reason if it was
// skipped, dropped if it passed.
type goRun struct {
	out     io.Writer
	c       counts
	held    map[string][]string // package + " " + test → output lines
	failing map[string]bool     // packages with a failed test
}

func summariseGo(in io.Reader, out io.Writer) (counts, error) {
	r := &goRun{out: out, held: map[string][]string{}, failing: map[string]bool{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			// Not an event (the go command's own words): pass it on.
			fmt.Fprintf(out, "%s\n", line)
			continue
		}
		r.handle(e)
	}
	return r.c, sc.Err()
}

func (r *goRun) handle(e event) {
	key := e.Package + " " + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(r.out, e.Output)
	case e.Action == "build-fail":
		r.c.Failed++                                 // the package's tests cannot run
		pkg, _, _ := strings.Cut(e.ImportPath, " [") // "p [p.test]"
		r.failing[pkg] = true
	case e.Test == "" && e.Action == "output":
		// The package's own lines: "ok …", "FAIL …", a panic outside a
		// test. The bare PASS and the -v echo are noise.
		if e.Output != "PASS\n" && !strings.HasPrefix(e.Output, "=== ") {
			fmt.Fprint(r.out, e.Output)
		}
	case e.Test == "" && e.Action == "fail":
		r.flushUnfinished(e.Package)
		if !r.failing[e.Package] {
			// No test failed, yet the package did (TestMain, a timeout,
			// a crash between tests): count it so the total says so.
			r.c.Failed++
		}
	case e.Test == "":
	case e.Action == "output":
		r.held[key] = append(r.held[key], e.Output)
	case e.Action == "pass":
		r.c.Passed++
		delete(r.held, key)
	case e.Action == "skip":
		r.c.Skipped++
		r.show(key, true)
	case e.Action == "fail":
		r.c.Failed++
		r.failing[e.Package] = true
		r.show(key, false)
	}
}

// show prints a finished test's held output: all of it for a failure, the
// reason and the SKIP line for a skip.
func (r *goRun) show(key string, skipped bool) {
	for _, l := range r.held[key] {
		if skipped && isProgress(l) {
			continue
		}
		fmt.Fprint(r.out, l)
	}
	delete(r.held, key)
}

// flushUnfinished shows the output of a failed package's tests that never
// ended (a timeout or a crash stops them mid-way).
func (r *goRun) flushUnfinished(pkg string) {
	var keys []string
	for k := range r.held {
		if strings.HasPrefix(k, pkg+" ") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(r.out, "--- unfinished: %s\n", strings.TrimPrefix(k, pkg+" "))
		r.show(k, false)
	}
}

func isProgress(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "=== RUN") || strings.HasPrefix(t, "=== PAUSE") || strings.HasPrefix(t, "=== CONT") || strings.HasPrefix(t, "=== NAME")
}
