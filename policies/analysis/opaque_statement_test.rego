package tutela.analysis_test

test_warn_opaque_command if {
	found := data.tutela.analysis.warn with input as {"kind": "statement", "parsed": true, "operation": "command", "command": "grant"}
	found == {{"id": "SQL002", "path": [], "msg": "The statement \"GRANT\" is an opaque command whose data flow tutela cannot see."}}
}

test_allow_other_operations if {
	count(data.tutela.analysis.warn) == 0 with input as {"kind": "statement", "operation": "select"}
	count(data.tutela.analysis.warn) == 0 with input as {"kind": "statement"}
}
