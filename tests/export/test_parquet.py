"""The Arrow schema against the JSON Schema, the Parquet snapshot of runs, and the feed exporter in real crawls."""

from __future__ import annotations

import gzip
import io
import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

import newsspider.export
from newsspider.export import snapshot
from newsspider.export.arrow import ARTICLE_SCHEMA, records_to_table
from newsspider.export.parquet import ParquetItemExporter
from newsspider.export.snapshot import NoInputError, write_snapshot
from newsspider.items import FIELD_ORDER, Article
from tests.export import article, write_jsonl
from tests.saved_pages import ROOT, SCHEMA

SCALARS = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}


# --- the Arrow schema is the JSON Schema's -------------------------------------------------------------------


def resolve(spec: dict[str, Any]) -> dict[str, Any]:
    """A property's spec with its $ref and anyOf folded in (the JSON Schema uses one level of each)."""
    if "$ref" in spec:
        spec = {**SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in spec.items() if k != "$ref"}}
    if "anyOf" in spec:
        options = [resolve(option) for option in spec["anyOf"]]
        spec = {"type": [kind for option in options for kind in json_types(option)]}
    return spec


def json_types(spec: dict[str, Any]) -> list[str]:
    """The JSON types a spec allows ("null" among them when it may be null); an enum's from its values."""
    if "enum" in spec:
        return sorted({"null" if value is None else "string" for value in spec["enum"]})
    kinds = spec["type"]
    return list(kinds) if isinstance(kinds, list) else [kinds]


def expected_field(name: str, spec: dict[str, Any], required: bool) -> pa.Field:
    """The Arrow field a JSON Schema property calls for: nullable when it may be null or be left out."""
    spec = resolve(spec)
    kinds = json_types(spec)
    (kind,) = [kind for kind in kinds if kind != "null"]
    nullable = "null" in kinds or not required
    if kind == "array":
        element = expected_field("element", spec["items"], required=True)
        return pa.field(name, pa.list_(element), nullable=nullable)
    if kind == "object":
        children = [
            expected_field(child, child_spec, child in spec.get("required", []))
            for child, child_spec in spec["properties"].items()
        ]
        return pa.field(name, pa.struct(children), nullable=nullable)
    return pa.field(name, SCALARS[kind], nullable=nullable)


def test_arrow_columns_are_field_order_and_every_json_schema_property() -> None:
    assert ARTICLE_SCHEMA.names == list(FIELD_ORDER)
    assert set(SCHEMA["properties"]) == set(ARTICLE_SCHEMA.names)
    assert set(Article.fields) == set(ARTICLE_SCHEMA.names)


@pytest.mark.parametrize("name", FIELD_ORDER)
def test_each_column_has_the_type_and_nullability_of_its_json_schema_property(name: str) -> None:
    expected = expected_field(name, SCHEMA["properties"][name], name in SCHEMA["required"])
    assert ARTICLE_SCHEMA.field(name).equals(expected), (ARTICLE_SCHEMA.field(name), expected)


def test_the_test_records_are_valid_output_records(schema_validator: Draft202012Validator) -> None:
    for record in (article(0), article(1, 3), article(7)):
        schema_validator.validate(record)


# --- records to tables ------------------------------------------------------------------------------------------


def test_records_convert_to_the_schema_a_missing_key_null_an_unknown_one_dropped() -> None:
    record = article(1)
    del record["warc_offset"]
    record["not_a_field"] = "dropped"
    table = records_to_table([record, article(2)])
    assert table.schema.equals(ARTICLE_SCHEMA)
    first = table.to_pylist()[0]
    assert first["warc_offset"] is None and "not_a_field" not in first
    assert first["images"] == article(1)["images"]


def test_a_required_field_missing_is_an_error_naming_the_article_and_field() -> None:
    record = article(4)
    del record["extractor_version"]
    with pytest.raises(ValueError, match=rf"'{record['id']}'.*extractor_version"):
        records_to_table([article(3), record])


def test_a_value_of_the_wrong_type_is_an_error_naming_the_column() -> None:
    with pytest.raises(ValueError, match="column word_count"):
        records_to_table([article(3, word_count="many")])


# --- the snapshot -----------------------------------------------------------------------------------------------


def read_rows(path: Path) -> dict[str, dict[str, Any]]:
    table = pq.read_table(path)
    assert table.schema.equals(ARTICLE_SCHEMA)
    rows = {row["id"]: row for row in table.to_pylist()}
    assert len(rows) == table.num_rows, "one row per id"
    return rows


