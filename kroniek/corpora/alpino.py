"""The syntactic head of a span, from an Alpino dependency parse (Alpino's XML).

EventDNA marks an event as a clause or phrase; its trigger in Kroniek is the span's
syntactic head, found in the Alpino parse that ships with each EventDNA sentence, as the
corpus authors match events. :func:`head` walks from the lowest node that covers the span
down the head chain:

* a node's head is its ``hd`` child; a verb head with a verbal complement (``vc`` of
  category ``inf``, ``ppart``, ``ti``, ``oti``: an auxiliary, modal or aspectual verb,
  ``zullen vervolgd worden``) gives way to the complement, since Kroniek's trigger is the event verb (guidelines §2.3), and a copula
  (``zijn``, ``worden``) to its predicate (``is dood``);
* a node without ``hd`` uses its ``body`` (subordinate and relative clauses,
  te-infinitives), first conjunct (``cnj``), ``nucl`` or first ``dp``/``--`` part; a
  prepositional phrase (``pp``) uses its object (``obj1``), since ``bij de aanval`` is
  about the attack;
* a head outside the span (the span is no constituent) is replaced by the head of the
  child that covers most of the span.

>>> tree = parse('''<alpino_ds><node begin="0" end="3" cat="smain" rel="--">
...   <node begin="0" end="1" word="Rebellen" pos="noun" lemma="rebel" rel="su"/>
...   <node begin="1" end="2" word="zullen" pos="verb" lemma="zullen" rel="hd"/>
...   <node begin="2" end="3" cat="inf" rel="vc">
...     <node begin="2" end="3" word="aanvallen" pos="verb" lemma="aan_vallen" rel="hd"/>
...   </node></node></alpino_ds>''')
>>> head(tree, 0, 3), words(tree)
(2, ['Rebellen', 'zullen', 'aanvallen'])
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

VERBAL = frozenset(("inf", "ppart", "ti", "oti"))
"""Verbal complements an auxiliary, modal or aspectual head gives way to; a clause
(``cp``: ``zei dat ...``) is the content of a saying verb, which stays the head."""
COPULAS = frozenset(("zijn", "worden", "blijven", "lijken", "blijken"))
NO_HEAD_ORDER = ("body", "cnj", "nucl", "dp", "--", "obj1", "mwp", "crd")


@dataclass
class Node:
    """One Alpino node: its token range ``[begin, end)``, relation, category or word."""

    begin: int
    end: int
    rel: str
    cat: str = ""
    word: str = ""
    pos: str = ""
    lemma: str = ""
    children: list["Node"] = field(default_factory=list)

    @property
    def leaf(self) -> bool:
        return not self.children


def _node(element: ET.Element) -> Node | None:
    children = [c for c in (_node(e) for e in element.findall("node")) if c is not None]
    if "begin" not in element.attrib or (not children and "word" not in element.attrib):
        return None                          # an empty co-indexed node: no token of its own
    return Node(int(element.get("begin")), int(element.get("end")), element.get("rel", ""),
                element.get("cat", ""), element.get("word", ""), element.get("pos", ""),
                element.get("lemma", ""), children)


def parse(xml: str | bytes) -> Node:
    """The top node of an Alpino XML parse (``ValueError`` when it holds none)."""
    root = ET.fromstring(xml)
    top = root.find("node") if root.tag != "node" else root
    node = _node(top) if top is not None else None
    if node is None:
        raise ValueError("no Alpino node in the parse")
    return node


def leaves(node: Node) -> list[Node]:
    """The word nodes under ``node``, by position."""
    if node.leaf:
        return [node]
    out = [leaf for child in node.children for leaf in leaves(child)]
    return sorted(out, key=lambda n: n.begin)


def words(tree: Node) -> list[str]:
    return [leaf.word for leaf in leaves(tree)]


def _covering(node: Node, first: int, end: int) -> Node:
    for child in node.children:
        if child.begin <= first and end <= child.end:
            return _covering(child, first, end)
    return node


def _head_child(node: Node) -> Node | None:
    by_rel: dict[str, list[Node]] = {}
    for child in node.children:
        by_rel.setdefault(child.rel, []).append(child)
    if node.cat == "pp" and "obj1" in by_rel:
        return by_rel["obj1"][0]
    if "hd" in by_rel:
        hd = by_rel["hd"][0]
        if hd.leaf and hd.pos == "verb" and by_rel.get("vc", [Node(0, 0, "")])[0].cat in VERBAL:
            return by_rel["vc"][0]
        if hd.leaf and hd.lemma in COPULAS and "predc" in by_rel:
            return by_rel["predc"][0]
        return hd
    for rel in NO_HEAD_ORDER:
        if rel in by_rel:
            return min(by_rel[rel], key=lambda n: n.begin)
    return min(node.children, key=lambda n: n.begin) if node.children else None


def _inside(node: Node, first: int, end: int) -> int:
    return sum(1 for leaf in leaves(node) if first <= leaf.begin < end)


def _head(node: Node, first: int, end: int) -> Node:
    while not node.leaf:
        child = _head_child(node)
        if child is None or _inside(child, first, end) == 0:
            child = max(node.children, key=lambda c: (_inside(c, first, end), -c.begin))
        node = child
    return node


def head(tree: Node, first: int, end: int) -> int | None:
    """The token position (as in the parse) of the head of tokens ``[first, end)``;
    ``None`` when the parse has no word there."""
    node = _head(_covering(tree, first, end), first, end)
    return node.begin if first <= node.begin < end else None


def head_leaf(tree: Node, first: int, end: int) -> Node | None:
    """The head word node of tokens ``[first, end)`` (see :func:`head`)."""
    node = _head(_covering(tree, first, end), first, end)
    return node if first <= node.begin < end else None


CLAUSES = frozenset(("smain", "ssub", "sv1", "rel", "whrel", "inf", "ppart", "ti", "oti", "cp",
                     "whsub", "svan", "ahi"))


def clause_head(tree: Node, first: int, end: int) -> int | None:
    """The head of the largest clause lying wholly inside tokens ``[first, end)``
    (``None`` if there is none): the event of ``Migranten die de grens oversteken``."""
    best: Node | None = None
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.cat in CLAUSES and first <= node.begin and node.end <= end:
            if best is None or node.end - node.begin > best.end - best.begin:
                best = node
            continue
        stack.extend(node.children)
    if best is None:
        return None
    found = _head(best, first, end)
    return found.begin if found.pos == "verb" else None


def pos_of(tree: Node) -> dict[int, tuple[str, str]]:
    """Position -> (Alpino pos, lemma) for every word of the parse."""
    return {leaf.begin: (leaf.pos, leaf.lemma) for leaf in leaves(tree)}


def _lexical_head_child(node: Node) -> Node | None:
    """:func:`_head_child`, except that a top node's head is its widest non-punctuation
    child (Alpino hangs punctuation and loose parts under ``top`` with relation ``--``)."""
    if node.cat == "top":
        parts = [c for c in node.children if not (c.leaf and c.pos == "punct")]
        if parts:
            return max(parts, key=lambda c: (c.end - c.begin, -c.begin))
    return _head_child(node)


def _lexical_head(node: Node) -> int:
    while not node.leaf:
        node = _lexical_head_child(node)
    return node.begin


def dependencies(tree: Node) -> tuple[list[int], list[str]]:
    """The parse as word-to-word dependencies: per word, the position of its head (itself
    for the root) and its relation (Alpino's ``rel``; ``ROOT``, and ``punct`` for
    punctuation). Heads are content words, as :func:`head` finds them: the subject of
    ``zullen aanvallen`` depends on ``aanvallen``, and the auxiliary (``hd``) too.

    >>> tree = parse('''<alpino_ds><node begin="0" end="3" cat="smain" rel="--">
    ...   <node begin="0" end="1" word="Rebellen" pos="noun" lemma="rebel" rel="su"/>
    ...   <node begin="1" end="2" word="zullen" pos="verb" lemma="zullen" rel="hd"/>
    ...   <node begin="2" end="3" cat="inf" rel="vc">
    ...     <node begin="2" end="3" word="aanvallen" pos="verb" lemma="aan_vallen" rel="hd"/>
    ...   </node></node></alpino_ds>''')
    >>> dependencies(tree)
    ([2, 2, 2], ['su', 'hd', 'ROOT'])
    """
    n = len(leaves(tree))
    heads, labels = list(range(n)), ["ROOT"] * n
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.leaf:
            continue
        head_child, head = _lexical_head_child(node), _lexical_head(node)
        for child in node.children:
            stack.append(child)
            dependent = _lexical_head(child)
            if child is head_child or dependent == head:
                continue
            heads[dependent] = head
            labels[dependent] = ("punct" if child.leaf and child.pos == "punct"
                                 else "dp" if child.rel == "--" else child.rel)
    return heads, labels
