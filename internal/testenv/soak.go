package testenv

// Mixed traffic for the soak tests: cmd/importops/soak_test.go drives a real
// `importops serve` subprocess with it, internal/server/soak_test.go the
// handler in process. Nothing here calls t.Fatal from a worker goroutine:
// every surprise is a violation in the report, for the test to assert on.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"importops/internal/token"
)

// SoakSetup is what the traffic needs; the test creates it beforehand.
type SoakSetup struct {
	URL string
	// An admin of organisation A (on Pro), who signs in, creates and
	// revokes keys during the run.
	AdminEmail, AdminPassword string
	KeysA                     []string // read keys of A that stay valid
	WriteKeyA                 string   // a vehicles.write key of A that stays valid
	VINsA                     []string // A's vehicles at the start
	KeysB                     []string // read keys of B, another organisation on Pro
	VINsB                     []string // B's vehicles; nothing writes to B during the run
	Revoked                   []string // keys revoked before the run
	Expired                   []string // keys past their expiry
	Workers                   int      // 8 when zero
}

// Budgets per source address, kept under the server's limits (30 invalid
// keys a minute, 100 failed sign-ins in 15 minutes) so that requests from
// an address with budget left must never meet a 429. Each address's budget
// is for the whole run, so it holds however long the run is. Failed
// sign-ins are limited per account too (10 in 15 minutes): the admin's
// wrong passwords have a budget for the Soaker's life, after which wrong
// sign-ins name emails that are each used once.
const (
	keyBudget         = 25
	signInBudget      = 8
	adminSignInBudget = 8
	poolSize          = 4000
)

// soakVINPrefix starts the VINs the write key creates; refusedVINPrefix the
// ones a read key tries (and must fail) to create. Neither has I, O or Q.
const (
	soakVINPrefix    = "5YJSA1E2XLF"
	refusedVINPrefix = "5YJSA1E2XLG"
)

// WrongPasswordMarker is in every wrong password the traffic sends.
const WrongPasswordMarker = "Wr0ngPassw0rdMarker"

// malformed are Authorization headers that are no API key at all.
var malformed = []string{
	"Bearer iops_tooShort1xyz",
	"Bearer not-a-token-at-all-MalformedMarker",
	"Basic dXNlcjpwYXNzd29yZE1hcmtlcg==",
	"Bearer iops_" + strings.Repeat("!", 38),
}

// Soaker sends the mixed traffic. Its state (keys it created and revoked,
// secrets it saw, request ids) carries over from one Run to the next.
type Soaker struct {
	setup SoakSetup
	start time.Time // the monotonic origin of the times in churnKey

	clean     *http.Client // 127.0.0.1: only requests that must succeed or fail without counting against the address
	cleanTr   *http.Transport
	keyPool   *addrPool // requests with keys that are or may be invalid
	loginPool *addrPool // wrong sign-ins

	vinsA     sync.Map // VIN → struct{}: every VIN A may hold
	vinsB     map[string]bool
	prefixesB map[string]bool
	vinSeq    atomic.Int64
	wrongSeq  atomic.Int64 // wrong sign-ins sent

	sessionMu sync.Mutex
	session   [2]string // the admin's session and CSRF cookies

	mu       sync.Mutex
	churn    []*churnKey
	active   int // churn keys neither revoked nor being revoked
	secrets  []Secret
	requests map[string]RequestRecord
	created  int
	rep      *SoakReport
	nameSeq  int
}

// churnKey is a key the admin created during the run; it may be revoked
// at any moment. Times are nanoseconds since Soaker.start, 0 when unset.
type churnKey struct {
	id, token                     string
	revokeStarted, revokeReturned atomic.Int64
	revoking                      bool // under Soaker.mu
}

// Secret is a value that must never appear in logs or the database.
type Secret struct{ What, Value string }

// RequestRecord is what the client saw of one request, to check the
// server's log line for it.
type RequestRecord struct {
	Status int
	// KeyPrefix is the prefix the log line must carry; empty with
	// NoKeyPrefix set means it must carry none.
	KeyPrefix   string
	NoKeyPrefix bool
}

// SoakReport is what one Run saw.
type SoakReport struct {
	Requests     int
	Ops          map[string]int
	Statuses     map[int]int
	ServerErrors int // 5xx responses
	RateLimited  int // 429 on addresses whose budget was spent (expected)
	KeysCreated  int
	KeysRevoked  int
	// RevokedDuringRun counts requests refused because their key had been
	// revoked during the run.
	RevokedDuringRun int
	Violations       int
	Examples         []string // the first violations
}

