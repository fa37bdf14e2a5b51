# METADATA
# title: tutela aggregator
# description: |
#   Evaluates every rule family over a batch of facts in one query.
#   input = {"facts": [fact, ...]}; each fact is what one rule family sees as `input`.
#   The per-fact `verdict` and the list of `families` live in the package
#   `tutela.main.generated`, which tutela writes at load time from the policy folders
#   (one static reference per family: regorus evaluates static references about twice as fast
#   as `data.tutela[family]`, and a dynamic reference would make every package under
#   `tutela` a dependency of this one). `tutela bundle` ships that module too.
#   When it is missing, `findings` is undefined and tutela fails closed.
package tutela.main

import data.tutela.main.generated

# findings = {"families": [...], "results": [{"deny": [...], "warn": [...]}, ...]},
# one result per fact, in input order.
findings := {
	"families": generated.families,
	"results": [verdict | some fact in input.facts; verdict := generated.verdict with input as fact],
}
