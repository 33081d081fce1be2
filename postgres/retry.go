package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// After a database restart the pool may hold up to MaxConns connections
// that died while idle (pgxpool pings only those idle for over a second);
// each failed use discards one. So an operation that tries MaxConns+1 times
// cannot fail for dead connections alone, however many callers race it.

// connLost reports whether err means the connection died (the server
// restarted, an administrator terminated the backend, the network broke),
// as opposed to a failure of the statement itself. A connection that could
// not be opened at all is not "lost": retrying it at once is pointless.
func connLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return false
	}
	if pgconn.SafeToRetry(err) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 connection exception; 57P01-03 admin/crash shutdown,
		// cannot connect now (what pg_terminate_backend and restarts send).
		return pe.Code[:2] == "08" || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ne *net.OpError
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// retryRead runs a read-only op again when its connection died: reads are
// idempotent, so a retry on a fresh connection is always safe.
func (s *Store) retryRead(ctx context.Context, op func() error) error {
	var err error
	for range s.pool.Config().MaxConns + 1 {
		if err = op(); !connLost(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// begin starts a READ COMMITTED transaction (set explicitly: under
// REPEATABLE READ a row lock on a record changed since the snapshot fails
// instead of returning the newest version). Only BEGIN is retried on a dead
// connection: nothing has run yet, whereas a failure later in the
// transaction, COMMIT above all, may leave its outcome unknown to us, so it
// is returned (and the transaction is rolled back by the server).
func (s *Store) begin(ctx context.Context) (pgx.Tx, error) {
	var tx pgx.Tx
	err := s.retryRead(ctx, func() (err error) {
		tx, err = s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
		return err
	})
	return tx, err
}
