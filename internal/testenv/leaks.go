package testenv

// Helpers for the "nothing leaks" tests (internal/server/leaks_test.go,
// cmd/importops/soak_test.go, cmd/importops/leaks_db_test.go): finding
// secrets in a large text, dumping every table, and checking the request
// log line by line.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/internal/database"
)

// isRunChar reports whether c may be part of a token, a session secret or
// a CSRF token (base62, base32, base64url).
func isRunChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// FindSecrets returns a line for each secret that occurs in text. It is
// fast with thousands of secrets and megabytes of text: a secret made only
// of token characters can occur only inside a run of such characters, so
// only those runs are searched, through a map; other secrets (passwords
// with spaces) are searched for directly.
func FindSecrets(text string, secrets []Secret) []string {
	byValue := map[string]string{}
	lengths := map[int]bool{}
	var found []string
	seen := map[string]bool{}
	report := func(value string) {
		if !seen[value] {
			seen[value] = true
			found = append(found, fmt.Sprintf("%s (%s…)", byValue[value], value[:min(len(value), 12)]))
		}
	}
	for _, s := range secrets {
		if s.Value == "" {
			found = append(found, fmt.Sprintf("%s is empty: the search would prove nothing", s.What))
			continue
		}
		plain := true
		for i := range len(s.Value) {
			plain = plain && isRunChar(s.Value[i])
		}
		if !plain {
			if strings.Contains(text, s.Value) && !seen[s.Value] {
				seen[s.Value] = true
				found = append(found, s.What)
			}
			continue
		}
		byValue[s.Value] = s.What
		lengths[len(s.Value)] = true
	}
	for i := 0; i < len(text); {
		if !isRunChar(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isRunChar(text[j]) {
			j++
		}
		run := text[i:j]
		for n := range lengths {
			for k := 0; k+n <= len(run); k++ {
				if _, ok := byValue[run[k:k+n]]; ok {
					report(run[k : k+n])
				}
			}
		}
		i = j
	}
	return found
}

// Runs returns the set of maximal runs of token characters in text, e.g.
// to find the hex digests a database dump must hold.
func Runs(text string) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < len(text); {
		if !isRunChar(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isRunChar(text[j]) {
			j++
		}
		out[text[i:j]] = true
		i = j
	}
	return out
}

// moreThanAPrefix matches a token longer than its 12-character prefix.
var moreThanAPrefix = regexp.MustCompile(`iops_[0-9A-Za-z]{8,}`)

// WantNoSecrets fails the test if text (named what) holds any secret, or
// more of any token than its prefix.
func WantNoSecrets(t testing.TB, what, text string, secrets []Secret) {
	t.Helper()
	for _, f := range FindSecrets(text, secrets) {
		t.Errorf("%s contains %s", what, f)
	}
	if m := moreThanAPrefix.FindString(text); m != "" {
		t.Errorf("%s contains more of a token than its prefix: %s…", what, m[:12])
	}
}

// DumpDB returns every row of every table of db, one line per row, each
// column as "table.column=value".
func DumpDB(t testing.TB, db *database.DB) string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect == dialect.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	names := queryStrings(t, db.SQL, q)
	if len(names) < 5 {
		t.Fatalf("found only the tables %v: the dump would prove nothing", names)
	}
	var b strings.Builder
	for _, name := range names {
		rows, err := db.SQL.Query(`SELECT * FROM "` + name + `"`)
		if err != nil {
			t.Fatalf("dumping %s: %v", name, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("dumping %s: %v", name, err)
			}
			for i, c := range cols {
				fmt.Fprintf(&b, "%s.%s=%s\t", name, c, stringify(vals[i]))
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("dumping %s: %v", name, err)
		}
		rows.Close()
	}
	return b.String()
}

func stringify(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(v)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

func queryStrings(t testing.TB, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, s)
	}
	return out
}

// LogLine is one request line of the server's log.
type LogLine struct {
	Msg       string   `json:"msg"`
	Method    *string  `json:"method"`
	Path      *string  `json:"path"`
	Status    *int     `json:"status"`
	Duration  *float64 `json:"duration_ms"`
	RequestID *string  `json:"request_id"`
	KeyPrefix *string  `json:"key_prefix"`
}

// CheckRequestLog checks the server's log: every line is a JSON object
// with time, level and msg; every request line has method, path, status,
// duration and request_id; and each request in requests has exactly one
// line, with its status, and key_prefix as the record says. It returns the
// request lines by request id.
func CheckRequestLog(t testing.TB, logs string, requests map[string]RequestRecord) map[string]LogLine {
	t.Helper()
	lines := map[string]LogLine{}
	bad := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, raw := range strings.Split(strings.TrimSuffix(logs, "\n"), "\n") {
		if raw == "" {
			continue
		}
		var fields map[string]any
		if err := json.Unmarshal([]byte(raw), &fields); err != nil {
			fail("a log line is not JSON: %q", raw)
			continue
		}
		for _, f := range []string{"time", "level", "msg"} {
			if _, ok := fields[f]; !ok {
				fail("log line without %s: %s", f, raw)
			}
		}
		if fields["msg"] != "request" {
			continue
		}
		var l LogLine
		json.Unmarshal([]byte(raw), &l)
		if l.Method == nil || l.Path == nil || l.Status == nil || l.Duration == nil || l.RequestID == nil || *l.RequestID == "" {
			fail("request log line without method, path, status, duration or request_id: %s", raw)
			continue
		}
		if _, dup := lines[*l.RequestID]; dup {
			fail("two request lines with request_id %s", *l.RequestID)
		}
		lines[*l.RequestID] = l
	}
	for id, rec := range requests {
		l, ok := lines[id]
		if !ok {
			fail("no request line for request %s (HTTP %d)", id, rec.Status)
			continue
		}
		if *l.Status != rec.Status {
			fail("request %s: logged status %d, the client got %d", id, *l.Status, rec.Status)
		}
		switch {
		case rec.KeyPrefix != "" && (l.KeyPrefix == nil || *l.KeyPrefix != rec.KeyPrefix):
			fail("request %s used key %s: logged key_prefix %v", id, rec.KeyPrefix, deref(l.KeyPrefix))
		case rec.NoKeyPrefix && l.KeyPrefix != nil:
			fail("request %s used no key: logged key_prefix %q", id, *l.KeyPrefix)
		}
	}
	if bad > 20 {
		t.Errorf("… and %d more problems with the log", bad-20)
	}
	return lines
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
