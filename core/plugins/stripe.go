package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// StripeOptions configures Stripe.
type StripeOptions struct {
	// Subscription adds the subscription table (Better Auth's
	// subscription.enabled). Default off.
	Subscription bool
	// Organization adds organization.stripeCustomerId (Better Auth's
	// organization.enabled). Without the Organization plugin this creates
	// an organization table holding only that column, as Better Auth does.
	// Default off.
	Organization bool
	// Schema renames the subscription table and the columns Stripe adds.
	// An entry for subscription or organization needs the switch above.
	//
	// Better Auth names a plugin table after the last plugin that lists
	// it: with Organization on, list Stripe after plugins.Organization and
	// repeat Organization's Schema["organization"].ModelName here, or the
	// table is named "organization" again.
	Schema Schema
}

// Stripe adds Stripe customers and subscriptions (Better Auth's stripe
// from @better-auth/stripe, id "stripe"): user.stripeCustomerId always,
// the subscription table with Subscription, organization.stripeCustomerId
// with Organization.
func Stripe(opts ...StripeOptions) core.Plugin {
	o, err := one(opts)
	r := rules{options: "StripeOptions", plugin: "stripe", off: map[string]string{}}
	if !o.Subscription {
		r.off["subscription"] = "StripeOptions.Subscription is true"
	}
	if !o.Organization {
		r.off["organization"] = "StripeOptions.Organization is true"
	}
	return &plugin{
		id: "stripe", optErr: err, schema: o.Schema, rules: r,
		tables: func() []schema.Table {
			opt := schema.Optional
			out := []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "stripeCustomerId", Type: schema.TypeString, Required: opt},
			}}}
			if o.Subscription {
				out = append(out, schema.Table{Key: "subscription", Fields: []schema.Field{
					{Name: "plan", Type: schema.TypeString},
					{Name: "referenceId", Type: schema.TypeString},
					{Name: "stripeCustomerId", Type: schema.TypeString, Required: opt},
					{Name: "stripeSubscriptionId", Type: schema.TypeString, Required: opt},
					{Name: "status", Type: schema.TypeString, Default: "incomplete"},
					{Name: "periodStart", Type: schema.TypeDate, Required: opt},
					{Name: "periodEnd", Type: schema.TypeDate, Required: opt},
					{Name: "trialStart", Type: schema.TypeDate, Required: opt},
					{Name: "trialEnd", Type: schema.TypeDate, Required: opt},
					{Name: "cancelAtPeriodEnd", Type: schema.TypeBoolean, Required: opt, Default: false},
					{Name: "cancelAt", Type: schema.TypeDate, Required: opt},
					{Name: "canceledAt", Type: schema.TypeDate, Required: opt},
					{Name: "endedAt", Type: schema.TypeDate, Required: opt},
					{Name: "seats", Type: schema.TypeNumber, Required: opt},
					{Name: "billingInterval", Type: schema.TypeString, Required: opt},
					{Name: "stripeScheduleId", Type: schema.TypeString, Required: opt},
				}})
			}
			if o.Organization {
				out = append(out, schema.Table{Key: "organization", Fields: []schema.Field{
					{Name: "stripeCustomerId", Type: schema.TypeString, Required: opt},
				}})
			}
			return out
		},
	}
}
