// Package creds fills credentials through C. A credential its function has just made is
// that function's alone until it is returned, stored or handed to Go code: C filling
// `&c.ptr` then cannot race with anything, wherever the function runs.
package creds

/*
typedef struct { int kind; } cred;
static cred shared_cred;
static int cred_new(cred **out) { *out = &shared_cred; return 0; }
static int cred_kind(cred *c) { return c->kind; }
*/
import "C"

import "errors"

type Credential struct {
	ptr *C.cred
}

func newCredential() *Credential {
	return &Credential{}
}

// New fills a new credential through C before anyone else can see it.
func New() (*Credential, error) {
	c := newCredential()
	if C.cred_new(&c.ptr) != 0 {
		return nil, errors.New("creds: no credential")
	}
	return c, nil
}

// Kind asks C what kind of credential it is.
func (c *Credential) Kind() int {
	return int(C.cred_kind(c.ptr))
}

// Background makes a credential on a goroutine while the caller reads its own.
func Background(mine *Credential) int {
	out := make(chan *Credential, 1)
	go func() {
		c, _ := New()
		out <- c
	}()
	return mine.Kind()
}

// Refresh lets C replace an existing credential's pointer on a goroutine while the caller
// reads it: the credential was shared long before.
func (c *Credential) Refresh() int {
	go func() {
		C.cred_new(&c.ptr) // want BS102
	}()
	return c.Kind()
}
