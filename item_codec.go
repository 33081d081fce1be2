package cosell

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// UnmarshalJSON reads what MarshalJSON wrote (member order kept), so
// documents can sit inside the item records below.
func (o *Object) UnmarshalJSON(b []byte) error {
	v, err := ParseJSON(b)
	if err != nil {
		return err
	}
	if v == nil {
		*o = nil
		return nil
	}
	obj, ok := v.(Object)
	if !ok {
		return fmt.Errorf("cosell: not a JSON object")
	}
	*o = obj
	return nil
}

// getItem decodes the item (kind, catalog, id) into v; found is false when
// there is none.
func getItem(tx ItemTx, kind ItemKind, catalog, id string, v any) (found bool, err error) {
	it, err := tx.Get(kind, catalog, id)
	if err != nil || it == nil {
		return false, err
	}
	if err := json.Unmarshal(it.Doc, v); err != nil {
		return false, fmt.Errorf("decode %s %s: %w", kind, id, err)
	}
	return true, nil
}

// putItem stores v as the item (kind, catalog, id).
func putItem(tx ItemTx, kind ItemKind, catalog, id string, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %s: %w", kind, id, err)
	}
	return tx.Put(&Item{Kind: kind, Catalog: catalog, ID: id, Doc: doc})
}

// scanItems decodes every item of kind in catalog under prefix, in ID order.
func scanItems[T any](tx ItemTx, kind ItemKind, catalog, prefix string) ([]*T, error) {
	var out []*T
	err := tx.Scan(kind, catalog, prefix, func(it *Item) error {
		v := new(T)
		if err := json.Unmarshal(it.Doc, v); err != nil {
			return fmt.Errorf("decode %s %s: %w", kind, it.ID, err)
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// newID returns prefix followed by n random characters of [0-9a-z], the
// form of the service's engagement (eng-, 14), invitation (engi-, 13), task
// (task-, 13) and snapshot job (job-, 13) identifiers (fact sheet §2).
// 13 characters carry 67 bits: servers sharing a store never collide in
// practice.
func newID(prefix string, n int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + string(b)
}

// requestFingerprint identifies a request's body, ClientToken aside, as the
// input shape sees it (unknown members and nulls dropped), so a retry is
// told from a different request reusing the token.
func requestFingerprint(input *Shape, req Object) string {
	doc, _ := Prune(input, req).(Object)
	doc.Delete("ClientToken")
	var buf bytes.Buffer
	_ = AppendJSON(&buf, doc)
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// tokenUse is what a ClientToken produced: the request's fingerprint and the
// answer it got.
type tokenUse struct {
	Fingerprint string
	Answer      Object
}

// idempotent looks up the ClientToken of operation op from account in
// catalog. When the token was used before it returns the stored answer (same
// body) or a ConflictException (another body), and done is true. Otherwise
// remember stores answer under the token, in the same transaction as the
// write it answers (fact sheet §1, §5: same token and body → the first
// result; another body → ConflictException [inferred]).
func idempotent(tx ItemTx, op, account, catalog, token, fingerprint string) (answer Object, done bool, remember func(Object) error, err error) {
	id := op + "/" + account + "/" + token
	var use tokenUse
	found, err := getItem(tx, KindToken, catalog, id, &use)
	if err != nil {
		return nil, false, nil, err
	}
	if found {
		if use.Fingerprint != fingerprint {
			return nil, true, nil, Errorf(ConflictError,
				"The ClientToken %q was already used for a different %s request. Use a new ClientToken for a new request.", token, op)
		}
		return use.Answer, true, nil, nil
	}
	return nil, false, func(a Object) error {
		return putItem(tx, KindToken, catalog, id, tokenUse{Fingerprint: fingerprint, Answer: a})
	}, nil
}

// engagementWrite runs fn, the write of operation op (input its request
// shape) in the engagement req names (EngagementIdentifier, loaded for
// the caller), in one item transaction with its idempotency: a replayed
// ClientToken answers what its first call answered without running fn,
// and fn's answer is remembered under the token in fn's transaction.
func (s *OpportunityService) engagementWrite(ctx context.Context, op string, input *Shape, req Object, fn func(tx ItemTx, box *outbox, e *Engagement) (Object, error)) (Object, error) {
	catalog, account := req.Str("Catalog"), s.account(ctx)
	fp := requestFingerprint(input, req)
	var answer Object
	err := s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		prior, done, remember, err := idempotent(tx, op, account, catalog, req.Str("ClientToken"), fp)
		if done || err != nil {
			answer = prior
			return err
		}
		e, err := loadEngagement(tx, catalog, req.Str("EngagementIdentifier"), account)
		if err != nil {
			return err
		}
		if answer, err = fn(tx, box, e); err != nil {
			return err
		}
		return remember(answer)
	})
	return answer, err
}

// items is the store's ItemStore.
func (s *OpportunityService) items() ItemStore { return s.store }

// updateItems runs fn in one item transaction; the events fn queued are
// written to the outbox (events.go) in that same transaction, so they exist
// exactly when the change commits. Once it committed it runs fn's
// afterCommit work (none if it failed; a retried fn starts with an empty
// queue).
func (s *OpportunityService) updateItems(ctx context.Context, fn func(tx ItemTx, out *outbox) error) error {
	var box outbox
	err := s.items().UpdateItems(ctx, func(tx ItemTx) error {
		box = outbox{}
		if err := fn(tx, &box); err != nil {
			return err
		}
		for _, e := range box.events {
			it, err := OutboxItem(e)
			if err != nil {
				return err
			}
			if err := tx.Put(it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(box.events) > 0 {
		s.written()
	}
	for _, f := range box.after {
		f(ctx)
	}
	return nil
}

// outbox collects the events of one transaction (written to the store's
// outbox when fn returns), and the work that must
// follow its commit (a Running snapshot job's run, which reads the store's
// settings that a transaction cannot).
type outbox struct {
	events []Event
	after  []func(context.Context)
}

func (b *outbox) add(e Event) { b.events = append(b.events, e) }

// afterCommit queues f to run once the transaction committed.
func (b *outbox) afterCommit(f func(context.Context)) { b.after = append(b.after, f) }
