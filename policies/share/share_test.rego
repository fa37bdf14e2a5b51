package tutela.share_test

import data.tutela.lib.manifest_fixtures_test as fx

_deny(fact) := found if {
	found := data.tutela.share.deny with input as fact with data.tutela.config as fx.config
}

_warn(fact) := found if {
	found := data.tutela.share.warn with input as fact with data.tutela.config as fx.config
}

_with_column(changes) := fx.put(fx.transfer, {"columns": [fx.put(fx.transfer.columns[0], changes)]})

test_base_is_clean if {
	count(_deny(fx.transfer)) == 0
	count(_warn(fx.transfer)) == 0
}

test_shr001_any_transform if {
	"SHR001" in fx.ids(_deny(_with_column({"category": "pci_cvv", "transforms": ["sha2"]})))
}

test_shr002 if {
	"SHR002" in fx.ids(_deny(_with_column({"category": "pci_pan"})))
	"SHR002" in fx.ids(_deny(_with_column({"category": "pci_pan", "transforms": ["sha2"]})))
	not "SHR002" in fx.ids(_deny(_with_column({"category": "pci_pan", "transforms": ["right"]})))
}

test_shr002_configured_mask if {
	fact := _with_column({"category": "pci_pan", "transforms": ["tokenize"]})
	found := data.tutela.share.deny with input as fact
		with data.tutela.config as object.union(fx.config, {"masks": ["tokenize"]})
	not "SHR002" in fx.ids(found)
}

test_shr003 if {
	found := _deny(fx.put(fx.transfer, {"retention_days": 2161}))
	found == {{
		"id": "SHR003", "path": ["retention_days"],
		"values": {"recipient": "banco", "days": 2161, "source_days": 2160},
	}}
	count(_deny(fx.put(fx.transfer, {"retention_days": 2160}))) == 0
}

test_shr004 if {
	tables := [fx.put(fx.transfer.tables[0], {"blocked": true})]
	"SHR004" in fx.ids(_deny(fx.put(fx.transfer, {"tables": tables})))
	legal := fx.put(fx.transfer, {"tables": tables, "purpose_details": {"tags": ["legal_defence"]}})
	not "SHR004" in fx.ids(_deny(legal))
}

marketing := fx.put(
	_with_column({"category": "contacto", "contact_type": "phone", "column": "telefono"}),
	{"purpose_details": {"tags": ["marketing"]}},
)

_xcheck(column, kinds, anti) := {
	"exclusion_table": "dwh.mkt.x", "exclusion_kind": kinds[0], "exclusion_kinds": kinds,
	"exclusion_columns": ["telefono", "correo"], "form": "not_exists", "anti": anti, "correlated": true,
	"pairs": [{
		"table": "dwh.cobranza.cartera", "column": column,
		"exclusion_table": "dwh.mkt.x", "exclusion_column": column,
	}],
}

test_shr005 if {
	"SHR005" in fx.ids(_deny(marketing))
	excluded := fx.put(marketing, {"query": {"exclusion_checks": [_xcheck("telefono", ["internal"], true)]}})
	not "SHR005" in fx.ids(_deny(excluded))
	semi := fx.put(marketing, {"query": {"exclusion_checks": [_xcheck("telefono", ["internal"], false)]}})
	"SHR005" in fx.ids(_deny(semi))
	other_column := fx.put(marketing, {"query": {"exclusion_checks": [_xcheck("correo", ["internal"], true)]}})
	"SHR005" in fx.ids(_deny(other_column))
}

# The same kinds as the SQL gate (EXC001/EXC002): telemarketing phones need the REPEP too; an
# e-mail never does; one table that is both lists counts for both.
test_shr005_kinds if {
	tele := fx.put(marketing, {"purpose_details": {"tags": ["marketing", "telemarketing"]}})
	internal_only := fx.put(tele, {"query": {"exclusion_checks": [_xcheck("telefono", ["internal"], true)]}})
	"SHR005" in fx.ids(_deny(internal_only))
	both := fx.put(tele, {"query": {"exclusion_checks": [_xcheck("telefono", ["repep", "internal"], true)]}})
	not "SHR005" in fx.ids(_deny(both))
	repep_only := fx.put(tele, {"query": {"exclusion_checks": [_xcheck("telefono", ["repep"], true)]}})
	"SHR005" in fx.ids(_deny(repep_only))
	mail := fx.put(
		_with_column({"category": "contacto", "contact_type": "email", "column": "correo"}),
		{"purpose_details": {"tags": ["marketing", "telemarketing"]}, "query": {"exclusion_checks": [_xcheck("correo", ["internal"], true)]}},
	)
	not "SHR005" in fx.ids(_deny(mail))
}

test_shr006 if {
	bad := {"parsed": false, "statements": 1, "operation": "unparsed", "error": {"message": "boom"}, "unknown_tables": []}
	"SHR006" in fx.ids(_deny(fx.put(fx.transfer, {"query": bad})))
	two := {"parsed": true, "statements": 2, "operation": "select", "unknown_tables": []}
	"SHR006" in fx.ids(_deny(fx.put(fx.transfer, {"query": two})))
	good := {"parsed": true, "statements": 1, "operation": "select", "unknown_tables": []}
	not "SHR006" in fx.ids(_deny(fx.put(fx.transfer, {"query": good})))
}