func (r *SoakReport) String() string {
	ops := make([]string, 0, len(r.Ops))
	for op, n := range r.Ops {
		ops = append(ops, fmt.Sprintf("%s=%d", op, n))
	}
	slices.Sort(ops)
	return fmt.Sprintf("%d requests (%s); statuses %v; 5xx %d; expected 429 %d; keys created %d, revoked %d; refused after revocation %d; violations %d",
		r.Requests, strings.Join(ops, " "), r.Statuses, r.ServerErrors, r.RateLimited,
		r.KeysCreated, r.KeysRevoked, r.RevokedDuringRun, r.Violations)
}

// NewSoaker prepares the traffic. It signs the admin in; it returns an
// error rather than failing, so that callers decide.
func NewSoaker(setup SoakSetup) (*Soaker, error) {
	if setup.Workers == 0 {
		setup.Workers = 8
	}
	if len(setup.KeysA) == 0 || len(setup.KeysB) == 0 || len(setup.Revoked) == 0 ||
		len(setup.Expired) == 0 || setup.WriteKeyA == "" || len(setup.VINsB) == 0 {
		return nil, fmt.Errorf("soak setup is missing keys or vehicles: %+v", setup)
	}
	tr := transportFrom(net.IPv4(127, 0, 0, 1), setup.Workers*2, 0)
	s := &Soaker{
		setup:     setup,
		start:     time.Now(),
		clean:     &http.Client{Transport: tr, Timeout: time.Minute},
		cleanTr:   tr,
		keyPool:   newAddrPool(1, keyBudget),
		loginPool: newAddrPool(2, signInBudget),
		vinsB:     map[string]bool{},
		prefixesB: map[string]bool{},
		requests:  map[string]RequestRecord{},
	}
	for _, v := range setup.VINsA {
		s.vinsA.Store(v, struct{}{})
	}
	for _, v := range setup.VINsB {
		s.vinsB[v] = true
	}
	for _, k := range setup.KeysB {
		s.prefixesB[token.Prefix(k)] = true
	}
	s.secret("the admin's password", setup.AdminPassword)
	s.secret("a wrong password", WrongPasswordMarker)
	s.secret("a malformed Authorization header", "MalformedMarker")
	s.secret("a malformed Authorization header", "dXNlcjpwYXNzd29yZE1hcmtlcg")
	s.secret("a malformed Authorization header", "iops_tooShort1xyz")
	for _, group := range [][]string{setup.KeysA, setup.KeysB, setup.Revoked, setup.Expired, {setup.WriteKeyA}} {
		for _, tok := range group {
			s.secretToken("a token", tok)
		}
	}
	sess, csrf, err := s.signIn(s.clean, setup.AdminEmail, setup.AdminPassword)
	if err != nil {
		return nil, err
	}
	s.session = [2]string{sess, csrf}
	return s, nil
}

// Close closes every idle connection the traffic opened.
func (s *Soaker) Close() {
	s.cleanTr.CloseIdleConnections()
	s.keyPool.close()
	s.loginPool.close()
}

// Secrets are every token, password, cookie and header value the traffic
// sent or received that must stay out of logs and the database.
func (s *Soaker) Secrets() []Secret {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.secrets)
}

// Requests are the requests sent so far, by request id.
func (s *Soaker) Requests() map[string]RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]RequestRecord, len(s.requests))
	for k, v := range s.requests {
		out[k] = v
	}
	return out
}

// Created is how many keys the admin created over every Run.
func (s *Soaker) Created() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.created
}

func (s *Soaker) secret(what, v string) {
	s.mu.Lock()
	s.secrets = append(s.secrets, Secret{what, v})
	s.mu.Unlock()
}

// secretToken notes a token; its part after the prefix counts on its own.
func (s *Soaker) secretToken(what, tok string) {
	s.mu.Lock()
	s.secrets = append(s.secrets, Secret{what, tok}, Secret{what + "'s part after its prefix", tok[min(len(tok), token.PrefixLength):]})
	s.mu.Unlock()
}

// op is one kind of request, with its weight in the mix.
type op struct {
	name   string
	weight int
	run    func(s *Soaker, rng *rand.Rand)
}

