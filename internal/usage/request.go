package usage

import (
	"context"
	"sync/atomic"
)

// Request is one request authenticated by an API key, tracked until it is
// answered, so that a refusal after authentication (the key's rate limit,
// a missing scope) counts it as refused rather than served, once however
// many of its GraphQL fields were refused.
type Request struct{ refused atomic.Bool }

type requestKey struct{}

// Track returns ctx carrying a new Request.
func Track(ctx context.Context) (context.Context, *Request) {
	r := &Request{}
	return context.WithValue(ctx, requestKey{}, r), r
}

// Refuse marks the request of ctx as refused for its key. Requests not
// tracked (sessions, anonymous) are left alone.
func Refuse(ctx context.Context) {
	if r, ok := ctx.Value(requestKey{}).(*Request); ok {
		r.refused.Store(true)
	}
}

// Refused reports whether anything refused the request.
func (r *Request) Refused() bool { return r.refused.Load() }
