"""Pipelines through Scrapy's machinery: validation, dedup in and across runs, write-then-mark."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsspider import extract_article
from newsspider.pipelines import DeduplicatePipeline, JsonLinesWriterPipeline, ValidatePipeline
from newsspider.state import ArticleStore
from tests.saved_pages import fixture_cases, page_html

NATO = dict(fixture_cases())["nato-wordpress"]


def nato_item(url: str | None = None) -> dict[str, Any]:
    item = extract_article(page_html("nato-wordpress"), url or NATO["url"])
    assert item is not None
    return item


class Run:
    """One run's pipelines (validate, dedup, write) on a crawler, fed items in order."""

    def __init__(self, output_dir: Path, **settings: Any) -> None:
        self.crawler: Crawler = get_crawler(settings_dict={"NEWSSPIDER_OUTPUT_DIR": str(output_dir), **settings})
        self.pipelines = [
            build_from_crawler(cls, self.crawler)
            for cls in (ValidatePipeline, DeduplicatePipeline, JsonLinesWriterPipeline)
        ]

    def feed(self, item: dict[str, Any]) -> bool:
        """True when the item went through every pipeline (was written)."""
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem:
            return False
        return True

    def close(self) -> None:
        for pipeline in reversed(self.pipelines):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
        self.crawler.signals.send_catch_log(signal=signals.spider_closed)  # closes the run's store

    def stat(self, key: str) -> int:
        assert self.crawler.stats is not None
        return int(self.crawler.stats.get_value(key, 0))


