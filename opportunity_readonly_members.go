package cosell

// ReadOnlyLifeCycleMembers lists the service-managed LifeCycle members
// (spec §2.1, §3.2), for clients that rebuild an update payload from a
// GetOpportunity record (the CLI's --merge).
func ReadOnlyLifeCycleMembers() []string {
	return append([]string(nil), readOnlyLifeCycle...)
}