def latest_by_id(*runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The expectation, from the test's own records: per id, the record of the highest version."""
    best: dict[str, dict[str, Any]] = {}
    for record in (record for run in runs for record in run):
        if record["id"] not in best or record["version"] > best[record["id"]]["version"]:
            best[record["id"]] = record
    return best


def test_snapshot_of_two_runs_has_one_row_per_id_with_its_highest_version(tmp_path: Path) -> None:
    output = tmp_path / "output"
    first = [article(number) for number in range(6)]
    second = [article(1, 2), article(3, 2), article(6), article(3, 3)]
    write_jsonl(output / "site-20261101T060000Z.jsonl", first)
    write_jsonl(output / "site-20261102T060000Z.jsonl", second)
    write_jsonl(output / "site-20261103T060000Z.jsonl.part", [article(0, 9)])  # a run still writing: not read
    result = write_snapshot([output], output / "snapshot.parquet")
    assert (result.files, result.records, result.rows) == (2, 10, 7)
    assert read_rows(output / "snapshot.parquet") == latest_by_id(first, second)


def test_an_older_version_in_a_later_file_does_not_win(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "site-20261101T060000Z.jsonl", [article(1, 4)])
    write_jsonl(tmp_path / "site-20261102T060000Z.jsonl", [article(1, 2)])
    rows = read_rows(write_snapshot([tmp_path], tmp_path / "s.parquet").path)
    assert [row["version"] for row in rows.values()] == [4]


def test_on_a_tie_the_later_run_wins_whatever_the_spider_or_same_second_suffix(tmp_path: Path) -> None:
    names = [  # run order: by time, then the -2 of a run started in the same second, whatever the spider
        "site-20261101T060000Z.jsonl",
        "site-20261101T060000Z-2.jsonl",
        "recent-20261102T060000Z.jsonl",
    ]
    for run, name in enumerate(names):
        write_jsonl(tmp_path / name, [article(5, 2, title=f"written by run {run}")])
    rows = read_rows(write_snapshot([tmp_path], tmp_path / "s.parquet").path)
    assert [row["title"] for row in rows.values()] == ["written by run 2"]


def test_files_given_are_read_in_the_order_given_and_each_once(tmp_path: Path) -> None:
    older = write_jsonl(tmp_path / "b.jsonl", [article(1, 1, title="from b")])
    newer = write_jsonl(tmp_path / "a.jsonl", [article(1, 1, title="from a")])
    result = write_snapshot([older, newer, older], tmp_path / "s.parquet")
    assert result.files == 2
    assert [row["title"] for row in read_rows(result.path).values()] == ["from a"]


def test_lines_written_by_other_tools_are_read_and_non_records_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reordered = dict(reversed(list(article(2, 3).items())))  # version before id, and spaces: parsed in full
    path = tmp_path / "other.jsonl"
    path.write_text(
        "\n".join([json.dumps(article(2, 1)), json.dumps(reordered, indent=None), "", "not json", "[1, 2]", "{}"])
        + "\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="newsspider.export.snapshot"):
        result = write_snapshot([path], tmp_path / "s.parquet")
    assert (result.records, result.rows) == (2, 1)
    assert read_rows(result.path)[article(2)["id"]] == article(2, 3)
    assert "Skipped 3 lines" in caplog.text


def test_a_large_snapshot_is_written_in_several_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "BATCH_ROWS", 4)
    runs = [[article(number) for number in range(10)], [article(number, 2) for number in range(0, 10, 3)]]
    for day, run in enumerate(runs, start=1):
        write_jsonl(tmp_path / f"site-202611{day:02d}T060000Z.jsonl", run)
    result = write_snapshot([tmp_path], tmp_path / "s.parquet")
    assert pq.ParquetFile(result.path).metadata.num_row_groups == 3
    assert pq.ParquetFile(result.path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert read_rows(result.path) == latest_by_id(*runs)


def test_a_failed_snapshot_leaves_the_previous_one_and_no_temporary_file(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "site-20261101T060000Z.jsonl", [article(1)])
    destination = write_snapshot([tmp_path], tmp_path / "snapshot.parquet").path
    before = destination.read_bytes()
    write_jsonl(tmp_path / "site-20261102T060000Z.jsonl", [article(2, body=None)])
    with pytest.raises(ValueError, match="body"):
        write_snapshot([tmp_path], destination)
    assert destination.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "site-20261101T060000Z.jsonl",
        "site-20261102T060000Z.jsonl",
        "snapshot.parquet",
    ]


def test_no_input_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "run.jsonl.part").write_text(json.dumps(article(1)) + "\n", encoding="utf-8")
    with pytest.raises(NoInputError):
        write_snapshot([tmp_path], tmp_path / "s.parquet")
    with pytest.raises(FileNotFoundError):
        write_snapshot([tmp_path / "missing"], tmp_path / "s.parquet")
    with pytest.raises(ValueError, match="still writing"):
        write_snapshot([tmp_path / "run.jsonl.part"], tmp_path / "s.parquet")
    assert not (tmp_path / "s.parquet").exists()


