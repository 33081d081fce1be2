package deliver_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
)

// write puts events for the given opportunity ids in the outbox, one
// transaction each, as the service does, and returns their event ids.
func write(t testing.TB, store cosell.ItemStore, ids ...string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		it, err := cosell.OutboxItem(cosell.Event{DetailType: cosell.EventUpdated, Catalog: "Sandbox", ID: id, Time: time.Now(), Account: "111122223333"})
		if err != nil {
			t.Fatal(err)
		}
		if err := store.UpdateItems(context.Background(), func(tx cosell.ItemTx) error { return tx.Put(it) }); err != nil {
			t.Fatal(err)
		}
		e, _ := cosell.DecodeOutboxItem(it)
		out = append(out, e.EventID)
	}
	return out
}

// outboxLen counts the events still in the outbox.
func outboxLen(t testing.TB, store cosell.ItemStore) int {
	t.Helper()
	n := 0
	err := store.ViewItems(context.Background(), func(tx cosell.ItemTx) error {
		n = 0
		return tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(*cosell.Item) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// recorder is a target that keeps what it is given; fail, while it
// returns an error, refuses deliveries.
type recorder struct {
	name string
	mu   sync.Mutex
	got  []string // "<event id> <opportunity id>"
	by   []string // which dispatcher delivered each (the context's value)
	fail func(e *cosell.OutboxEvent) error
	n    int // attempts
}

type whoKey struct{}

func (r *recorder) Name() string { return r.name }

func (r *recorder) Deliver(ctx context.Context, e *cosell.OutboxEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if r.fail != nil {
		if err := r.fail(e); err != nil {
			return err
		}
	}
	r.got = append(r.got, e.EventID+" "+e.ID)
	who, _ := ctx.Value(whoKey{}).(string)
	r.by = append(r.by, who)
	return nil
}

func (r *recorder) events() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

func (r *recorder) setFail(f func(e *cosell.OutboxEvent) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

// fast are options for tests: short polls and backoff.
func fast(owner string) deliver.Options {
	return deliver.Options{Poll: 20 * time.Millisecond, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Owner: owner, Page: 7}
}

// run starts d until the returned stop is called (or the test ends).
func run(t testing.TB, d *deliver.Dispatcher, who string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), whoKey{}, who))
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// eventually polls cond for up to 10 s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// want is what a recorder should hold for event ids and opportunity ids.
func want(eventIDs []string, oppIDs []string) []string {
	var out []string
	for i := range eventIDs {
		out = append(out, fmt.Sprintf("%s %s", eventIDs[i], oppIDs[i]))
	}
	return out
}

var (
	jsonMarshal   = json.Marshal
	jsonUnmarshal = json.Unmarshal
)

func hmacHex(secret []byte, msg string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
