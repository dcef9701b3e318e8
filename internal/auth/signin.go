package auth

import (
	"context"
	"net/http"

	"importops/ent"
	"importops/ent/user"
	"importops/internal/account"
	"importops/internal/apierr"
	"importops/internal/clientip"
	"importops/internal/password"
	"importops/internal/reqlog"
	"importops/internal/session"
	"importops/internal/viewer"
)

// msgSignIn is the one answer to a wrong email or password alike, so that
// signing in does not tell which emails have accounts.
const msgSignIn = "Email or password is incorrect"

// SignIn checks a team member's email and password, starts a session and
// sets its cookies. It returns the viewer the next requests will have.
func (a *Authenticator) SignIn(ctx context.Context, email, pw string) (*viewer.Viewer, error) {
	x := exchangeFrom(ctx)
	if x == nil {
		return nil, apierr.New(apierr.Internal, "sign-in needs an HTTP request")
	}
	email = account.NormalizeEmail(email)
	f := signInFailure{account: accountKey(email), address: client(x.r).Key()}
	if err := a.signInWait(f); err != nil {
		reqlog.FromContext(ctx).SetLimit("sign_in")
		return nil, err
	}
	u, err := a.client.User.Query().
		Where(user.Email(email)).
		Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		password.Dummy(pw) // take as long as a wrong password would
		return nil, a.signInFailed(f)
	}
	if err != nil {
		return nil, err
	}
	if u.PasswordHash == "" || u.OrganizationID == nil {
		// A support member, or a user without a password: as slow as a
		// wrong password, so timing does not tell these emails exist.
		password.Dummy(pw)
		return nil, a.signInFailed(f)
	}
	if !password.Verify(u.PasswordHash, pw) {
		return nil, a.signInFailed(f)
	}
	// A signed-in browser signing in again (another account, say) ends the
	// session it had, rather than leaving it live behind a lost cookie.
	if x.sessionID != 0 {
		if err := a.sessions.Delete(ctx, x.sessionID); err != nil {
			return nil, err
		}
	}
	secret, _, err := a.sessions.Create(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	setCookies(x, secret)
	return memberViewer(u, 0), nil
}

// signInFailure is what a failed sign-in counts against: the account (its
// email, whether or not it exists) and the client's address.
type signInFailure struct{ account, address string }

// signInWait refuses a sign-in for an account or from an address that has
// failed too often, before any password is checked.
func (a *Authenticator) signInWait(f signInFailure) error {
	if wait := a.accountFailures.Wait(f.account); wait > 0 {
		return tooMany(wait, "failed sign-ins for this account")
	}
	if wait := a.addressFailures.Wait(f.address); wait > 0 {
		return tooMany(wait, "failed sign-ins from this address")
	}
	return nil
}

func (a *Authenticator) signInFailed(f signInFailure) error {
	a.accountFailures.Fail(f.account)
	a.addressFailures.Fail(f.address)
	return apierr.New(apierr.Unauthenticated, msgSignIn)
}

// SignOut ends the caller's session on the server and clears its cookies.
func (a *Authenticator) SignOut(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.SessionID == 0 {
		return apierr.New(apierr.Unauthenticated, "You are not signed in")
	}
	if err := a.sessions.Delete(ctx, v.SessionID); err != nil {
		return err
	}
	if x := exchangeFrom(ctx); x != nil {
		clearCookies(x)
	}
	return nil
}

func setCookies(x *exchange, secret string) {
	maxAge := int(session.AbsoluteTimeout.Seconds())
	http.SetCookie(x.w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: clientip.OverTLS(x.r)})
	// Not HttpOnly: the page reads it to send it back in X-CSRF-Token. A
	// page on another host reads the response header instead.
	http.SetCookie(x.w, &http.Cookie{Name: CSRFCookie, Value: session.CSRFToken(secret), Path: "/", MaxAge: maxAge,
		SameSite: http.SameSiteLaxMode, Secure: clientip.OverTLS(x.r)})
	x.w.Header().Set(CSRFHeader, session.CSRFToken(secret))
}

func clearCookies(x *exchange) {
	for _, name := range []string{SessionCookie, CSRFCookie} {
		http.SetCookie(x.w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
			HttpOnly: name == SessionCookie, SameSite: http.SameSiteLaxMode, Secure: clientip.OverTLS(x.r)})
	}
}
