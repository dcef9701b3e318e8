package server

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
)

// wholeBody sends the answer of next (gqlgen) in one piece with its
// Content-Length. reqlog flushes every response after its handler, to see
// whether it was delivered; a response with no length is then sent
// chunked, in two writes (the flush, then the closing chunk), and every
// client has to undo the chunking. gqlgen writes its JSON in one Write
// anyway, so keeping it until the handler returns costs a copy and no
// waiting. The status next chose goes out with it, through the writers
// outside (reqlog's and the deadline's), which may still turn a 200 into
// a 429 or a 503.
func wholeBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := bufferedWriters.Get().(*bufferedWriter)
		bw.ResponseWriter = w
		defer bw.release()
		next.ServeHTTP(bw, r)
		bw.send()
	})
}

// maxPooledBody is the largest buffer kept for another response: a page
// of 100 vehicles is about 11 KiB, and a rare larger answer should not
// keep its memory for ever.
const maxPooledBody = 64 << 10

var bufferedWriters = sync.Pool{New: func() any { return new(bufferedWriter) }}

// bufferedWriter keeps the status and the body until send. It has no
// Unwrap on purpose: a flush through http.ResponseController would send
// the header before the length is known.
type bufferedWriter struct {
	http.ResponseWriter
	buf    bytes.Buffer
	status int // 0 until WriteHeader or Write
}

func (w *bufferedWriter) release() {
	if w.buf.Cap() > maxPooledBody {
		w.buf = bytes.Buffer{}
	}
	w.buf.Reset()
	w.ResponseWriter, w.status = nil, 0
	bufferedWriters.Put(w)
}

func (w *bufferedWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

// send writes what the handler wrote, if anything: a handler that wrote
// nothing leaves the response to the server, as it would have.
func (w *bufferedWriter) send() {
	if w.status == 0 {
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(w.buf.Len()))
	w.ResponseWriter.WriteHeader(w.status)
	if w.buf.Len() > 0 {
		// A failure is reqlog's to record, and the client's loss.
		w.ResponseWriter.Write(w.buf.Bytes())
	}
}
