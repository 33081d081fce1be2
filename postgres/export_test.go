package postgres

// MigrationSQL is each schema version's migration, for upgrade tests.
var MigrationSQL = migrations

// ItemTries is how many times UpdateItems runs a transaction that keeps
// failing to serialize.
const ItemTries = itemTries
