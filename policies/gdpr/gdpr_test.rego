package tutela.gdpr_test

import data.tutela.lib.gdpr_fixtures_test as fx

# The family's verdict for one fact (with the profile on, or off). The family is named by its
# full path: regorus 0.13 resolves `import data.tutela.gdpr` wrongly inside `with` here.
_deny(fact) := found if {
	found := data.tutela.gdpr.deny with input as fact with data.tutela.inventory as fx.inventory with data.tutela.config as fx.on
}

_warn(fact) := found if {
	found := data.tutela.gdpr.warn with input as fact with data.tutela.inventory as fx.inventory with data.tutela.config as fx.on
}

_deny_off(fact) := found if {
	found := data.tutela.gdpr.deny with input as fact with data.tutela.inventory as fx.inventory with data.tutela.config as fx.off
}

_ids(found) := {f.id | some f in found}

test_gdp001_bad_statement if {
	"GDP001" in _ids(_deny(fx.marketing_phone))
}

test_gdp001_good_statement if {
	not "GDP001" in _ids(_deny(fx.service_phone))
}

test_gdp001_bad_manifest if {
	"GDP001" in _ids(_deny(fx.marketing_manifest))
}

test_gdp001_profile_off if {
	not "GDP001" in _ids(_deny_off(fx.marketing_phone))
}

test_gdp002_bad if {
	"GDP002" in _ids(_deny(fx.service_health))
}

test_gdp002_good_condition if {
	not "GDP002" in _ids(_deny(fx.hr_health))
}

test_gdp002_good_not_special if {
	not "GDP002" in _ids(_deny(fx.service_phone))
}

test_gdp002_profile_off if {
	not "GDP001" in _ids(_deny_off(fx.service_health))
}

test_gdp003_bad_manifest if {
	"GDP003" in _ids(_deny(fx.manifest("nube_us", "US")))
}

test_gdp003_good_scc if {
	not "GDP003" in _ids(_deny(fx.manifest("scc_us", "US")))
}

test_gdp003_good_eea if {
	not "GDP003" in _ids(_deny(fx.manifest("nube_de", "DE")))
}

test_gdp003_bad_export if {
	"GDP003" in _ids(_deny(fx.export("s3://nube-us/x/")))
}

test_gdp003_good_export_scc if {
	not "GDP003" in _ids(_deny(fx.export("s3://scc-us/x/")))
}

test_gdp004_bad_manifest if {
	"GDP004" in _ids(_warn(fx.kept_long))
}

test_gdp004_good_manifest if {
	not "GDP004" in _ids(_warn(fx.kept_short))
}
