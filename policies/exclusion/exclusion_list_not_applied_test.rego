package tutela.exclusion_test

import data.tutela.lib.fixtures_test.inventory as inv

_tel := {
	"table": "dwh.crm.clientes", "column": "telefono", "category": "contacto",
	"contact_type": "phone", "sink": "result",
}

_correo := {
	"table": "dwh.crm.clientes", "column": "correo", "category": "contacto",
	"contact_type": "email", "sink": "result",
}

_check(kind, form, anti, correlated, column, exclusion_column) := {
	"exclusion_table": "dwh.mkt.x", "exclusion_kind": kind, "exclusion_columns": ["telefono", "correo"],
	"form": form, "anti": anti, "correlated": correlated,
	"pairs": [{
		"table": "dwh.crm.clientes", "column": column,
		"exclusion_table": "dwh.mkt.x", "exclusion_column": exclusion_column,
	}],
}


test_deny_no_exclusion_check if {
	fact := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [_tel], "exclusion_checks": []}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	{f | some f in found; f.id == "EXC001"} == {{
		"id": "EXC001", "path": ["exposures", 0],
		"values": {"table": "dwh.crm.clientes", "column": "telefono", "purpose": "mercadotecnia"},
	}}
}

test_deny_inner_join_uncorrelated_or_wrong_column if {
	every check in [
		_check("internal", "inner_join", false, true, "telefono", "telefono"),
		_check("internal", "not_exists", true, false, "telefono", "telefono"),
		_check("internal", "not_exists", true, true, "correo", "correo"),
		_check("repep", "not_exists", true, true, "telefono", "telefono"),
	] {
		fact := {"kind": "statement", "purpose": "boletin", "exposures": [_tel], "exclusion_checks": [check]}
		found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
		"EXC001" in {f.id | some f in found}
	}
}

# Kinds: the internal list is required for phones and e-mails; the REPEP alone does not stand
# for it, and it never concerns an e-mail.
test_deny_phone_removed_only_against_repep if {
	check := _check("repep", "not_exists", true, true, "telefono", "telefono")
	fact := {"kind": "statement", "purpose": "boletin", "exposures": [_tel], "exclusion_checks": [check]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	"EXC001" in {f.id | some f in found}
}

test_deny_email_removed_only_against_repep if {
	check := _check("repep", "not_exists", true, true, "correo", "correo")
	fact := {"kind": "statement", "purpose": "boletin", "exposures": [_correo], "exclusion_checks": [check]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	"EXC001" in {f.id | some f in found}
}

test_multi_kind_check_counts_for_each_kind if {
	# one table that is both lists; the phone anti-join counts for repep and internal
	check := object.union(
		_check("repep", "not_exists", true, true, "telefono", "telefono"),
		{"exclusion_kinds": ["repep", "internal"]},
	)
	fact := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [_tel], "exclusion_checks": [check]}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	count({f | some f in found; f.id in {"EXC001", "EXC002"}}) == 0
	# an e-mail anti-join on it counts for the internal list only: EXC002 does not concern it
	mail := object.union(
		_check("internal", "not_exists", true, true, "correo", "correo"),
		{"exclusion_kinds": ["internal"]},
	)
	found2 := data.tutela.exclusion.deny with input as {
		"kind": "statement", "purpose": "mercadotecnia", "exposures": [_correo], "exclusion_checks": [mail],
	}
		with data.tutela.inventory as inv
	count(found2) == 0
}

test_allow_correlated_anti_join_per_column if {
	checks := [
		_check("internal", "not_exists", true, true, "telefono", "telefono"),
		_check("internal", "left_join_is_null", true, true, "correo", "correo"),
	]
	fact := {"kind": "statement", "purpose": "boletin", "exposures": [_tel, _correo], "exclusion_checks": checks}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	not "EXC001" in {f.id | some f in found}
}

test_allow_non_marketing_purpose_or_no_contact if {
	addr := {
		"table": "dwh.crm.clientes", "column": "domicilio", "category": "contacto",
		"contact_type": "address", "sink": "result",
	}
	f1 := data.tutela.exclusion.deny with input as {"kind": "statement", "purpose": "atencion", "exposures": [_tel]}
		with data.tutela.inventory as inv
	f2 := data.tutela.exclusion.deny with input as {"kind": "statement", "purpose": "boletin", "exposures": [addr]}
		with data.tutela.inventory as inv
	count(f1) + count(f2) == 0
}

test_deny_second_occurrence_without_anti_join if {
	# The first UNION branch anti-joins the list on its phones; the second reads the table again.
	check := object.union(_check("internal", "not_exists", true, true, "telefono", "telefono"), {
		"pairs": [{"table": "dwh.crm.clientes", "column": "telefono", "exclusion_table": "dwh.mkt.x", "exclusion_column": "telefono", "read": 0}],
	})
	fact := {
		"kind": "statement", "purpose": "boletin",
		"exposures": [object.union(_tel, {"read": 0}), object.union(_tel, {"read": 1})],
		"exclusion_checks": [check],
	}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	[f.path | some f in found; f.id == "EXC001"] == [["exposures", 1]]
}

test_allow_pair_without_occurrence_covers_the_column if {
	fact := {
		"kind": "statement", "purpose": "boletin",
		"exposures": [object.union(_tel, {"read": 3})],
		"exclusion_checks": [_check("internal", "not_exists", true, true, "telefono", "telefono")],
	}
	found := data.tutela.exclusion.deny with input as fact with data.tutela.inventory as inv
	not "EXC001" in {f.id | some f in found}
}
