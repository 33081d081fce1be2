package cosell

import "strings"

// Fold normalises a company name for case-insensitive matching and sorting.
func Fold(s string) string { return strings.ToLower(s) }