# --- pyarrow is an extra ----------------------------------------------------------------------------------------


def test_without_pyarrow_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what an import of a missing package meets
    monkeypatch.delitem(sys.modules, "newsspider.export.arrow")
    monkeypatch.delattr(newsspider.export, "arrow")
    write_jsonl(tmp_path / "run.jsonl", [article(1)])
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'newsspider\[parquet\]'") as caught:
        write_snapshot([tmp_path], tmp_path / "s.parquet")
    assert caught.value.name == "pyarrow"
    with pytest.raises(ModuleNotFoundError, match=r"newsspider\[parquet\]"):
        ParquetItemExporter(io.BytesIO())
    assert not (tmp_path / "s.parquet").exists()


def test_crawls_and_the_command_modules_do_not_import_pyarrow() -> None:
    code = (
        "import sys, scrapy.cmdline, newsspider.settings, newsspider.export.parquet, newsspider.export.snapshot, "
        "newsspider.commands.export; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyarrow'))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- the feed exporter ------------------------------------------------------------------------------------------


def export(items: list[Any], **options: Any) -> bytes:
    file = io.BytesIO()
    exporter = ParquetItemExporter(file, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    assert not file.closed, "the file is Scrapy's to close"
    return file.getvalue()


def test_exporter_writes_items_in_batches_and_reads_back_with_the_schema() -> None:
    records = [article(number) for number in range(5)]
    data = export([Article(**record) for record in records], batch_size=2)
    parquet = pq.ParquetFile(io.BytesIO(data))
    assert parquet.metadata.num_row_groups == 3
    table = parquet.read()
    assert table.schema.equals(ARTICLE_SCHEMA)
    assert table.to_pylist() == records


def test_exporter_of_no_items_writes_an_empty_file_with_the_schema() -> None:
    table = pq.read_table(io.BytesIO(export([])))
    assert table.num_rows == 0 and table.schema.equals(ARTICLE_SCHEMA)


def test_exporter_refuses_to_append_to_a_file_holding_data(tmp_path: Path) -> None:
    path = tmp_path / "feed.parquet"
    path.write_bytes(b"an earlier run")
    with path.open("ab") as file:
        exporter = ParquetItemExporter(file)
        with pytest.raises(ValueError, match="overwrite"):
            exporter.start_exporting()


SPIDER = """
import json, sys
from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from newsspider.items import Article
from newsspider.settings import FEED_EXPORTERS

records, plain, gzipped = json.loads(open(sys.argv[1], encoding="utf-8").read()), sys.argv[2], sys.argv[3]

class Items(Spider):
    name = "items"

    async def start(self):
        for record in records:
            yield Article(**record)

process = CrawlerProcess({
    "FEEDS": {
        plain: {"format": "parquet", "item_export_kwargs": {"batch_size": 3}},
        gzipped: {"format": "parquet", "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"]},
    },
    "FEED_EXPORTERS": FEED_EXPORTERS,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
})
process.crawl(Items)
process.start()
"""


def test_a_crawl_with_a_parquet_feed_writes_every_item(tmp_path: Path) -> None:
    records = [article(number, 1 + number % 2) for number in range(8)]
    (tmp_path / "records.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "spider.py").write_text(SPIDER, encoding="utf-8")
    plain, gzipped = tmp_path / "feed" / "items.parquet", tmp_path / "feed" / "items.parquet.gz"
    result = subprocess.run(
        [sys.executable, str(tmp_path / "spider.py"), str(tmp_path / "records.json"), str(plain), str(gzipped)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    assert pq.ParquetFile(plain).metadata.num_row_groups == 3
    assert pq.read_table(plain).to_pylist() == records
    assert pq.read_table(io.BytesIO(gzip.decompress(gzipped.read_bytes()))).to_pylist() == records


def test_scrapy_crawl_with_feeds_parquet_writes_what_the_json_lines_hold(tmp_path: Path) -> None:
    feed = tmp_path / "%(name)s-%(time)s.parquet"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "site",
            "-s",
            f"NEWSSPIDER_OUTPUT_DIR={tmp_path}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "FEEDS=" + json.dumps({str(feed): {"format": "parquet"}}),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (jsonl,) = tmp_path.glob("site-*.jsonl")
    (parquet,) = tmp_path.glob("site-*.parquet")
    written = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert written, "the demo crawl wrote articles"
    table = pq.read_table(parquet)
    assert table.schema.equals(ARTICLE_SCHEMA)
    assert table.to_pylist() == written
