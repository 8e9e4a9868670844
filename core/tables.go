package core

import "github.com/authctl/authctl/schema"

// The core tables exactly as Better Auth 1.7.5 defines them, field by field
// and in order. (1.7.0–1.7.2 had account.issuer; 1.7.5 does not.)

func userTable() schema.Table {
	return schema.Table{Key: "user", Order: 1, Fields: []schema.Field{
		{Name: "name", Type: schema.TypeString, Sortable: true},
		{Name: "email", Type: schema.TypeString, Unique: true, Sortable: true},
		{Name: "emailVerified", Type: schema.TypeBoolean, Default: false, Input: Bool(false)},
		{Name: "image", Type: schema.TypeString, Required: schema.Optional},
		{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		{Name: "updatedAt", Type: schema.TypeDate, Default: schema.Now, OnUpdateNow: true},
	}}
}

func sessionTable() schema.Table {
	return schema.Table{Key: "session", Order: 2, Fields: []schema.Field{
		{Name: "expiresAt", Type: schema.TypeDate},
		{Name: "token", Type: schema.TypeString, Unique: true},
		{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		{Name: "updatedAt", Type: schema.TypeDate, OnUpdateNow: true},
		{Name: "ipAddress", Type: schema.TypeString, Required: schema.Optional},
		{Name: "userAgent", Type: schema.TypeString, Required: schema.Optional},
		{Name: "userId", Type: schema.TypeString, Index: true, References: &schema.Reference{Model: "user", Field: "id", OnDelete: schema.Cascade}},
	}}
}

func accountTable() schema.Table {
	hidden := Bool(false)
	return schema.Table{Key: "account", Order: 3, Fields: []schema.Field{
		{Name: "accountId", Type: schema.TypeString},
		{Name: "providerId", Type: schema.TypeString},
		{Name: "userId", Type: schema.TypeString, Index: true, References: &schema.Reference{Model: "user", Field: "id", OnDelete: schema.Cascade}},
		{Name: "accessToken", Type: schema.TypeString, Required: schema.Optional, Returned: hidden},
		{Name: "refreshToken", Type: schema.TypeString, Required: schema.Optional, Returned: hidden},
		{Name: "idToken", Type: schema.TypeString, Required: schema.Optional, Returned: hidden},
		{Name: "accessTokenExpiresAt", Type: schema.TypeDate, Required: schema.Optional, Returned: hidden},
		{Name: "refreshTokenExpiresAt", Type: schema.TypeDate, Required: schema.Optional, Returned: hidden},
		{Name: "scope", Type: schema.TypeString, Required: schema.Optional},
		{Name: "password", Type: schema.TypeString, Required: schema.Optional, Returned: hidden},
		{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		{Name: "updatedAt", Type: schema.TypeDate, OnUpdateNow: true},
	}}
}

func verificationTable() schema.Table {
	return schema.Table{Key: "verification", Order: 4, Fields: []schema.Field{
		{Name: "identifier", Type: schema.TypeString, Index: true},
		{Name: "value", Type: schema.TypeString},
		{Name: "expiresAt", Type: schema.TypeDate},
		{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		{Name: "updatedAt", Type: schema.TypeDate, Default: schema.Now, OnUpdateNow: true},
	}}
}

func rateLimitTable() schema.Table {
	return schema.Table{Key: "rateLimit", Fields: []schema.Field{
		{Name: "key", Type: schema.TypeString, Unique: true},
		{Name: "count", Type: schema.TypeNumber},
		{Name: "lastRequest", Type: schema.TypeNumber, BigInt: true, Default: schema.Now},
	}}
}

// buildSchema merges the core tables, the plugins' contributions and the
// user's table options (Better Auth's getAuthTables).
func buildSchema(o Options) (*schema.Schema, error) {
	in := schema.MergeInput{
		Options: map[string]schema.TableOptions{
			"user":         {ModelName: o.User.ModelName, Fields: o.User.Fields, AdditionalFields: o.User.AdditionalFields},
			"account":      {ModelName: o.Account.ModelName, Fields: o.Account.Fields, AdditionalFields: o.Account.AdditionalFields},
			"session":      {ModelName: o.Session.ModelName, Fields: o.Session.Fields, AdditionalFields: o.Session.AdditionalFields},
			"verification": {ModelName: o.Verification.ModelName, Fields: o.Verification.Fields, AdditionalFields: o.Verification.AdditionalFields},
			"rateLimit":    {ModelName: o.RateLimit.ModelName, Fields: o.RateLimit.Fields},
		},
		IDs: o.Advanced.Database.GenerateID,
	}
	in.Core = append(in.Core, userTable())
	if o.SecondaryStorage == nil || o.Session.StoreSessionInDatabase {
		in.Core = append(in.Core, sessionTable())
	} else {
		in.Dropped = append(in.Dropped, "session")
	}
	in.Core = append(in.Core, accountTable())
	if o.SecondaryStorage == nil || o.Verification.StoreInDatabase {
		in.Core = append(in.Core, verificationTable())
	} else {
		in.Dropped = append(in.Dropped, "verification")
	}
	if o.RateLimit.Storage == RateLimitDatabase {
		in.Tail = append(in.Tail, rateLimitTable())
	}
	for _, p := range o.Plugins {
		if p == nil {
			continue
		}
		in.Plugins = append(in.Plugins, schema.Contribution{Plugin: p.ID(), Tables: p.Schema()})
	}
	return schema.Merge(in)
}