var ops = []op{
	{"read A", 20, (*Soaker).readA},
	{"read B", 10, (*Soaker).readB},
	{"one vehicle", 5, (*Soaker).oneVehicle},
	{"write A", 5, (*Soaker).writeA},
	{"read key writes", 3, (*Soaker).readKeyWrites},
	{"revoked key", 6, (*Soaker).revokedKey},
	{"expired key", 6, (*Soaker).expiredKey},
	{"wrong checksum", 6, (*Soaker).wrongChecksum},
	{"never issued", 6, (*Soaker).neverIssued},
	{"malformed", 3, (*Soaker).malformedKey},
	{"churn key", 10, (*Soaker).churnUse},
	{"admin create/revoke", 8, (*Soaker).adminChurn},
	{"admin list", 3, (*Soaker).adminList},
	{"CSRF failure", 3, (*Soaker).csrfFailure},
	{"bad input", 3, (*Soaker).badInput},
	{"key on admin API", 2, (*Soaker).keyOnAdminAPI},
	{"sign-in", 1, (*Soaker).signInRight},
	{"wrong sign-in", 1, (*Soaker).signInWrong},
}

// Run sends traffic from Workers goroutines until d has passed or max
// requests were started, and waits for the last ones to finish.
func (s *Soaker) Run(d time.Duration, max int) *SoakReport {
	rep := &SoakReport{Ops: map[string]int{}, Statuses: map[int]int{}}
	s.mu.Lock()
	s.rep = rep
	s.mu.Unlock()
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	deadline := time.Now().Add(d)
	var started atomic.Int64
	var wg sync.WaitGroup
	for w := range s.setup.Workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for time.Now().Before(deadline) && started.Add(1) <= int64(max) {
				n := rng.IntN(total)
				for _, o := range ops {
					if n -= o.weight; n < 0 {
						s.count(func(r *SoakReport) { r.Ops[o.name]++ })
						o.run(s, rng)
						break
					}
				}
			}
		})
	}
	wg.Wait()
	return rep
}

func (s *Soaker) count(f func(*SoakReport)) {
	s.mu.Lock()
	if s.rep != nil {
		f(s.rep)
	}
	s.mu.Unlock()
}

func (s *Soaker) violate(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.count(func(r *SoakReport) {
		r.Violations++
		if len(r.Examples) < 30 {
			r.Examples = append(r.Examples, msg)
		}
	})
}

// now is the time since the soaker started, on the monotonic clock, never 0.
func (s *Soaker) now() int64 { return int64(time.Since(s.start)) + 1 }

// reply is one response.
type reply struct {
	status int
	header http.Header
	id     string
	raw    string
	data   json.RawMessage
	errors []Error
}

func (r *reply) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].Code()
}

func (r *reply) message() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].Message
}

// post sends a GraphQL request. It returns nil (after noting a violation)
// when there is no usable response: a transport error or a 5xx.
func (s *Soaker) post(c *http.Client, what, query string, vars Vars, header map[string]string) *reply {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.setup.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		s.violate("%s: %v", what, err)
		return nil
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	r := &reply{status: resp.StatusCode, header: resp.Header, id: resp.Header.Get("X-Request-Id"), raw: buf.String()}
	s.count(func(rep *SoakReport) {
		rep.Requests++
		rep.Statuses[r.status]++
		if r.status >= 500 {
			rep.ServerErrors++
		}
	})
	if err != nil {
		s.violate("%s: reading the response: %v", what, err)
		return nil
	}
	if r.id == "" {
		s.violate("%s: no X-Request-Id in the response (%d %s)", what, r.status, r.raw)
	} else {
		s.record(r.id, RequestRecord{Status: r.status, NoKeyPrefix: !strings.HasPrefix(header["Authorization"], "Bearer ")})
	}
	if r.status >= 500 {
		s.violate("%s: HTTP %d %s", what, r.status, r.raw)
		return nil
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		s.violate("%s: HTTP %d, body is not JSON: %q", what, r.status, r.raw)
		return nil
	}
	r.data, r.errors = out.Data, out.Errors
	return r
}

func (s *Soaker) record(id string, rec RequestRecord) {
	s.mu.Lock()
	if _, dup := s.requests[id]; dup {
		s.mu.Unlock()
		s.violate("request id %s answered twice", id)
		return
	}
	s.requests[id] = rec
	s.mu.Unlock()
}

// used notes that a request was authenticated by a key with prefix, so
// that its log line must name that prefix.
func (s *Soaker) used(r *reply, prefix string) {
	s.mu.Lock()
	rec := s.requests[r.id]
	rec.KeyPrefix, rec.NoKeyPrefix = prefix, false
	s.requests[r.id] = rec
	s.mu.Unlock()
}

