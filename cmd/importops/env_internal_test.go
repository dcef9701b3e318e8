package main

import (
	"slices"
	"strings"
	"testing"
)

// TestFromEnv: every serve flag can come from IMPORTOPS_<NAME>, the
// command line wins, repeatable flags take lists, and a bad value names
// its variable.
func TestFromEnv(t *testing.T) {
	env := map[string]string{
		"IMPORTOPS_ADDR":           "0.0.0.0:9000",
		"IMPORTOPS_KEY_RATE_LIMIT": "7",
		"IMPORTOPS_DEMO":           "true",
		"IMPORTOPS_CORS_ORIGIN":    "https://a.example, https://b.example",
		"IMPORTOPS_PUBLIC_URL":     "https://keys.example",
		"IMPORTOPS_DB":             "sqlite:ignored.db", // --db is DATABASE_URL's
	}
	fs, db := flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "")
	rate := fs.Int("key-rate-limit", 50, "")
	demo := fs.Bool("demo", false, "")
	publicURL := fs.String("public-url", "", "")
	var origins multi
	fs.Var(&origins, "cors-origin", "")
	if err := parse(fs, []string{"--addr", "127.0.0.1:1234"}); err != nil {
		t.Fatal(err)
	}
	if err := fromEnv(fs, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if *addr != "127.0.0.1:1234" {
		t.Errorf("--addr = %q: the command line must win over IMPORTOPS_ADDR", *addr)
	}
	if *rate != 7 || !*demo || *publicURL != "https://keys.example" {
		t.Errorf("from the environment: rate %d, demo %v, public URL %q", *rate, *demo, *publicURL)
	}
	if want := []string{"https://a.example", "https://b.example"}; !slices.Equal(origins, want) {
		t.Errorf("IMPORTOPS_CORS_ORIGIN gave %q, want %q", origins, want)
	}
	if *db != "" {
		t.Errorf("--db = %q: it comes from DATABASE_URL, not IMPORTOPS_DB", *db)
	}

	fs, _ = flags("serve")
	fs.Int("key-rate-limit", 50, "")
	if err := parse(fs, nil); err != nil {
		t.Fatal(err)
	}
	err := fromEnv(fs, func(k string) string { return map[string]string{"IMPORTOPS_KEY_RATE_LIMIT": "lots"}[k] })
	if err == nil || !strings.Contains(err.Error(), "IMPORTOPS_KEY_RATE_LIMIT") {
		t.Errorf("a bad value: got %v, want an error naming IMPORTOPS_KEY_RATE_LIMIT", err)
	}
}
