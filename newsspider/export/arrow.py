"""The Arrow schema of one output record (article.schema.json, column for column) and records to tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsspider.items import FIELD_ORDER

MISSING_PYARROW = (
    "Parquet output needs pyarrow, which newsspider installs as an extra: pip install 'newsspider[parquet]'"
)

try:
    import pyarrow as pa
except ModuleNotFoundError as exc:  # an extra: the crawl itself runs without it
    raise ModuleNotFoundError(MISSING_PYARROW, name="pyarrow") from exc


def _list_of(item_type: pa.DataType) -> pa.DataType:
    """A list whose entries are never null (the JSON Schema's items are objects or strings, not null).

    Its entry is named "element", as Parquet names it: a file read back has this very schema."""
    return pa.list_(pa.field("element", item_type, nullable=False))


IMAGE = pa.struct(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("caption", pa.string()),
        pa.field("credit", pa.string()),
        pa.field("alt", pa.string()),
        pa.field("width", pa.int64()),
        pa.field("height", pa.int64()),
        pa.field("lead", pa.bool_()),  # not required in an image entry, so it may be missing
    ]
)
RELATED_LINK = pa.struct([pa.field("url", pa.string(), nullable=False), pa.field("text", pa.string())])

# name: (type, nullable) -- nullable where the JSON Schema allows null; the order comes from FIELD_ORDER.
COLUMNS: dict[str, tuple[pa.DataType, bool]] = {
    "id": (pa.string(), False),
    "version": (pa.int64(), False),
    "url": (pa.string(), False),
    "canonical_url": (pa.string(), False),
    "site_name": (pa.string(), True),
    "title": (pa.string(), False),
    "description": (pa.string(), True),
    "byline": (pa.string(), True),
    "authors": (_list_of(pa.string()), False),
    "published_at": (pa.string(), True),
    "modified_at": (pa.string(), True),
    "section": (pa.string(), True),
    "tags": (_list_of(pa.string()), False),
    "language": (pa.string(), True),
    "body": (pa.string(), False),
    "caption": (pa.string(), True),
    "images": (_list_of(IMAGE), False),
    "related_links": (_list_of(RELATED_LINK), False),
    "word_count": (pa.int64(), False),
    "page_type": (pa.string(), False),
    "paywalled": (pa.bool_(), False),
    "fetched_at": (pa.string(), False),
    "http_status": (pa.int64(), True),
    "response_url": (pa.string(), True),
    "source": (pa.string(), True),
    "run_id": (pa.string(), True),
    "extractor_version": (pa.string(), False),
    "warc_file": (pa.string(), True),
    "warc_record_id": (pa.string(), True),
    "warc_offset": (pa.int64(), True),
}
ARTICLE_SCHEMA = pa.schema([pa.field(name, *COLUMNS[name]) for name in FIELD_ORDER])


def records_to_table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """A batch of records as a table of ARTICLE_SCHEMA: a missing key is null, an unknown key is left out.

    A null in a column that cannot hold one, or a value of the wrong type, raises ValueError naming the
    column (pyarrow's own messages name neither the column nor the record)."""
    rows = records if isinstance(records, list) else list(records)
    try:
        table = pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ValueError(_conversion_error(rows)) from exc
    _check_required(table, rows)
    return table


def _check_required(table: pa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Refuse nulls in non-nullable columns: from_pylist lets them through, and ParquetWriter fails late."""
    for field in ARTICLE_SCHEMA:
        if field.nullable or not table.column(field.name).null_count:
            continue
        index = table.column(field.name).to_pylist().index(None)
        raise ValueError(f"article {rows[index].get('id')!r}: {field.name} is null or missing; the schema requires it")


def _conversion_error(rows: Sequence[Mapping[str, Any]]) -> str:
    """Which column failed to convert, and why: each column converted on its own (the error path only)."""
    for field in ARTICLE_SCHEMA:
        try:
            pa.array([row.get(field.name) for row in rows], type=field.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            return f"column {field.name}: {exc}"
    return "the records do not fit the article schema"