// data decodes a successful response into v, or notes a violation.
func (s *Soaker) data(what string, r *reply, v any) bool {
	if r == nil {
		return false
	}
	if r.status != http.StatusOK || len(r.errors) > 0 {
		s.violate("%s: want data, got HTTP %d %s", what, r.status, r.raw)
		return false
	}
	if err := json.Unmarshal(r.data, v); err != nil {
		s.violate("%s: decoding %s: %v", what, r.data, err)
		return false
	}
	return true
}

// refused checks a refusal: HTTP status, code and a word of the message.
func (s *Soaker) refused(what string, r *reply, status int, code, word string) bool {
	if r == nil {
		return false
	}
	if r.status != status || r.code() != code || !strings.Contains(r.message(), word) {
		s.violate("%s: want HTTP %d, %s, a message with %q; got HTTP %d %s", what, status, code, word, r.status, r.raw)
		return false
	}
	if code == "UNAUTHENTICATED" && r.status == http.StatusUnauthorized &&
		r.header.Get("WWW-Authenticate") != `Bearer error="invalid_token"` {
		s.violate("%s: 401 with WWW-Authenticate %q", what, r.header.Get("WWW-Authenticate"))
	}
	return true
}

// rateLimited reports whether r is the 429 an address out of budget may
// get, counting it. From an address with budget left, a 429 is a violation
// (caught by the check that follows).
func (s *Soaker) rateLimited(r *reply, limited bool) bool {
	if r == nil || !limited || r.status != http.StatusTooManyRequests {
		return false
	}
	if r.code() != "RATE_LIMITED" || r.header.Get("Retry-After") == "" {
		s.violate("429 without code RATE_LIMITED and Retry-After: %s", r.raw)
	}
	s.count(func(rep *SoakReport) { rep.RateLimited++ })
	return true
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

const (
	qVehicles     = `{ vehicles(first: 100) { totalCount edges { node { vin } } } }`
	qVehicle      = `query($vin: String!) { vehicle(vin: $vin) { vin } }`
	mCreateVeh    = `mutation($vin: String!) { createVehicle(input: {vin: $vin, make: "Tesla", model: "Model S", year: 2020}) { vin } }`
	mCreateKey    = `mutation($name: String!) { createApiKey(input: {name: $name, expiry: THREE_MONTHS}) { token apiKey { id prefix status } } }`
	mCreateKeyIn  = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }`
	mRevokeKey    = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id status revokedAt } } }`
	qKeys         = `{ keys(first: 100) { totalCount edges { node { prefix status } } } }`
	mSignIn       = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { email } } }`
	mSignOut      = `mutation { signOut }`
	msgBadSignIn  = "Email or password is incorrect"
	csrfHeader    = "X-CSRF-Token"
	sessionCookie = "importops_session"
	csrfCookie    = "importops_csrf"
)

type vehicleList struct {
	Vehicles struct {
		TotalCount int
		Edges      []struct{ Node struct{ VIN string } }
	}
}

// readA lists A's vehicles with a valid key: only A's VINs may appear.
func (s *Soaker) readA(rng *rand.Rand) {
	tok := pick(rng, s.setup.KeysA)
	r := s.post(s.clean, "read A", qVehicles, nil, bearer(tok))
	var v vehicleList
	if !s.data("read A", r, &v) {
		return
	}
	s.used(r, token.Prefix(tok))
	s.checkA("read A", v)
}

func (s *Soaker) checkA(what string, v vehicleList) {
	for _, e := range v.Vehicles.Edges {
		if _, ok := s.vinsA.Load(e.Node.VIN); !ok {
			s.violate("%s: organisation A's key sees VIN %s, which is not A's", what, e.Node.VIN)
		}
	}
}

// readB lists B's vehicles with B's key: exactly B's, never A's.
func (s *Soaker) readB(rng *rand.Rand) {
	tok := pick(rng, s.setup.KeysB)
	r := s.post(s.clean, "read B", qVehicles, nil, bearer(tok))
	var v vehicleList
	if !s.data("read B", r, &v) {
		return
	}
	s.used(r, token.Prefix(tok))
	if v.Vehicles.TotalCount != len(s.vinsB) {
		s.violate("read B: B's key counts %d vehicles, B has %d", v.Vehicles.TotalCount, len(s.vinsB))
	}
	for _, e := range v.Vehicles.Edges {
		if !s.vinsB[e.Node.VIN] {
			s.violate("read B: organisation B's key sees VIN %s, which is not B's", e.Node.VIN)
		}
	}
}

// oneVehicle asks for one VIN: a key sees its own organisation's vehicle
// and never the other's.
func (s *Soaker) oneVehicle(rng *rand.Rand) {
	tok, vin, own := pick(rng, s.setup.KeysA), pick(rng, s.setup.VINsB), false
	switch rng.IntN(3) {
	case 0:
		tok, vin = pick(rng, s.setup.KeysB), pick(rng, s.setup.VINsA)
	case 1:
		tok, vin, own = pick(rng, s.setup.KeysB), pick(rng, s.setup.VINsB), true
	}
	r := s.post(s.clean, "one vehicle", qVehicle, Vars{"vin": vin}, bearer(tok))
	var v struct{ Vehicle *struct{ VIN string } }
	if !s.data("one vehicle", r, &v) {
		return
	}
	s.used(r, token.Prefix(tok))
	switch {
	case own && (v.Vehicle == nil || v.Vehicle.VIN != vin):
		s.violate("one vehicle: a key does not see its own organisation's %s: %+v", vin, v.Vehicle)
	case !own && v.Vehicle != nil:
		s.violate("one vehicle: key %s sees the other organisation's %s", token.Prefix(tok), vin)
	}
}

// writeA creates a vehicle in A with the write key.
func (s *Soaker) writeA(rng *rand.Rand) {
	vin := fmt.Sprintf("%s%06d", soakVINPrefix, s.vinSeq.Add(1))
	s.vinsA.Store(vin, struct{}{}) // before the request: a reader may see it at once
	r := s.post(s.clean, "write A", mCreateVeh, Vars{"vin": vin}, bearer(s.setup.WriteKeyA))
	var v struct{ CreateVehicle struct{ VIN string } }
	if !s.data("write A", r, &v) {
		return
	}
	s.used(r, token.Prefix(s.setup.WriteKeyA))
	if v.CreateVehicle.VIN != vin {
		s.violate("write A: created %q, want %q", v.CreateVehicle.VIN, vin)
	}
}

// readKeyWrites tries to write with a read key: FORBIDDEN naming the
// scope, and the VIN must never show up in A's list (checkA would flag it).
func (s *Soaker) readKeyWrites(rng *rand.Rand) {
	tok := pick(rng, s.setup.KeysA)
	vin := fmt.Sprintf("%s%06d", refusedVINPrefix, s.vinSeq.Add(1))
	r := s.post(s.clean, "read key writes", mCreateVeh, Vars{"vin": vin}, bearer(tok))
	if r == nil {
		return
	}
	s.used(r, token.Prefix(tok))
	if r.code() != "FORBIDDEN" || !strings.Contains(r.message(), "vehicles.write") || strings.Contains(string(r.data), vin) {
		s.violate("read key writes: want FORBIDDEN naming vehicles.write, got HTTP %d %s", r.status, r.raw)
	}
}

// keyOnAdminAPI: a valid key asking for the keys list is FORBIDDEN.
func (s *Soaker) keyOnAdminAPI(rng *rand.Rand) {
	tok := pick(rng, s.setup.KeysA)
	r := s.post(s.clean, "key on admin API", qKeys, nil, bearer(tok))
	if r == nil {
		return
	}
	s.used(r, token.Prefix(tok))
	if r.code() != "FORBIDDEN" || strings.Contains(r.raw, "iops_") {
		s.violate("key on admin API: want FORBIDDEN, got HTTP %d %s", r.status, r.raw)
	}
}

// invalidKey sends a key that must be refused with 401 and word in the
// message, from an address of the key pool.
func (s *Soaker) invalidKey(what, authorization, word string) {
	c, limited := s.keyPool.next()
	r := s.post(c, what, qVehicles, nil, map[string]string{"Authorization": authorization})
	if s.rateLimited(r, limited) {
		return
	}
	s.refused(what, r, http.StatusUnauthorized, "UNAUTHENTICATED", word)
}

func (s *Soaker) revokedKey(rng *rand.Rand) {
	s.invalidKey("revoked key", "Bearer "+pick(rng, s.setup.Revoked), "API key revoked")
}

func (s *Soaker) expiredKey(rng *rand.Rand) {
	s.invalidKey("expired key", "Bearer "+pick(rng, s.setup.Expired), "API key expired")
}

// wrongChecksum changes one character of a valid token: right shape,
// wrong checksum.
func (s *Soaker) wrongChecksum(rng *rand.Rand) {
	b := []byte(pick(rng, s.setup.KeysA))
	i := len(token.Marker) + rng.IntN(len(b)-len(token.Marker))
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for c := b[i]; c == b[i]; {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	tok := string(b)
	s.secretToken("a token", tok)
	s.invalidKey("wrong checksum", "Bearer "+tok, "checksum")
}

// neverIssued sends a well-formed token nobody issued.
func (s *Soaker) neverIssued(*rand.Rand) {
	tok, err := token.Generate()
	if err != nil {
		s.violate("generating a token: %v", err)
		return
	}
	s.secretToken("a token", tok)
	s.invalidKey("never issued", "Bearer "+tok, "not recognised")
}

func (s *Soaker) malformedKey(rng *rand.Rand) {
	h := pick(rng, malformed)
	word := "malformed"
	if !strings.HasPrefix(h, "Bearer ") {
		word = "missing"
	}
	s.invalidKey("malformed", h, word)
}

// churnUse uses a key the admin created during the run, which may have
// been revoked meanwhile. A request that started after revokeApiKey
// returned must not succeed; one that finished before revokeApiKey was
// sent must not be refused.
func (s *Soaker) churnUse(rng *rand.Rand) {
	s.mu.Lock()
	if len(s.churn) == 0 {
		s.mu.Unlock()
		s.readA(rng)
		return
	}
	k := s.churn[rng.IntN(len(s.churn))]
	s.mu.Unlock()
	c, limited := s.keyPool.next()
	t0 := s.now()
	r := s.post(c, "churn key", qVehicles, nil, bearer(k.token))
	t1 := s.now()
	if r == nil || s.rateLimited(r, limited) {
		return
	}
	if r.status == http.StatusOK && len(r.errors) == 0 {
		if rr := k.revokeReturned.Load(); rr != 0 && rr < t0 {
			s.violate("churn key %s: accepted a request sent %s after revokeApiKey returned",
				token.Prefix(k.token), time.Duration(t0-rr))
			return
		}
		s.used(r, token.Prefix(k.token))
		var v vehicleList
		if s.data("churn key", r, &v) {
			s.checkA("churn key", v)
		}
		return
	}
	if !s.refused("churn key", r, http.StatusUnauthorized, "UNAUTHENTICATED", "API key revoked") {
		return
	}
	if rs := k.revokeStarted.Load(); rs == 0 || rs > t1 {
		s.violate("churn key %s: refused as revoked before anyone revoked it", token.Prefix(k.token))
		return
	}
	s.count(func(rep *SoakReport) { rep.RevokedDuringRun++ })
}

// admin returns the headers of the admin's session: cookies and, unless
// csrf is false, the CSRF header.
func (s *Soaker) admin(csrf bool) map[string]string {
	s.sessionMu.Lock()
	defer s.sessionMu.Unlock()
	h := map[string]string{"Cookie": sessionCookie + "=" + s.session[0] + "; " + csrfCookie + "=" + s.session[1]}
	if csrf {
		h[csrfHeader] = s.session[1]
	}
	return h
}

// adminChurn creates a key, or revokes one of those created, keeping at
// most 15 of them active (the limit is 100 per organisation).
func (s *Soaker) adminChurn(rng *rand.Rand) {
	s.mu.Lock()
	var live []*churnKey
	for _, k := range s.churn {
		if !k.revoking {
			live = append(live, k)
		}
	}
	var victim *churnKey
	if len(live) > 0 && (s.active >= 15 || (s.active > 3 && rng.IntN(2) == 0)) {
		victim = live[rng.IntN(len(live))]
		victim.revoking = true
		s.active--
	} else {
		s.active++ // reserve the slot before the request
	}
	s.nameSeq++
	name := fmt.Sprintf("Soak key %d", s.nameSeq)
	s.mu.Unlock()

	if victim != nil {
		victim.revokeStarted.Store(s.now())
		r := s.post(s.clean, "revoke", mRevokeKey, Vars{"id": victim.id}, s.admin(true))
		var v struct {
			RevokeApiKey struct{ ApiKey struct{ ID, Status string } }
		}
		if !s.data("revoke", r, &v) {
			return
		}
		victim.revokeReturned.Store(s.now())
		if v.RevokeApiKey.ApiKey.Status != "REVOKED" || v.RevokeApiKey.ApiKey.ID != victim.id {
			s.violate("revoke: got %+v", v.RevokeApiKey.ApiKey)
		}
		s.count(func(rep *SoakReport) { rep.KeysRevoked++ })
		return
	}
	r := s.post(s.clean, "create", mCreateKey, Vars{"name": name}, s.admin(true))
	var v struct {
		CreateApiKey struct {
			Token  string
			ApiKey struct{ ID, Prefix, Status string }
		}
	}
	if !s.data("create", r, &v) {
		s.mu.Lock()
		s.active--
		s.mu.Unlock()
		return
	}
	c := v.CreateApiKey
	if token.Parse(c.Token) != nil || c.ApiKey.Prefix != token.Prefix(c.Token) || c.ApiKey.Status != "ACTIVE" {
		s.violate("create: got token %q with %+v", c.Token, c.ApiKey)
	}
	s.secretToken("a token", c.Token)
	s.mu.Lock()
	s.churn = append(s.churn, &churnKey{id: c.ApiKey.ID, token: c.Token})
	s.created++
	s.rep.KeysCreated++
	s.mu.Unlock()
}

// adminList lists A's keys: never one of B's, and the revoked and expired
// keys of the setup keep their status.
func (s *Soaker) adminList(*rand.Rand) {
	r := s.post(s.clean, "admin list", qKeys, nil, s.admin(true))
	var v struct {
		Keys struct {
			TotalCount int
			Edges      []struct {
				Node struct{ Prefix, Status string }
			}
		}
	}
	if !s.data("admin list", r, &v) {
		return
	}
	want := map[string]string{}
	for _, k := range s.setup.Revoked {
		want[token.Prefix(k)] = "REVOKED"
	}
	for _, k := range s.setup.Expired {
		want[token.Prefix(k)] = "EXPIRED"
	}
	for _, e := range v.Keys.Edges {
		if s.prefixesB[e.Node.Prefix] {
			s.violate("admin list: A's admin sees B's key %s", e.Node.Prefix)
		}
		if w, ok := want[e.Node.Prefix]; ok && w != e.Node.Status {
			s.violate("admin list: key %s is %s, want %s", e.Node.Prefix, e.Node.Status, w)
		}
	}
}

// csrfFailure sends the admin's cookies without the CSRF header, or with a
// wrong one: 403 CSRF, and nothing written (the caller counts the keys).
func (s *Soaker) csrfFailure(rng *rand.Rand) {
	h := s.admin(false)
	if rng.IntN(2) == 0 {
		h[csrfHeader] = "not-the-csrf-token"
	}
	r := s.post(s.clean, "CSRF failure", mCreateKey, Vars{"name": "CSRF must not write"}, h)
	s.refused("CSRF failure", r, http.StatusForbidden, "CSRF", "CSRF")
}

// badInput sends refused key creations: nothing written.
func (s *Soaker) badInput(rng *rand.Rand) {
	inputs := []struct {
		input      map[string]any
		code, word string
	}{
		{map[string]any{"name": "   ", "expiry": "SIX_MONTHS"}, "BAD_USER_INPUT", ""},
		{map[string]any{"name": "Custom without date", "expiry": "CUSTOM"}, "BAD_USER_INPUT", ""},
		{map[string]any{"name": "Past", "expiry": "CUSTOM", "expiresAt": "2001-01-01T00:00:00Z"}, "BAD_USER_INPUT", "future"},
		{map[string]any{"name": "Unknown scope", "expiry": "ONE_YEAR", "scopes": []string{"vehicles.fly"}}, "BAD_USER_INPUT", ""},
		{map[string]any{"name": "Write scope", "expiry": "ONE_YEAR", "scopes": []string{"vehicles.write"}}, "FORBIDDEN", "support"},
	}
	in := pick(rng, inputs)
	r := s.post(s.clean, "bad input", mCreateKeyIn, Vars{"input": in.input}, s.admin(true))
	if r == nil {
		return
	}
	if r.code() != in.code || !strings.Contains(r.message(), in.word) || strings.Contains(r.raw, "iops_") {
		s.violate("bad input %v: want %s (%q), got HTTP %d %s", in.input, in.code, in.word, r.status, r.raw)
	}
}

// signIn signs in and returns the session and CSRF cookie values.
func (s *Soaker) signIn(c *http.Client, email, password string) (string, string, error) {
	body, _ := json.Marshal(map[string]any{"query": mSignIn, "variables": Vars{"e": email, "p": password}})
	req, _ := http.NewRequest(http.MethodPost, s.setup.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	var sess, csrf string
	for _, ck := range resp.Cookies() {
		switch ck.Name {
		case sessionCookie:
			sess = ck.Value
		case csrfCookie:
			csrf = ck.Value
		}
	}
	s.count(func(rep *SoakReport) {
		rep.Requests++
		rep.Statuses[resp.StatusCode]++
		if resp.StatusCode >= 500 {
			rep.ServerErrors++
		}
	})
	if id := resp.Header.Get("X-Request-Id"); id != "" {
		s.record(id, RequestRecord{Status: resp.StatusCode, NoKeyPrefix: true})
	}
	if resp.StatusCode != http.StatusOK || strings.Contains(buf.String(), `"errors"`) || sess == "" || csrf == "" {
		return "", "", fmt.Errorf("signing in as %s: HTTP %d %s", email, resp.StatusCode, buf.String())
	}
	s.secret("a session cookie", sess)
	s.secret("a CSRF cookie", csrf)
	return sess, csrf, nil
}

// signInRight signs the admin in anew, then out.
func (s *Soaker) signInRight(*rand.Rand) {
	sess, csrf, err := s.signIn(s.clean, s.setup.AdminEmail, s.setup.AdminPassword)
	if err != nil {
		s.violate("sign-in: %v", err)
		return
	}
	r := s.post(s.clean, "sign-out", mSignOut, nil, map[string]string{
		"Cookie": sessionCookie + "=" + sess + "; " + csrfCookie + "=" + csrf, csrfHeader: csrf})
	var v struct{ SignOut bool }
	if s.data("sign-out", r, &v) && !v.SignOut {
		s.violate("sign-out answered false")
	}
}

// signInWrong signs in with a wrong password or an unknown email, from an
// address of the sign-in pool.
func (s *Soaker) signInWrong(rng *rand.Rand) {
	email := s.setup.AdminEmail
	if n := s.wrongSeq.Add(1); rng.IntN(2) == 0 || n > adminSignInBudget {
		email = fmt.Sprintf("nobody%d@nowhere.test", n)
	}
	c, limited := s.loginPool.next()
	r := s.post(c, "wrong sign-in", mSignIn, Vars{"e": email, "p": fmt.Sprintf("%s %d", WrongPasswordMarker, rng.IntN(1000))}, nil)
	if s.rateLimited(r, limited) || r == nil {
		return
	}
	if r.code() != "UNAUTHENTICATED" || r.message() != msgBadSignIn || len(r.header.Values("Set-Cookie")) > 0 {
		s.violate("wrong sign-in: want UNAUTHENTICATED %q and no cookie, got HTTP %d %v %s", msgBadSignIn, r.status, r.header.Values("Set-Cookie"), r.raw)
	}
}

// addrPool hands out HTTP clients bound to loopback source addresses
// 127.<octet>.x.y, each for budget requests; after poolSize addresses it
// hands out one last, saturated address, whose 429s are expected.
type addrPool struct {
	octet, budget int
	n             atomic.Int64
	mu            sync.Mutex
	clients       map[int]*http.Client
	transports    []*http.Transport
}

func newAddrPool(octet, budget int) *addrPool {
	return &addrPool{octet: octet, budget: budget, clients: map[int]*http.Client{}}
}

func (p *addrPool) next() (c *http.Client, limited bool) {
	i := int(p.n.Add(1)-1) / p.budget
	if i >= poolSize {
		i, limited = poolSize, true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.clients[i]; c != nil {
		return c, limited
	}
	ip := net.IPv4(127, byte(p.octet), byte(1+i/254), byte(1+i%254))
	tr := transportFrom(ip, 2, 2*time.Second)
	c = &http.Client{Transport: tr, Timeout: time.Minute}
	p.clients[i] = c
	p.transports = append(p.transports, tr)
	// Addresses whose budget is spent are not used again: drop them.
	if old := i - 4; old >= 0 && p.clients[old] != nil {
		p.clients[old].Transport.(*http.Transport).CloseIdleConnections()
	}
	return c, limited
}

func (p *addrPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, tr := range p.transports {
		tr.CloseIdleConnections()
	}
}

// transportFrom returns a transport whose connections come from ip.
func transportFrom(ip net.IP, idle int, idleTimeout time.Duration) *http.Transport {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 10 * time.Second}
	return &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        idle,
		MaxIdleConnsPerHost: idle,
		IdleConnTimeout:     idleTimeout,
	}
}
