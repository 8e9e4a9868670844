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
	// option); the same as Schema["ssoProvider"].Fields.
	Fields map[string]string
	// Schema renames the ssoProvider table and its columns and takes its
	// AdditionalFields. It may not disagree with ModelName or Fields.
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
		fields[k] = v
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
	return errors.Join(errs...)
}
