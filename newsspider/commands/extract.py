"""`scrapy extract PATH [PATH...] [--url URL] [--profile NAME]`: print the article of saved pages as JSON Lines."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.extraction.article import article_from_html
from newsspider.sites import ProfileError


class Command(ScrapyCommand):
    """Extract saved HTML pages (files or directories of *.html) through the spider's extraction code."""

    requires_project = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 - the base class declares it this way

    def syntax(self) -> str:
        return "PATH [PATH ...] [--url URL] [--profile NAME]"

    def short_desc(self) -> str:
        return "Print the article item of saved HTML pages, one JSON line each"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the page was fetched from (one file only)")
        parser.add_argument("--profile", help="a site profile of newsspider/sites to apply")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        paths = expand_paths(args)
        if not paths:
            raise UsageError("give at least one HTML file or a directory holding some")
        if opts.url and len(paths) > 1:
            raise UsageError("--url applies to a single page")
        for path in paths:
            url = opts.url or path.absolute().as_uri()
            try:
                item = article_from_html(path.read_bytes(), url, opts.profile)
            except ProfileError as exc:
                raise UsageError(str(exc)) from exc
            except OSError as exc:  # unreadable, a dangling link: that file fails, the batch goes on
                print(f"scrapy extract: {path}: {exc.strerror or exc}", file=sys.stderr)
                self.exitcode = 1
                continue
            if item is None:
                print(f"scrapy extract: {path}: no HTML document", file=sys.stderr)
                self.exitcode = 1
                continue
            print(json.dumps(item, ensure_ascii=False))


def expand_paths(args: list[str]) -> list[Path]:
    """Files as given; directories replaced by the *.html files below them, sorted."""
    paths: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            paths.extend(sorted(html_files_below(path)))
        elif path.is_file():
            paths.append(path)
        else:
            raise UsageError(f"no such file or directory: {arg}")
    return paths


def html_files_below(directory: Path) -> list[Path]:
    """The *.htm* files below a directory; links to directories are not followed (they may loop)."""
    found: list[Path] = []
    for folder, _, files in os.walk(directory, onerror=_unreadable_folder):
        found.extend(Path(folder) / name for name in files if ".htm" in Path(name).suffix)
    return found


def _unreadable_folder(error: OSError) -> None:
    print(f"scrapy extract: {error.filename}: {error.strerror or error}", file=sys.stderr)