def output_lines(output_dir: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(output_dir.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_validation_drops_pages_without_title_or_body(tmp_path: Path) -> None:
    run = Run(tmp_path, NEWSSPIDER_MIN_BODY_CHARS=100)
    assert not run.feed({**nato_item(), "title": None})
    assert not run.feed({**nato_item(), "body": "Too short."})
    assert run.stat("newsspider/dropped/non_article") == 2
    assert output_lines(tmp_path) == []
    run.close()  # closes the run's state store (Python 3.13 warns of an unclosed database)


def test_one_record_per_article_whatever_the_url(tmp_path: Path) -> None:
    run = Run(tmp_path)
    assert run.feed(nato_item())
    assert not run.feed(nato_item(NATO["url"] + "?utm_source=twitter&utm_medium=social"))
    assert not run.feed(nato_item(NATO["url"].rstrip("/") + "/amp/"))
    other_url = {
        **nato_item(),
        "url": "https://www.theworldledger.com/copy/",
        "canonical_url": "https://www.theworldledger.com/copy/",
        "id": "0" * 40,
    }
    assert not run.feed(other_url)  # same body text under another URL of the site
    run.close()
    assert [line["title"] for line in output_lines(tmp_path)] == [NATO["expect"]["title"]]
    assert run.stat("newsspider/dropped/duplicate") == 3
    assert run.stat("newsspider/written") == 1


def test_an_article_written_in_one_run_is_not_written_again_in_the_next(tmp_path: Path) -> None:
    first = Run(tmp_path)
    assert first.feed(nato_item())
    first.close()
    second = Run(tmp_path)
    assert not second.feed(nato_item())
    second.close()
    assert len(output_lines(tmp_path)) == 1
    assert (tmp_path / "state.sqlite").exists()


def test_a_failed_write_leaves_the_article_unmarked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = Run(tmp_path)

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newsspider.pipelines.sinks.durable.os.write", disk_full)
    assert not run.feed(nato_item())  # dropped, and the run stops
    monkeypatch.undo()
    run.close()
    store = ArticleStore(tmp_path / "state.sqlite")
    item = nato_item()
    assert store.find(item["id"], [], None) is None
    store.close()


def test_a_line_the_full_store_could_not_record_is_recorded_by_the_next_run_not_written_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Run(tmp_path)

    def store_full(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ArticleStore, "mark_written", store_full)
    assert run.feed(nato_item())  # the line is in the file, the store could not record it
    run.close()
    assert run.stat("newsspider/store_errors") == 1 and run.stat("newsspider/write_errors") >= 1
    assert not list(tmp_path.glob("*.jsonl")) and len(list(tmp_path.glob("*.jsonl.part"))) == 1
    next_run = Run(tmp_path)
    next_run.pipelines[2].open_spider()  # still full: the file waits
    next_run.close()
    assert len(list(tmp_path.glob("*.jsonl.part"))) == 1
    monkeypatch.undo()  # space was freed
    last = Run(tmp_path)
    last.pipelines[2].open_spider()
    assert not last.feed(nato_item())  # recorded from the file: not written a second time
    last.close()
    assert len(output_lines(tmp_path)) == 1 and not list(tmp_path.glob("*.part"))


def test_every_line_is_one_json_object_in_utf8(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run.feed(nato_item())
    run.close()
    raw = next(tmp_path.glob("*.jsonl")).read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert "“goals that have been achieved”".encode() in raw  # not \\u escapes


def test_dedup_is_off_when_the_state_setting_is_empty(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(DeduplicatePipeline, get_crawler(settings_dict={"NEWSSPIDER_STATE": ""}))


def test_a_changed_article_is_written_again_with_the_next_version(tmp_path: Path) -> None:
    first = Run(tmp_path)
    original = nato_item()
    assert first.feed(original)
    first.close()
    second = Run(tmp_path)
    revised = {
        **nato_item(),
        "body": original["body"] + "\n\nCorrection: an earlier version misnamed a minister.",
        "modified_at": "2021-04-15T09:00:00+02:00",
    }
    assert second.feed(revised)
    assert not second.feed(revised)  # the same version twice in a run is a duplicate
    second.close()
    lines = output_lines(tmp_path)
    assert sorted((line["id"], line["version"]) for line in lines) == [(original["id"], 1), (original["id"], 2)]
    assert second.stat("newsspider/written/updated") == 1


def test_a_second_differing_copy_in_the_same_run_is_a_duplicate_not_a_new_version(tmp_path: Path) -> None:
    run = Run(tmp_path)
    original = nato_item()
    assert run.feed(original)
    assert not run.feed({**nato_item(NATO["url"] + "?output=print"), "body": original["body"] + "\n\nPrint edition."})
    run.close()
    assert [line["version"] for line in output_lines(tmp_path)] == [1]
    assert run.stat("newsspider/dropped/duplicate") == 1


def test_lines_of_a_killed_run_are_recovered_and_recorded(tmp_path: Path) -> None:
    item = nato_item()
    line = json.dumps(item, ensure_ascii=False) + "\n"
    (tmp_path / "site-20240101T000000Z.jsonl.part").write_text(line + line[:40], encoding="utf-8")  # cut mid-line
    run = Run(tmp_path)
    run.pipelines[2].open_spider()
    assert not run.feed(nato_item())  # written by the killed run, recorded now: not written twice
    run.close()
    recovered = (tmp_path / "site-20240101T000000Z.jsonl").read_text(encoding="utf-8")
    assert recovered == line
    assert not list(tmp_path.glob("*.part"))


def test_recovery_leaves_out_a_line_another_worker_wrote_after_the_run_was_killed(tmp_path: Path) -> None:
    survivor = Run(tmp_path)
    assert survivor.feed({**nato_item(), "run_id": "survivor"})  # took over the killed worker's request
    survivor.close()
    written_twice = {**nato_item(), "version": 1, "run_id": "killed"}
    own = {**nato_item("https://example.org/2024/other-story/"), "version": 1, "run_id": "killed"}
    own["id"], own["canonical_url"] = "own-story", own["url"]
    lines = [json.dumps(record, ensure_ascii=False) + "\n" for record in (written_twice, own)]
    (tmp_path / "site-20240101T000000Z.jsonl.part").write_text("".join(lines), encoding="utf-8")
    recovery = Run(tmp_path)
    recovery.pipelines[2].open_spider()
    recovery.close()
    assert (tmp_path / "site-20240101T000000Z.jsonl").read_text(encoding="utf-8") == lines[1]
    assert [line["run_id"] for line in output_lines(tmp_path)].count("killed") == 1
    assert recovery.stat("newsspider/dropped/duplicate") == 1
    assert not list(tmp_path.glob("*.part*"))


def test_a_write_cut_short_leaves_no_half_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = Run(tmp_path)
    assert run.feed(nato_item())
    real_write = os.write
    calls = {"n": 0}

    def disk_fills_up(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[:50]))  # part of the line gets out...
        raise OSError(28, "No space left on device")  # ...then the disk is full

    monkeypatch.setattr("newsspider.pipelines.sinks.durable.os.write", disk_fills_up)
    other = {
        **nato_item("https://www.theworldledger.com/other/"),
        "id": "1" * 40,
        "body": "Another text. " * 40,
        "canonical_url": "https://www.theworldledger.com/other/",
    }
    assert not run.feed(other)  # dropped, and the run stops
    monkeypatch.undo()
    run.close()
    lines = output_lines(tmp_path)  # every line parses: the half line was cut back
    assert [line["id"] for line in lines] == [nato_item()["id"]]
