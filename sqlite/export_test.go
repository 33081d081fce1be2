package sqlite

// BatchStats reports how many batches the writer ran and how many requests
// they held, for tests and benchmarks.
func (s *Store) BatchStats() (batches, requests int64) {
	return s.w.batches.Load(), s.w.requests.Load()
}
