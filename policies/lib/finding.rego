# METADATA
# title: Finding constructor
# description: |
#   Every tutela rule adds objects built by `new` to its `deny` or `warn` set.
#   Python maps `path` (keys and indexes into the input fact) to file:line:col and adds
#   the severity and the legal basis from the rule's METADATA (STYLE.md 7.4).
package tutela.lib.finding

# new returns the finding object {id, msg, path}.
#   id:   the rule code, written literally (e.g. "PUR001"); it must equal the METADATA custom.id.
#   msg:  one present-tense English sentence that names the object; no code, no remedy.
#   path: a list of keys and indexes into the input fact, e.g. ["columns", 2].
new(id, msg, path) := {"id": id, "msg": msg, "path": path}
