"""Log formatting that names a dropped article by its URL instead of dumping the whole item."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class ArticleLogFormatter(LogFormatter):
    """Dropped items are logged in one line: the reason and the URL."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        level = getattr(exception, "log_level", None) or logging.INFO
        return {
            "level": getattr(logging, level) if isinstance(level, str) else level,
            "msg": "Dropped: %(exception)s <%(url)s>",
            "args": {"exception": exception, "url": item.get("url") if hasattr(item, "get") else None},
        }
