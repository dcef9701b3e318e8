package main_test

import (
	"net"
	"testing"

	"importops/internal/testenv"
)

// TestServeFromEnvironment: the real binary reads its serve flags from
// IMPORTOPS_* variables, and a flag on the command line wins.
func TestServeFromEnvironment(t *testing.T) {
	busy := make([]string, 2)
	for i := range busy {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		busy[i] = ln.Addr().String()
	}
	sqlite := testenv.SQLiteURL(t)

	r := runIn(t, t.TempDir(), []string{"IMPORTOPS_ADDR=" + busy[0]}, "", "serve", "--db", sqlite)
	wantFailure(t, r, busy[0])

	r = runIn(t, t.TempDir(), []string{"IMPORTOPS_ADDR=" + busy[0]}, "", "serve", "--db", sqlite, "--addr", busy[1])
	wantFailure(t, r, busy[1])

	r = runIn(t, t.TempDir(), []string{"IMPORTOPS_TRUSTED_PROXY=10.0.0.0/8,not-a-cidr"}, "", "serve", "--db", sqlite)
	wantFailure(t, r, "not-a-cidr")
}
