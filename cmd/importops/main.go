// Command importops runs the ImportOps API-keys service and administers
// it: organisations, users and support-issued keys. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"importops/ent"
)

const usage = `usage:
  importops serve [--addr 127.0.0.1:8080] [--db URL] [--demo] [--cors-origin ORIGIN]...
                  [--public-url URL] [--trusted-proxy CIDR]... [--key-rate-limit N]
  importops org create --slug acme --name "Acme Imports" --plan pro|core
  importops org set-plan --org acme --plan pro|core
  importops user create --org acme --email ada@acme.test --name "Ada Admin" --role admin|member --password-stdin
  importops user create --staff --email sam@importops.test --name "Sam Support"
  importops key issue --org acme --name "ERP sync" --scope vehicles.read [--scope vehicles.write] [--expires 2027-06-30] --by sam@importops.test

Every command takes --db URL (postgres://… or sqlite:PATH); the default is
$DATABASE_URL, or sqlite:importops.db.`

type command func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error

var commands = map[string]command{
	"serve":        serve,
	"org create":   orgCreate,
	"org set-plan": orgSetPlan,
	"user create":  userCreate,
	"key issue":    keyIssue,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "importops: %s\n", oneLine(err))
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) >= 1 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(ctx, args[1:], stdin, stdout)
		}
	}
	if len(args) >= 2 {
		if cmd, ok := commands[args[0]+" "+args[1]]; ok {
			return cmd(ctx, args[2:], stdin, stdout)
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q; run importops help", strings.Join(args[:min(2, len(args))], " "))
}

// oneLine is err's message for a person: ent's validation errors without
// their "ent: validator failed for field" preamble.
func oneLine(err error) string {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		err = verr.Unwrap()
	}
	return err.Error()
}
