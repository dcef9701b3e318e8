package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"text/tabwriter"
)

// helpRequest is what parse returns for --help or -h: run prints the
// command's help and exits 0, and the command itself does nothing.
type helpRequest struct{ fs *flag.FlagSet }

func (*helpRequest) Error() string { return "help requested" }

// printHelp shows a command's synopsis, what it does, and every flag with
// its meaning and default, from the flag set itself so it cannot drift.
func printHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.line(), c.about)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(tw, "\nflags:")
			first = false
		}
		arg := "--" + f.Name
		name, usage := flag.UnquoteUsage(f)
		switch name {
		case "":
		case "string", "value":
			arg += " " + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		case "int":
			arg += " N"
		default:
			arg += " " + strings.ToUpper(name)
		}
		if c.name == "serve" && f.Name != "db" {
			usage += " [$" + envName(f.Name) + "]"
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", arg, usage)
	})
	tw.Flush()
}

// buildVersion is set by make build (-ldflags "-X main.buildVersion=…")
// from git describe; a plain go build falls back to what the toolchain
// recorded.
var buildVersion string

// version prints the version this binary was built from.
func version(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, versionString())
	return nil
}

func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if buildVersion != "" {
		goVersion := ""
		if ok {
			goVersion = " built with " + info.GoVersion
		}
		return "importops " + buildVersion + goVersion
	}
	if !ok {
		return "importops (version unknown)"
	}
	v := "importops " + info.Main.Version
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += " (commit " + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			v += ", modified"
		}
		v += ")"
	}
	return v + " built with " + info.GoVersion
}
