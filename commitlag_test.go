package cosell_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

// lateStore refuses its first n creates with cosell.ErrCommitLag, as a
// backend does when a create reaches its commit more than
// cosell.MaxCommitLag after its timestamp.
type lateStore struct {
	*memory.Store
	n, calls int
}

func (s *lateStore) CreateOpportunity(ctx context.Context, o *cosell.Opportunity, token, fp string) (*cosell.Opportunity, error) {
	s.calls++
	if s.calls <= s.n {
		return nil, cosell.ErrCommitLag
	}
	return s.Store.CreateOpportunity(ctx, o, token, fp)
}

func TestCreateRetriesLateCommits(t *testing.T) {
	tests := []struct {
		name      string
		late      int
		wantCalls int
		wantErr   string
	}{
		{name: "one late commit: new timestamp, stored", late: 1, wantCalls: 2},
		{name: "two late commits: still stored", late: 2, wantCalls: 3},
		{name: "always late: ThrottlingException, nothing stored", late: 100, wantCalls: 3, wantErr: cosell.ThrottlingError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &lateStore{Store: memory.New(), n: tt.late}
			svc := cosell.NewService(store, cosell.ServiceConfig{Clock: newClock()})
			_, err := svc.CreateOpportunity(context.Background(), fullCreate(t, "AWS"))
			var e *cosell.Error
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("create: %v", err)
			case tt.wantErr != "" && (!errors.As(err, &e) || e.Code != tt.wantErr):
				t.Fatalf("create: %v, want %s", err, tt.wantErr)
			}
			if store.calls != tt.wantCalls {
				t.Errorf("store called %d times, want %d", store.calls, tt.wantCalls)
			}
		})
	}
}
