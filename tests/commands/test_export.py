"""`scrapy export --format parquet`: the snapshot of the output directory's runs, or of the paths given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from newsspider.export.arrow import ARTICLE_SCHEMA
from tests.export import article, write_jsonl
from tests.saved_pages import ROOT


def run_export(output_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "export", "-s", f"NEWSSPIDER_OUTPUT_DIR={output_dir}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def versions(path: Path) -> dict[str, int]:
    table = pq.read_table(path)
    assert table.schema.equals(ARTICLE_SCHEMA)
    return dict(zip(table.column("id").to_pylist(), table.column("version").to_pylist(), strict=True))


def two_runs(output: Path) -> dict[str, int]:
    """Two runs' files in the output directory; the expected version of each id."""
    first = [article(number) for number in range(4)]
    second = [article(0, 2), article(2, 3), article(9)]
    write_jsonl(output / "site-20261101T060000Z.jsonl", first)
    write_jsonl(output / "site-20261102T060000Z.jsonl", second)
    expected: dict[str, int] = {}
    for record in first + second:
        expected[record["id"]] = max(expected.get(record["id"], 0), record["version"])
    return expected


def test_export_reads_the_output_directory_into_its_snapshot(tmp_path: Path) -> None:
    expected = two_runs(tmp_path)
    result = run_export(tmp_path, "--format", "parquet")
    assert result.returncode == 0, result.stderr
    snapshot = tmp_path / "snapshot.parquet"
    assert result.stdout.splitlines() == [
        f"read 7 records from 2 files, wrote 5 rows (one per id, its highest version) to {snapshot}"
    ]
    assert result.stderr == ""
    assert versions(snapshot) == expected
    again = run_export(tmp_path)  # the snapshot beside the runs is no input; parquet is the default format
    assert again.returncode == 0, again.stderr
    assert "read 7 records from 2 files" in again.stdout
    assert versions(snapshot) == expected


def test_export_of_paths_given_to_an_output_file(tmp_path: Path) -> None:
    expected = two_runs(tmp_path / "runs")
    extra = write_jsonl(tmp_path / "elsewhere" / "more.jsonl", [article(2, 5)])
    expected[article(2)["id"]] = 5
    destination = tmp_path / "datasets" / "news.parquet"
    result = run_export(tmp_path / "unused", "-o", str(destination), str(tmp_path / "runs"), str(extra))
    assert result.returncode == 0, result.stderr
    assert f"wrote 5 rows (one per id, its highest version) to {destination}" in result.stdout
    assert versions(destination) == expected


def test_no_input_exits_with_status_1_and_a_message(tmp_path: Path) -> None:
    (tmp_path / "run.jsonl.part").write_text("{}\n", encoding="utf-8")
    for args in ([], [str(tmp_path / "missing")]):
        result = run_export(tmp_path, *args)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.startswith("scrapy export: error: ")
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "snapshot.parquet").exists()


def test_a_record_that_does_not_fit_the_schema_exits_with_status_1(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "site-20261101T060000Z.jsonl", [article(1, title=None)])
    result = run_export(tmp_path)
    assert result.returncode == 1
    assert "title" in result.stderr and "Traceback" not in result.stderr


def test_only_parquet_is_a_format(tmp_path: Path) -> None:
    two_runs(tmp_path)
    result = run_export(tmp_path, "--format", "csv")
    assert result.returncode == 2
    assert "invalid choice: 'csv'" in result.stderr
    assert not (tmp_path / "snapshot.parquet").exists()
