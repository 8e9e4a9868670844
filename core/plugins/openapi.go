package plugins

import "github.com/authctl/authctl/core"

// OpenAPIOptions configures OpenAPI. OpenAPI has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type OpenAPIOptions struct {
	Schema Schema
}

// OpenAPI serves an OpenAPI description and reference page of the auth API (Better Auth's openAPI, id "open-api"). It adds no tables or columns.
func OpenAPI(opts ...OpenAPIOptions) core.Plugin {
	o, err := one(opts)
	return noTables("open-api", "openAPI", "OpenAPIOptions", err, o.Schema)
}
