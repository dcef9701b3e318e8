package main

import (
	"flag"
	"fmt"
	"strings"
)

// envPrefix starts the environment variable of each serve flag.
const envPrefix = "IMPORTOPS_"

// envName is the variable that configures a flag: --key-rate-limit is
// IMPORTOPS_KEY_RATE_LIMIT.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// fromEnv gives each flag of fs that the command line left unset the value
// of its environment variable, so that a container platform can configure
// the server without a command line; a flag given on the command line
// wins. A repeatable flag takes a comma-separated list. --db is left to
// the contract's DATABASE_URL (see open).
func fromEnv(fs *flag.FlagSet, getenv func(string) string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || set[f.Name] || f.Name == "db" {
			return
		}
		name := envName(f.Name)
		value := getenv(name)
		if value == "" {
			return
		}
		values := []string{value}
		if _, repeatable := f.Value.(*multi); repeatable {
			values = strings.Split(value, ",")
		}
		for _, v := range values {
			if e := fs.Set(f.Name, strings.TrimSpace(v)); e != nil {
				err = fmt.Errorf("%s: %s=%q is not a valid value for --%s", fs.Name(), name, value, f.Name)
				return
			}
		}
	})
	return err
}
