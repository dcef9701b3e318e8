//go:build pprof

package main

// Built only with -tags pprof (make bench's profiling run, see
// cmd/bench): serves net/http/pprof on IMPORTOPS_PPROF_ADDR, a separate
// loopback listener. The importops binary proper never includes it.

import (
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

func init() {
	if addr := os.Getenv("IMPORTOPS_PPROF_ADDR"); addr != "" {
		go http.ListenAndServe(addr, nil)
	}
}
