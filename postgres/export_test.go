package postgres

// MigrationSQL is each schema version's migration, for upgrade tests.
var MigrationSQL = migrations
