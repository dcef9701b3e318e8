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
	"slices"
	"strings"
	"syscall"

	"importops/ent"
)

type command struct {
	name     string // "org create"
	synopsis string // the flags, as the usage shows them
	about    string // one sentence for --help
	run      func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error
}

// commands, in the order the usage lists them.
var commands = []command{
	{"serve", "[--addr 127.0.0.1:8080] [--db URL] [--demo] [--cors-origin ORIGIN]...\n" +
		"                [--public-url URL] [--trusted-proxy CIDR]... [--key-rate-limit N] [--org-concurrency N]\n" +
		"                [--metrics-addr ADDRESS] [--webhook-key-file FILE] [--allow-insecure-webhooks]",
		"Serve the GraphQL API and the settings page.", serve},
	{"org create", `--slug acme --name "Acme Imports" --plan pro|core`,
		"Create an organisation.", orgCreate},
	{"org set-plan", "--org acme --plan pro|core [--by sam@importops.test]",
		"Change an organisation's plan; it binds the very next request.", orgSetPlan},
	{"org list", "",
		"List the organisations, with their plans and active keys.", orgList},
	{"user create", `--org acme --email ada@acme.test --name "Ada Admin" --role admin|member --password-stdin` +
		"\n  importops user create --staff --email sam@importops.test --name \"Sam Support\"",
		"Create a team member, or (--staff) an ImportOps support member.", userCreate},
	{"user list", "--org acme | --staff",
		"List an organisation's team members, or the support members.", userList},
	{"key issue", `--org acme --name "ERP sync" --scope vehicles.read [--scope vehicles.write] [--expires 2027-06-30] --by sam@importops.test`,
		"Issue a key as support, with any scopes; the token is printed once.", keyIssue},
	{"key list", "--org acme [--status active|expired|revoked]",
		"List an organisation's keys, newest first.", keyList},
	{"key revoke", "--org acme --prefix iops_AbC1234 --by sam@importops.test [--reason revoked|exposed]\n" +
		"  importops key revoke --token-stdin --by sam@importops.test [--reason revoked|exposed]",
		"Revoke a key as support, by its prefix or by its whole token on standard input; the audit log names you.", keyRevoke},
	{"migrate", "[--dry-run] [--init]",
		"Show (--dry-run) or apply the database migrations this version needs; other commands apply them too.", migrateCmd},
	{"version", "", "Print the version of this binary.", version},
}

func (c command) line() string {
	return strings.TrimSpace("importops " + c.name + " " + c.synopsis)
}

func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s\n", c.line())
	}
	b.WriteString("\nEvery command but version takes --db URL (postgres://… or sqlite:PATH); the\n" +
		"default is $DATABASE_URL, or sqlite:importops.db. importops COMMAND --help\n" +
		"lists a command's flags.")
	return b.String()
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
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, usage())
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			err := c.run(ctx, args[len(words):], stdin, stdout)
			if h, ok := errors.AsType[*helpRequest](err); ok {
				printHelp(stdout, c, h.fs)
				return nil
			}
			return err
		}
	}
	return fmt.Errorf("unknown command %q; run importops help", strings.Join(args[:min(2, len(args))], " "))
}

// oneLine is err's message for a person: for ent's validation errors, the
// schema validator's own sentence, without ent's "validator failed for
// field" wrapping around it.
func oneLine(err error) string {
	if verr, ok := errors.AsType[*ent.ValidationError](err); ok {
		err = verr.Unwrap()
		for errors.Unwrap(err) != nil {
			err = errors.Unwrap(err)
		}
	}
	return err.Error()
}
