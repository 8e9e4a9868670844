package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// JWTOptions configures JWT.
type JWTOptions struct {
	// Schema renames the jwks table and its columns.
	Schema Schema
}

// JWT issues JSON Web Tokens and serves a JWKS (Better Auth's jwt, id
// "jwt"): the jwks table (publicKey, privateKey, createdAt, expiresAt,
// alg, crv). OAuthProvider needs it.
func JWT(opts ...JWTOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "jwt", optErr: err, schema: o.Schema,
		rules: rules{options: "JWTOptions", plugin: "jwt"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "jwks", Fields: []schema.Field{
				{Name: "publicKey", Type: schema.TypeString},
				{Name: "privateKey", Type: schema.TypeString},
				{Name: "createdAt", Type: schema.TypeDate},
				{Name: "expiresAt", Type: schema.TypeDate, Required: schema.Optional},
				{Name: "alg", Type: schema.TypeString, Required: schema.Optional},
				{Name: "crv", Type: schema.TypeString, Required: schema.Optional},
			}}}
		},
	}
}
