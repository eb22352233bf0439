"""Writing the estate's rows fast: straight to each table, with ids the builder chooses.

On PostgreSQL rows go in through COPY (psycopg's `Cursor.copy`), many times faster than INSERT;
elsewhere (SQLite, for the tests) through `bulk_create` in batches. Either way the rows are
streamed from a generator, so no table is ever held in memory as model instances. Rows are
dicts keyed by field attname (`worker_id`, not `worker`); a field left out gets its default.
A row generator must not query the database: on PostgreSQL the COPY holds the connection (a query
from inside one waits for ever), so read what the rows need before writing them.

No model's `save()` runs and no history row is written: this is load, not behaviour.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5000


class Ids:
    """The next free primary keys of a table, handed out by the builder so that rows can point at
    each other before they are written (a renewal at the contract it renews)."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.next = (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1

    def take(self) -> int:
        taken = self.next
        self.next += 1
        return taken


def insert(model: type[models.Model], rows: Iterable[dict], *, with_ids: bool = True) -> int:
    """Write `rows` into `model`'s table; returns how many. `with_ids`: each row carries its `id`."""
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    defaults = [(f.attname, None if f.primary_key else f.get_default()) for f in fields]
    tuples = (tuple(row.get(name, default) for name, default in defaults) for row in rows)
    if connection.vendor == "postgresql":
        count = _copy(model, [f.column for f in fields], tuples)
    else:
        count = _bulk_create(model, [f.attname for f in fields], tuples)
    return count


def _copy(model: type[models.Model], columns: list[str], tuples: Iterator[tuple]) -> int:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    # The psycopg connection under Django's: the same transaction, psycopg's COPY.
    with connection.cursor() as cursor, cursor.connection.cursor() as raw, raw.copy(sql) as copy:
        for row in tuples:
            copy.write_row(row)
            count += 1
    return count


def _bulk_create(model: type[models.Model], names: list[str], tuples: Iterator[tuple]) -> int:
    count = 0
    while batch := [model(**dict(zip(names, row, strict=True))) for row in islice(tuples, BATCH)]:
        model._default_manager.bulk_create(batch, batch_size=BATCH)
        count += len(batch)
    return count


def sequences_reset(models_written: Iterable[type[models.Model]]) -> None:
    """After rows with chosen ids: set each table's id sequence past them (PostgreSQL; SQLite
    follows the largest id by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyze() -> None:
    """The planner's statistics, as a live database has them, not guesses about new tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