test_shr006_unclassified if {
	column := {"table": "dwh.cobranza.cartera", "column": "nuevo", "looks_personal": false}
	query := {"parsed": true, "statements": 1, "operation": "select", "unclassified": [column]}
	found := _deny(fx.put(fx.transfer, {"query": query}))
	found == {{
		"id": "SHR006", "path": ["query", "unclassified", 0],
		"variant": "unclassified_column",
		"values": {"manifest": "m", "table": "dwh.cobranza.cartera", "column": "nuevo"},
	}}
	literal := {"table": null, "column": null, "looks_personal": true, "pattern": "CURP"}
	"SHR006" in fx.ids(_deny(fx.put(fx.transfer, {"query": fx.put(query, {"unclassified": [literal]})})))
}

test_shr007 if {
	transport := fx.put(fx.transfer.transport, {"encryption_in_transit": false})
	"SHR007" in fx.ids(_deny(fx.put(fx.transfer, {"transport": transport})))
}

consent_share := fx.put(fx.transfer, {
	"purpose": "analitica",
	"purpose_details": {"requires_consent": true, "tags": ["analytics"]},
	"tables": [fx.put(fx.transfer.tables[0], {"consent_columns": {"analitica": "acepta"}})],
})

test_shr008 if {
	"SHR008" in fx.ids(_deny(consent_share))
	filter := {"table": "dwh.cobranza.cartera", "column": "acepta", "polarity": "positive", "restricts": true}
	not "SHR008" in fx.ids(_deny(fx.put(consent_share, {"query": {"consent_filters": [filter]}})))
	negative := fx.put(filter, {"polarity": "negative"})
	"SHR008" in fx.ids(_deny(fx.put(consent_share, {"query": {"consent_filters": [negative]}})))
}

test_shr009 if {
	"SHR009" in fx.ids(_warn(fx.put(fx.transfer, {"approved": false})))
	not "SHR009" in fx.ids(_warn(fx.put(fx.transfer, {"approved": false, "status": "draft"})))
}

test_ignores_statements if count(_deny({"kind": "statement", "columns": [{"category": "pci_cvv"}]})) == 0

test_shr010 if {
	recipient := fx.put(fx.transfer.recipient, {"destinations": ["s3://banco/resultados/"]})
	declared := fx.put(fx.transfer, {"recipient": recipient})
	transport := fx.put(fx.transfer.transport, {"destinations": ["s3://banco/resultados/2026/"]})
	count(_warn(fx.put(declared, {"transport": transport}))) == 0
	other := fx.put(fx.transfer.transport, {"destinations": ["s3://banco/resultados-x/"]})
	"SHR010" in fx.ids(_warn(fx.put(declared, {"transport": other})))
}

# Recipient scope (SHR011) and the transfer-consent column (SHR012).
test_shr011_category_outside_scope if {
	scoped := fx.put(fx.transfer, {"recipient": fx.put(fx.transfer.recipient, {"categories": ["identificacion"]})})
	found := _deny(scoped)
	{f.id | some f in found} == {"SHR011"}
	within := fx.put(scoped, {"recipient": fx.put(fx.transfer.recipient, {"categories": ["patrimonial"]})})
	not "SHR011" in fx.ids(_deny(within))
	masked := fx.put(scoped, {"columns": [fx.put(fx.transfer.columns[0], {"transforms": ["sum"]})]})
	not "SHR011" in fx.ids(_deny(masked))
	not "SHR011" in fx.ids(_deny(fx.transfer)) # no categories declared: not limited
}

_consent_tables := [fx.put(fx.transfer.tables[0], {"shared": true, "transfer_consent_columns": {"banco": "acepta_banco"}})]

test_shr012_transfer_consent_column if {
	claimed := fx.put(fx.transfer, {"tables": _consent_tables, "legal_basis": {"consent": "express"}})
	found := _deny(claimed)
	found == {{
		"id": "SHR012", "path": ["tables", 0],
		"msg": "Manifest \"m\" transfers dwh.cobranza.cartera to \"banco\" without keeping only rows where acepta_banco is true.",
	}}
	filter := {"table": "dwh.cobranza.cartera", "column": "acepta_banco", "polarity": "positive", "restricts": true, "recipients": ["banco"]}
	filtered := fx.put(claimed, {"query": {"consent_filters": [filter]}})
	not "SHR012" in fx.ids(_deny(filtered))
	in_or := fx.put(claimed, {"query": {"consent_filters": [fx.put(filter, {"restricts": false})]}})
	"SHR012" in fx.ids(_deny(in_or))
	# an Art. 36 exception needs no consent
	not "SHR012" in fx.ids(_deny(fx.put(fx.transfer, {"tables": _consent_tables})))
}
