"""What a schema source says in comments, beside its SQL: `-- atlas:renamed_from <old>` above
a table or a column (Atlas applies the rename it declares as ALTER … RENAME), and
`-- atlas-first:allow CODE object` (a finding of lint-schema-source accepted deliberately).
"""

from __future__ import annotations

import re

ALLOW = re.compile(r"--[ \t]*atlas-first:allow[ \t]+(AF\d{3})[ \t]+(\S+)")
_RENAMED = re.compile(r"--\s*atlas:renamed_from\s+(\S+)")


def renamed_before(text: str, offset: int) -> str | None:
    """An `-- atlas:renamed_from <old>` comment in the comment lines directly above the line
    where `offset` starts its definition."""
    start = text.rfind("\n", 0, offset) + 1
    if text[start:offset].strip():
        return None  # the definition does not start its line
    end = start - 1  # the line break that ends the line above
    while end >= 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if not line.startswith("--"):
            return None
        match = _RENAMED.search(line)
        if match:
            return match.group(1).strip('"').rsplit(".", 1)[-1]
        end = begin - 1
    return None
