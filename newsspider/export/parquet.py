"""The Parquet feed exporter: `FEEDS = {"output/%(time)s.parquet": {"format": "parquet"}}`."""

from __future__ import annotations

import io
import logging
from typing import IO, TYPE_CHECKING, Any

from scrapy.exporters import BaseItemExporter

if TYPE_CHECKING:
    import pyarrow.parquet as pq

logger = logging.getLogger(__name__)

BATCH_ROWS = 1000  # rows buffered before a write: one row group each, a few MB of articles


class ParquetItemExporter(BaseItemExporter):
    """Buffer items in batches and write each batch as a row group of ARTICLE_SCHEMA, zstd-compressed.

    FEED_EXPORTERS names this class for every crawl with FEEDS, so pyarrow (an extra) is imported only
    when a Parquet feed is really written."""

    def __init__(self, file: IO[bytes], *, batch_size: int = BATCH_ROWS, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        from newsspider.export import arrow  # imported late: see the class docstring

        self.arrow = arrow
        self.file = file
        self.batch_size = max(1, int(batch_size))
        self.rows: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None
        self.exported = 0

    def start_exporting(self) -> None:
        import pyarrow.parquet as pq  # imported late: an extra

        if _appends_to_data(self.file):  # FileFeedStorage opens in append mode unless overwrite is set
            raise ValueError(
                f"{getattr(self.file, 'name', 'the feed file')} already holds data, and a Parquet file cannot be "
                "appended to: put %(time)s in the feed URI or set overwrite: true"
            )
        self.writer = pq.ParquetWriter(_CountingSink(self.file), self.arrow.ARTICLE_SCHEMA, compression="zstd")

    def export_item(self, item: Any) -> None:
        self.rows.append(dict(self.get_serialized_fields(item, include_empty=True)))
        if len(self.rows) >= self.batch_size:
            self._write_batch()

    def finish_exporting(self) -> None:
        """Write the last batch and the file's footer; the file itself is Scrapy's to close."""
        if self.writer is None:
            return
        self._write_batch()
        self.writer.close()
        self.writer = None
        logger.debug("Exported %d items as Parquet", self.exported)

    def _write_batch(self) -> None:
        if not self.rows:
            return
        assert self.writer is not None, "start_exporting was not called"
        self.writer.write_table(self.arrow.records_to_table(self.rows))
        self.exported += len(self.rows)
        self.rows = []


class _CountingSink:
    """The feed file as pyarrow writes to it, its position counted from the first byte written.

    Parquet's footer stores byte offsets, which pyarrow takes from tell(); the file Scrapy gives may not tell
    them right (a postprocessing wrapper tells the compressed position) or not at all."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.position = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self.file.write(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        self.file.flush()

    def close(self) -> None:
        self.closed = True  # never the feed file: FeedExporter closes it when it stores the feed


def _appends_to_data(file: IO[bytes]) -> bool:
    """Whether the file is opened to append after data already there. Only a plain file can tell: the tell() of
    a postprocessing wrapper counts what its plugins wrote (a gzip header) before any item."""
    if "a" not in str(getattr(file, "mode", "")):
        return False
    try:
        return file.tell() > 0
    except (OSError, io.UnsupportedOperation):
        return False
