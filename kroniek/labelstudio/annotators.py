"""Stable annotator pseudonyms: the same name for the same person on every server.

Label Studio names an annotation's author by a user id that is local to one server
("user 2" here is someone else there). Pull writes a pseudonym instead, from
``annotations/annotators.tsv``: one line per annotator, the SHA-256 of the lower-cased
e-mail address, a tab, and a name (``annotator-1``, ``annotator-2``, ... in order of first
appearance, or any name written there by hand). No e-mail address enters the repository.
(Not a ``.json`` file: every JSON file under ``annotations/`` is read as an export.)

``push --with-annotations`` puts annotations back on a server under their pseudonym: an
author the server does not know becomes a user with the placeholder address
``<hex of the name>@annotators.kroniek.invalid``, which maps back to the same name.

>>> names = Pseudonyms({})
>>> names.name("Anna@Example.org"), names.name("ben@example.org"), names.name("anna@example.org")
('annotator-1', 'annotator-2', 'annotator-1')
>>> names.name(placeholder_email("user 2"))
'user 2'
>>> print(names.dumps().decode().splitlines()[0])
# annotator pseudonyms: sha256 of the lower-cased e-mail <TAB> name (kroniek labelstudio pull)
>>> "anna" in names.dumps().decode()
False
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .. import atomic, guard
from ..errors import KroniekError, Problem

FILE = "annotators.tsv"
HEADER = ("# annotator pseudonyms: sha256 of the lower-cased e-mail <TAB> name "
          "(kroniek labelstudio pull)\n")
PLACEHOLDER_DOMAIN = "annotators.kroniek.invalid"


def digest(email: str) -> str:
    return "sha256:" + hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def placeholder_email(name: str) -> str:
    """The address of a user standing in for pseudonym ``name`` on a server."""
    return f"{name.encode('utf-8').hex()}@{PLACEHOLDER_DOMAIN}"


def _placeholder_name(email: str) -> str | None:
    local, _, domain = email.strip().lower().partition("@")
    if domain != PLACEHOLDER_DOMAIN or not re.fullmatch(r"(?:[0-9a-f]{2})+", local):
        return None
    try:
        return bytes.fromhex(local).decode("utf-8")
    except UnicodeDecodeError:
        return None


class Pseudonyms:
    """The e-mail digest -> pseudonym map, growing as new annotators appear."""

    def __init__(self, names: dict[str, str], path: Path | None = None):
        self.names = dict(names)
        self.path = path
        self.changed = False

    @classmethod
    def load(cls, annotations: str | Path) -> "Pseudonyms":
        path = Path(annotations) / FILE
        names: dict[str, str] = {}
        try:
            lines = (guard.read_limited(path).decode("utf-8").splitlines()
                     if os.path.lexists(path) else [])
        except (OSError, UnicodeDecodeError) as error:
            raise KroniekError(Problem(f"cannot read the annotator names: {error}",
                                       file=str(path))) from None
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            key, _, name = line.partition("\t")
            if not re.fullmatch(r"sha256:[0-9a-f]{64}", key) or not name.strip():
                raise KroniekError(Problem(f"line {number} is not 'sha256:<64 hex digits>' "
                                           "<TAB> name", file=str(path)))
            names[key] = name.strip()
        return cls(names, path)

    def name(self, email: str) -> str:
        """The pseudonym of the user with this e-mail, assigned now if new."""
        placeholder = _placeholder_name(email)
        if placeholder is not None:
            return placeholder
        key = digest(email)
        if key not in self.names:
            taken = {int(m.group(1)) for v in self.names.values()
                     if (m := re.fullmatch(r"annotator-(\d+)", v))}
            self.names[key] = f"annotator-{max(taken, default=0) + 1}"
            self.changed = True
        return self.names[key]

    def known(self, email: str) -> str | None:
        """The pseudonym of this e-mail if it has one already (assigns nothing)."""
        return _placeholder_name(email) or self.names.get(digest(email))

    def dumps(self) -> bytes:
        lines = [f"{key}\t{name}\n" for key, name in sorted(self.names.items(),
                                                              key=lambda kv: (kv[1], kv[0]))]
        return (HEADER + "".join(lines)).encode("utf-8")

    def save(self) -> None:
        """Write the map (if it grew) next to the exports, atomically."""
        if not self.changed or self.path is None:
            return
        with atomic.lock(self.path):
            fd, tmp = tempfile.mkstemp(prefix=f".{FILE}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self.dumps())
                os.replace(tmp, self.path)
            except OSError as error:
                os.unlink(tmp)
                raise atomic.explain_os_error(error, self.path) from None
        self.changed = False


def server_emails(client: Any) -> dict[int, str]:
    """Every user id of the server -> e-mail (kept in memory only)."""
    with client.errors("listing users"):
        return {user.id: user.email or "" for user in client.sdk.users.list()}


def with_pseudonyms(task: dict, emails: dict[int, str], pseudonyms: Pseudonyms) -> dict:
    """``task`` with each annotation's ``completed_by`` a pseudonym, not a server id."""
    out = dict(task)
    anns = []
    for ann in task.get("annotations") or []:
        who = ann.get("completed_by")
        if isinstance(who, dict):
            who = who.get("id")
        if isinstance(who, int) and emails.get(who):
            ann = {**ann, "completed_by": pseudonyms.name(emails[who])}
        anns.append(ann)
    out["annotations"] = anns
    return out
