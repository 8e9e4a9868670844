package plugins

import (
	"errors"
	"fmt"
	"sort"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// SSOOptions configures SSO.
type SSOOptions struct {
	// DomainVerification adds ssoProvider.domainVerified (Better Auth's
	// domainVerification.enabled). Default off.
	DomainVerification bool
	// ModelName renames the ssoProvider table (Better Auth's top-level
	// modelName option); the same as Schema["ssoProvider"].ModelName.
	ModelName string
	// Fields renames ssoProvider columns (Better Auth's top-level fields
	// option); the same as Schema["ssoProvider"].Fields, except that, as
	// in Better Auth, it cannot rename domainVerified.
	Fields map[string]string
	// Schema renames the ssoProvider table and its columns and takes its
	// AdditionalFields. It may not disagree with ModelName or Fields. An
	// additional field may not reuse the name of a built-in field (id,
	// issuer, oidcConfig, samlConfig, userId, providerId, organizationId,
	// domain, domainVerified), of a field of Better Auth's provider
	// responses (type, spMetadataUrl, redirectURI,
	// domainVerificationToken), or the column of a built-in field: Better
	// Auth's sso() throws on each.
	Schema Schema
}

// SSO adds OIDC and SAML single sign-on providers (Better Auth's sso from
// @better-auth/sso, id "sso"): the ssoProvider table (issuer, oidcConfig,
// samlConfig, userId → user, providerId unique, organizationId, domain,
// and domainVerified with DomainVerification).
func SSO(opts ...SSOOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "sso", optErr: err, schema: o.merged(),
		rules: rules{options: "SSOOptions", plugin: "sso", extensible: []string{"ssoProvider"},
			off: map[string]string{"ssoProvider.domainVerified": "SSOOptions.DomainVerification is true"}},
		tables: func() []schema.Table {
			fields := []schema.Field{
				{Name: "issuer", Type: schema.TypeString},
				{Name: "oidcConfig", Type: schema.TypeString, Required: schema.Optional},
				{Name: "samlConfig", Type: schema.TypeString, Required: schema.Optional},
				{Name: "userId", Type: schema.TypeString, References: refID("user")},
				{Name: "providerId", Type: schema.TypeString, Unique: true},
				{Name: "organizationId", Type: schema.TypeString, Required: schema.Optional},
				{Name: "domain", Type: schema.TypeString},
			}
			if o.DomainVerification {
				fields = append(fields, schema.Field{Name: "domainVerified", Type: schema.TypeBoolean, Required: schema.Optional})
			}
			return []schema.Table{{Key: "ssoProvider", Fields: fields}}
		},
		conflicts: o.conflicts,
	}
}

// merged folds the top-level ModelName and Fields into Schema.
func (o SSOOptions) merged() Schema {
	if o.ModelName == "" && len(o.Fields) == 0 {
		return o.Schema
	}
	s := Schema{}
	for k, v := range o.Schema {
		s[k] = v
	}
	ts := s["ssoProvider"]
	if ts.ModelName == "" {
		ts.ModelName = o.ModelName
	}
	fields := map[string]string{}
	for k, v := range o.Fields {
		if k != "domainVerified" { // reported by conflicts
			fields[k] = v
		}
	}
	for k, v := range ts.Fields {
		fields[k] = v
	}
	ts.Fields = fields
	s["ssoProvider"] = ts
	return s
}

func (o SSOOptions) conflicts() error {
	var errs []error
	ts := o.Schema["ssoProvider"]
	if o.ModelName != "" && ts.ModelName != "" && o.ModelName != ts.ModelName {
		errs = append(errs, fmt.Errorf("SSOOptions.ModelName %q and SSOOptions.Schema[\"ssoProvider\"].ModelName %q disagree; set one of them", o.ModelName, ts.ModelName))
	}
	names := make([]string, 0, len(o.Fields))
	for n := range o.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if c, ok := ts.Fields[n]; ok && c != o.Fields[n] {
			errs = append(errs, fmt.Errorf("SSOOptions.Fields[%q] = %q and SSOOptions.Schema[\"ssoProvider\"].Fields[%q] = %q disagree; set one of them", n, o.Fields[n], n, c))
		}
	}
	if _, ok := o.Fields["domainVerified"]; ok {
		// @better-auth/sso 1.7.5 reads domainVerified's fieldName from
		// schema.ssoProvider.fields only; its top-level fields type has no
		// domainVerified key.
		errs = append(errs, errors.New(`SSOOptions.Fields["domainVerified"]: Better Auth's top-level fields option cannot rename domainVerified; use SSOOptions.Schema["ssoProvider"].Fields["domainVerified"]`))
	}
	errs = append(errs, o.additionalCollisions())
	return errors.Join(errs...)
}

// ssoBuiltIn are the ssoProvider fields of @better-auth/sso 1.7.5
// (SSO_PROVIDER_BUILT_IN_FIELD_KEYS), whether or not DomainVerification
// adds domainVerified; ssoResponse are the provider response fields
// (SSO_PROVIDER_RESPONSE_FIELD_KEYS).
var (
	ssoBuiltIn  = []string{"id", "issuer", "oidcConfig", "samlConfig", "userId", "providerId", "organizationId", "domain", "domainVerified"}
	ssoResponse = []string{"type", "spMetadataUrl", "redirectURI", "domainVerificationToken"}
)

// additionalCollisions mirrors sso()'s assertNoAdditionalFieldCollisions:
// an additional field may not take a built-in or response field's name,
// nor a built-in field's column. Columns of fields the table has are
// left to check (two fields on one column); what remains is
// domainVerified's column when DomainVerification leaves the field out,
// which Better Auth refuses all the same.
func (o SSOOptions) additionalCollisions() error {
	merged := o.merged()["ssoProvider"]
	dvColumn := ""
	if !o.DomainVerification {
		dvColumn = "domainVerified"
		if c := merged.Fields["domainVerified"]; c != "" {
			dvColumn = c
		}
	}
	var errs []error
	for i, f := range merged.AdditionalFields {
		where := fmt.Sprintf(`SSOOptions.Schema["ssoProvider"].AdditionalFields[%d]`, i)
		switch {
		case contains(ssoBuiltIn, f.Name):
			errs = append(errs, fmt.Errorf("%s: %q is a built-in ssoProvider field; Better Auth's sso refuses to redefine it, so pick another name", where, f.Name))
		case contains(ssoResponse, f.Name):
			errs = append(errs, fmt.Errorf("%s: %q is a field of Better Auth's SSO provider responses; Better Auth's sso refuses it, so pick another name", where, f.Name))
		case f.ColumnName() == dvColumn:
			errs = append(errs, fmt.Errorf("%s: column %q is the column of the built-in field domainVerified (even with DomainVerification off, Better Auth's sso refuses it), so pick another Column", where, dvColumn))
		}
	}
	return errors.Join(errs...)
}
