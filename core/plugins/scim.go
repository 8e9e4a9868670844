package plugins

import (
	"errors"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// SCIMOptions configures SCIM.
type SCIMOptions struct {
	// ManagedConnections adds the scimManagedConnection,
	// scimManagedCredential and scimManagedConnectionEvent tables (Better
	// Auth's managedConnections). Default off.
	ManagedConnections bool
	// Schema must be empty: @better-auth/scim 1.7.5 has no schema option
	// (its SCIMOptions has none, and its plugin schema is fixed), so Better
	// Auth would keep the default table and column names whatever it says.
	Schema Schema
}

// SCIM adds an inbound SCIM 2.0 provisioning service (Better Auth's scim
// from @better-auth/scim, id "scim"): the scimConnectionBinding,
// scimIdentityTombstone, scimSubject, scimUser, scimProjectionGrant,
// scimGroup and scimGroupMember tables, and with ManagedConnections the
// three scimManaged* tables before them (@better-auth/scim 1.7.5 spreads
// its managed schema first, so they come first in table and CREATE TABLE
// order).
//
// The tables are checked against @better-auth/scim 1.7.5 itself by
// betterauth_test.go.
func SCIM(opts ...SCIMOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "scim", optErr: err,
		rules: rules{options: "SCIMOptions", plugin: "scim"},
		tables: func() []schema.Table {
			if o.ManagedConnections {
				return append(scimManagedTables(), scimTables()...)
			}
			return scimTables()
		},
		conflicts: func() error {
			if len(o.Schema) == 0 {
				return nil
			}
			return errors.New("SCIMOptions.Schema: Better Auth's scim (1.7.5) has no schema option, so its tables and columns keep their names; remove Schema")
		},
	}
}

func scimTables() []schema.Table {
	opt := schema.Optional
	str, num, date := schema.TypeString, schema.TypeNumber, schema.TypeDate
	hidden := returnedOff
	return []schema.Table{
		{Key: "scimConnectionBinding", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "connectionKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "provisioningDomainId", Type: str},
			{Name: "createdAt", Type: date},
			{Name: "decommissionedAt", Type: date, Required: opt},
			{Name: "decommissionStatus", Type: str, Default: "active"},
			{Name: "decommissionCursorUserId", Type: str, Required: opt, Returned: hidden()},
			{Name: "decommissionReconciledUserCount", Type: num, Default: 0},
			{Name: "decommissionBatchCount", Type: num, Default: 0},
			{Name: "decommissionRevision", Type: num, Default: 0, Returned: hidden()},
			{Name: "decommissionCompletedAt", Type: date, Required: opt},
			{Name: "decommissionLeaseId", Type: str, Required: opt, Returned: hidden()},
			{Name: "decommissionLeaseExpiresAt", Type: date, Required: opt, Returned: hidden()},
		}},
		{Key: "scimIdentityTombstone", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "provisioningDomainId", Type: str, Index: true},
			{Name: "externalId", Type: str},
			{Name: "externalIdKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "userId", Type: str, Index: true, References: refID("user")},
			{Name: "profile", Type: str},
			{Name: "deletedAt", Type: date},
		}},
		{Key: "scimSubject", Fields: []schema.Field{
			{Name: "userId", Type: str, Unique: true, References: refID("user")},
			{Name: "profileSourceId", Type: str, Required: opt, Index: true},
			{Name: "revision", Type: num},
			{Name: "createdAt", Type: date},
			{Name: "updatedAt", Type: date},
		}},
		{Key: "scimUser", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "provisioningDomainId", Type: str, Index: true},
			{Name: "userId", Type: str, Index: true, References: refID("user")},
			{Name: "connectionUserKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "userName", Type: str},
			{Name: "userNameKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "primaryEmail", Type: str},
			{Name: "workEmailValueIndex", Type: str, Returned: hidden()},
			{Name: "emailValueIndex", Type: str, Returned: hidden()},
			{Name: "displayName", Type: str},
			{Name: "formattedName", Type: str},
			{Name: "givenName", Type: str, Required: opt},
			{Name: "familyName", Type: str, Required: opt},
			{Name: "serializedEmails", Type: str, Returned: hidden()},
			{Name: "serializedAttributes", Type: str, Required: opt, Returned: hidden()},
			{Name: "externalId", Type: str, Required: opt},
			{Name: "externalIdKey", Type: str, Required: opt, Unique: true, Returned: hidden()},
			{Name: "active", Type: schema.TypeBoolean},
			{Name: "orderKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "createdAt", Type: date},
			{Name: "updatedAt", Type: date},
		}},
		{Key: "scimProjectionGrant", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "provisioningDomainId", Type: str, Index: true},
			{Name: "scimUserId", Type: str, Index: true, References: refID("scimUser")},
			{Name: "userId", Type: str, Index: true, References: refID("user")},
			{Name: "sourceKind", Type: str},
			{Name: "sourceId", Type: str},
			{Name: "sourceValue", Type: str, Required: opt},
			{Name: "role", Type: str},
			{Name: "grantKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "createdAt", Type: date},
			{Name: "updatedAt", Type: date},
		}},
		{Key: "scimGroup", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "provisioningDomainId", Type: str, Index: true},
			{Name: "revision", Type: num, Default: 0, Returned: hidden()},
			{Name: "displayName", Type: str},
			{Name: "displayNameKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "externalId", Type: str, Required: opt},
			{Name: "externalIdKey", Type: str, Required: opt, Unique: true, Returned: hidden()},
			{Name: "orderKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "createdAt", Type: date},
			{Name: "updatedAt", Type: date},
		}},
		{Key: "scimGroupMember", Fields: []schema.Field{
			{Name: "connectionId", Type: str, Index: true},
			{Name: "groupId", Type: str, Index: true, References: refID("scimGroup")},
			{Name: "scimUserId", Type: str, Index: true, References: refID("scimUser")},
			{Name: "membershipKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "createdAt", Type: date},
		}},
	}
}

