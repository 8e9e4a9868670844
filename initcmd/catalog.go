package initcmd

import "github.com/authctl/authctl/core/plugins"

// PluginInfo describes a plugin of the catalog init offers.
type PluginInfo = plugins.Info

// pluginCatalog and lookupPlugin read core/plugins' catalog, the one list
// of plugins every authctl command knows.
func pluginCatalog() []PluginInfo { return plugins.Catalog() }

func lookupPlugin(name string) (PluginInfo, bool) { return plugins.Lookup(name) }

// pluginNeeds lists, per plugin, the plugins it cannot work without, which
// init adds (before it) when they were not chosen.
var pluginNeeds = map[string][]string{
	"oauthProvider": {"jwt"},
}

// pluginConflicts lists plugins that replace another: oauthDeviceAuthorization
// wraps deviceAuthorization and is used instead of it (the config would
// list the device-authorization plugin twice).
var pluginConflicts = map[string]string{
	"oauthDeviceAuthorization": "deviceAuthorization",
}
