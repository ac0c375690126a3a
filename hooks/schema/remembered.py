"""Schema models remembered across runs, by the exact text they were built from.

A commit that changes `schema.sql` models both versions, and the version before it is the one
the commit before modelled as its new side: a model built once is kept in the private memo
folder (`hooks.repo.memo`, marshal: plain data only) and read back instead of built again
(a 450-line source: 7.5 ms to build, under 1 ms to read). The model's objects are written as
their fields in their classes' order; a field that is not plain data makes the model
unrememberable (marshal refuses it), never wrongly remembered. The key holds the text, its
statements' kinds and offsets, the parser's version and this part's source files' identity
(an edit to how a model is built, even without a new version number, forgets them all).
"""

from __future__ import annotations

import os

from hooks.schema.model import Column
from hooks.schema.model import Index
from hooks.schema.model import Schema
from hooks.schema.model import Table
from hooks.schema.model import UniqueIndex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from hooks.schema.sql import Statement

REMEMBERED_FROM = 4096  # characters: a smaller source is modelled faster than read back


def _kind() -> bytes:
    """The memo's kind: the package's version, the parser's, and this part's source files
    (their names, sizes and modification times)."""
    from hooks.repo.memo import source_stamp
    from hooks.schema.sql import parser_identity

    return b"model\0" + source_stamp(os.path.dirname(os.path.abspath(__file__))) + parser_identity()


def _key(text: str, shape: tuple[tuple[str, int], ...]) -> bytes:
    import marshal

    return text.encode("utf-8", "surrogatepass") + b"\0" + marshal.dumps(shape)


def model_of(text: str, statements: Iterable[Statement]) -> Schema:
    """`hooks.schema.model.build`, with the models of earlier runs: HEAD's version of a
    source is the model the commit before built as its new side."""
    from hooks.schema.model import build

    statements = list(statements)
    shape = tuple((s.kind, s.offset) for s in statements)
    return build(
        text,
        statements,
        recall=lambda: recall(text, shape),
        keep=lambda model: remember(text, shape, model),
    )


def recall(text: str, shape: tuple[tuple[str, int], ...]) -> Schema | None:
    """The model an earlier run built from exactly this text and these statements, or None."""
    if len(text) < REMEMBERED_FROM:
        return None
    from hooks.repo.memo import memo_load

    stored = memo_load(_kind(), _key(text, shape))
    if not isinstance(stored, dict):
        return None
    try:
        return _model(stored)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # not what we store: build it


def remember(text: str, shape: tuple[tuple[str, int], ...], model: Schema) -> None:
    if len(text) < REMEMBERED_FROM:
        return
    from hooks.repo.memo import memo_store

    memo_store(_kind(), _key(text, shape), plain(model))


def plain(model: Schema) -> dict[str, Any]:
    """The model as plain data (dicts, lists, tuples, sets, strings, numbers)."""
    fields = dict(vars(model))
    fields["tables"] = {key: _plain_table(table) for key, table in model.tables.items()}
    return fields


def _plain_table(table: Table) -> dict[str, Any]:
    fields = dict(vars(table))
    fields["columns"] = {name: _slots(c) for name, c in table.columns.items()}
    fields["indexes"] = [_slots(i) for i in table.indexes]
    fields["unique_indexes"] = [_slots(u) for u in table.unique_indexes]
    return fields


def _slots(thing: Column | Index | UniqueIndex) -> tuple[Any, ...]:
    return tuple(getattr(thing, name) for name in type(thing).__slots__)


def _model(fields: dict[str, Any]) -> Schema:
    """`plain`'s model back (its fields checked against a fresh model's)."""
    model = Schema.__new__(Schema)
    if set(fields) != set(vars(Schema())):
        raise ValueError("another model's fields")
    model.__dict__.update(fields)
    model.tables = {key: _table(key, table) for key, table in fields["tables"].items()}
    return model


def _table(key: Any, fields: dict[str, Any]) -> Table:
    table = Table.__new__(Table)
    if set(fields) != set(vars(Table(key, 0))):
        raise ValueError("another table's fields")
    table.__dict__.update(fields)
    table.columns = {name: _object(Column, c) for name, c in fields["columns"].items()}
    table.indexes = [_object(Index, i) for i in fields["indexes"]]
    table.unique_indexes = [_object(UniqueIndex, u) for u in fields["unique_indexes"]]
    return table


def _object(cls: type[Any], values: tuple[Any, ...]) -> Any:
    if len(values) != len(cls.__slots__):
        raise ValueError(f"another {cls.__name__}'s fields")
    thing = object.__new__(cls)
    for name, value in zip(cls.__slots__, values, strict=True):
        setattr(thing, name, value)
    return thing