func scimManagedTables() []schema.Table {
	opt := schema.Optional
	str, num, date := schema.TypeString, schema.TypeNumber, schema.TypeDate
	hidden := returnedOff
	toConnection := func() *schema.Reference {
		return &schema.Reference{Model: "scimManagedConnection", Field: "id", OnDelete: schema.Cascade}
	}
	return []schema.Table{
		{Key: "scimManagedConnection", Fields: []schema.Field{
			{Name: "creationRequestId", Type: str, Unique: true},
			{Name: "connectionId", Type: str, Unique: true},
			{Name: "provisioningDomainId", Type: str, Index: true},
			{Name: "status", Type: str},
			{Name: "revision", Type: num, Returned: hidden()},
			{Name: "createdAt", Type: date},
			{Name: "createdBy", Type: str},
			{Name: "decommissionStartedAt", Type: date, Required: opt},
			{Name: "decommissionStartedBy", Type: str, Required: opt},
			{Name: "decommissionedAt", Type: date, Required: opt},
			{Name: "decommissionedBy", Type: str, Required: opt},
		}},
		{Key: "scimManagedCredential", Fields: []schema.Field{
			{Name: "connectionRecordId", Type: str, Index: true, References: toConnection()},
			{Name: "credentialId", Type: str, Unique: true},
			{Name: "tokenDigest", Type: str, Returned: hidden()},
			{Name: "hashVersion", Type: str, Returned: hidden()},
			{Name: "activeSlotKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "status", Type: str},
			{Name: "serializedScopes", Type: str, Returned: hidden()},
			{Name: "expiresAt", Type: date},
			{Name: "createdAt", Type: date},
			{Name: "createdBy", Type: str},
			{Name: "lastUsedAt", Type: date, Required: opt},
			{Name: "revokedAt", Type: date, Required: opt},
			{Name: "revokedBy", Type: str, Required: opt},
			{Name: "decommissionedAt", Type: date, Required: opt},
		}},
		{Key: "scimManagedConnectionEvent", Fields: []schema.Field{
			{Name: "connectionRecordId", Type: str, Index: true, References: toConnection()},
			{Name: "eventKey", Type: str, Unique: true, Returned: hidden()},
			{Name: "sequence", Type: num},
			{Name: "type", Type: str},
			{Name: "actorId", Type: str},
			{Name: "credentialId", Type: str, Required: opt},
			{Name: "createdAt", Type: date},
		}},
	}
}
