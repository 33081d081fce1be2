package memory_test

import (
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) cosell.Store { return memory.New() })
}
