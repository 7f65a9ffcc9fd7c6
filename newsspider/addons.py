"""Scrapy add-ons: the User-Agent from NEWSSPIDER_CONTACT, and distributed mode on Redis when
NEWSSPIDER_REDIS_URL is set."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, Settings

from newsspider.options import option
from newsspider.state import distributed


class ContactUserAgent:
    """Build USER_AGENT from NEWSSPIDER_CONTACT (so that -s NEWSSPIDER_CONTACT=... works), unless
    USER_AGENT itself was given."""

    def update_settings(self, settings: Settings) -> None:
        contact = option(settings, "NEWSSPIDER_CONTACT")
        if contact and (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["default"]:
            settings.set("USER_AGENT", f"newsspider/0.1 (+{contact})", "addon")


class RedisMode:
    """Share the request queue and the request dupefilter of all workers through scrapy-redis, in rounds
    (newsspider.rounds): the next round fetches home pages, sections and sitemaps again."""

    def update_settings(self, settings: Settings) -> None:
        url = distributed(settings)
        if not url:
            return
        settings.set("SCHEDULER", "newsspider.distributed.RoundScheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")  # a worker that stops leaves the queue to the others
