"""Connected components of links: the one union-find the package uses (coreference
chains from pairwise Label Studio links, groups of clusters that share mentions in CEAF-e,
name chains in the rule baselines).

>>> sorted(sorted(c) for c in components([("a", "b"), ("c", "d"), ("b", "e")]))
[['a', 'b', 'e'], ['c', 'd']]
>>> components([], nodes=["x"])
[['x']]
"""

from __future__ import annotations

from typing import Hashable, Iterable, TypeVar

T = TypeVar("T", bound=Hashable)


def components(links: Iterable[tuple[T, T]], *, nodes: Iterable[T] = ()) -> list[list[T]]:
    """The connected groups of ``links`` (and of lone ``nodes``), each in first-seen order,
    groups in the order their first member was seen."""
    parent: dict[T, T] = {}

    def find(x: T) -> T:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for node in nodes:
        find(node)
    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[T, list[T]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return list(groups.values())
