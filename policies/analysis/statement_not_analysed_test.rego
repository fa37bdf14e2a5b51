package tutela.analysis_test

test_deny_unparsed_statement if {
	fact := {"kind": "statement", "parsed": false, "operation": "unparsed", "error": {"message": concat("", [
		"Invalid expression / Unexpected ",
		"token. Line 1, Col: 8.",
	]), "stage": "parse"}}
	found := data.tutela.analysis.deny with input as fact
	found == {{"id": "SQL001", "path": ["error"], "values": {"reason": concat("", [
		"Invalid expression / Unexpected token. ",
		"Line 1, Col: 8.",
	])}}}
}

test_deny_unparsed_without_reason if {
	found := data.tutela.analysis.deny with input as {"kind": "statement", "parsed": false}
	{f.values.reason | some f in found} == {null}
}

test_allow_parsed_or_missing_flag if {
	f1 := data.tutela.analysis.deny with input as {"kind": "statement", "parsed": true}
	f2 := data.tutela.analysis.deny with input as {"kind": "statement"}
	f3 := data.tutela.analysis.deny with input as {"kind": "manifest", "parsed": false}
	count(f1) + count(f2) + count(f3) == 0
}
