// Command testsummary counts the tests that `make test` runs and says so at
// the end, for Go, the page's component tests (vitest) and the browser
// tests (node's test runner):
//
//	go test -json ./... | testsummary go -counts DIR/go.json
//	testsummary total -dir DIR -failed-steps "lint fuzz"
//
// `go` prints `go test`'s output as it would look without -json (an "ok"
// line per package; a failing test's whole output; a skipped test's reason),
// writes the counts to a file, and exits 1 when anything failed. `total`
// reads the three suites' counts and prints one line per suite, then the
// sum alone on the last line ("N passed, N failed, N skipped"), which is
// the line CI reads; it exits 1 when anything failed or did not run.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	var ok bool
	switch os.Args[1] {
	case "go":
		ok, err = runGo(os.Args[2:])
	case "total":
		ok, err = runTotal(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: go test -json ./... | testsummary go -counts FILE\n       testsummary total -dir DIR [-failed-steps \"STEP ...\"]")
	os.Exit(2)
}

// counts is one suite's tally, also the file `go` writes for `total`.
type counts struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

func (c counts) String() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", c.Passed, c.Failed, c.Skipped)
}

func (c *counts) add(o counts) {
	c.Passed += o.Passed
	c.Failed += o.Failed
	c.Skipped += o.Skipped
}
