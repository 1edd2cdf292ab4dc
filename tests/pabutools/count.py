"""Counts .pb files with pabutools, the reference implementation, for the
comparison test (tests/tests/it/budget_count.rs) and the benchmark.

    python count.py [--rules greedy,equal_shares] FILE.pb...

Prints one line per file and rule: `<file>\t<rule>\t<project ids, comma-separated, sorted>`
(and the seconds it took, on the clock and in CPU time, as a fourth and fifth column). Amounts in the files are in euros, so the
voter budget increment of one euro is 1.

The rules, as Plein counts them (docs/budget-count.md):
- greedy: greedy_utilitarian_welfare with cost satisfaction (approval) or
  points x cost (cumulative): projects by votes, skipping what does not fit;
- equal_shares: method_of_equal_shares with the same satisfaction and
  voter_budget_increment = one euro, completed by that greedy.
Projects nobody voted for are left out of the printed selection: pabutools'
greedy would add them last if they still fit; Plein never funds them.
"""

import sys
import time

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares


def points_cost_sat_func(instance, profile, ballot, project, precomputed_values):
    if project in ballot:
        return ballot[project] * project.cost
    return 0


class Points_Cost_Sat(AdditiveSatisfaction):
    """Cost satisfaction weighted by the points of a cumulative ballot."""

    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, points_cost_sat_func)


def count(path, rules):
    instance, profile = parse_pabulib(path)
    cumulative = instance.meta.get("vote_type") == "cumulative"
    sat = Points_Cost_Sat if cumulative else Cost_Sat
    voted = set()
    for ballot in profile:
        for p in ballot:
            if not cumulative or ballot[p] > 0:
                voted.add(p.name)
    out = []
    for rule in rules:
        start = time.perf_counter()
        cpu_start = time.process_time()
        if rule == "greedy":
            selected = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
        elif rule == "equal_shares":
            mes = method_of_equal_shares(
                instance, profile, sat_class=sat, voter_budget_increment=1
            )
            selected = greedy_utilitarian_welfare(
                instance, profile, sat_class=sat, initial_budget_allocation=mes
            )
        else:
            raise SystemExit(f"unknown rule {rule}")
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        names = sorted(p.name for p in selected if p.name in voted)
        out.append(f"{path}\t{rule}\t{','.join(names)}\t{seconds:.3f}\t{cpu:.3f}")
    return out


def main(argv):
    rules = ["greedy", "equal_shares"]
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--rules":
            rules = argv[i + 1].split(",")
            i += 2
        else:
            files.append(argv[i])
            i += 1
    for path in files:
        for line in count(path, rules):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
