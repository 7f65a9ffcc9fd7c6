"""Scrapy add-ons: the User-Agent from NEWSSPIDER_CONTACT, and distributed mode on Redis when
NEWSSPIDER_REDIS_URL is set."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, Settings


class ContactUserAgent:
    """Build USER_AGENT from NEWSSPIDER_CONTACT (so that -s NEWSSPIDER_CONTACT=... works), unless
    USER_AGENT itself was given."""

    def update_settings(self, settings: Settings) -> None:
        contact = settings.get("NEWSSPIDER_CONTACT")
        if contact and (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["default"]:
            settings.set("USER_AGENT", f"newsspider/0.1 (+{contact})", "addon")


class RedisMode:
    """Share the request queue and the request dupefilter of all workers through scrapy-redis.

    The queue persists when a worker stops, so a dead worker's requests stay for the others. The dupefilter
    belongs to one round of the crawl (NEWSSPIDER_REDIS_ROUND, e.g. the cron timestamp shared by the
    workers started together): the next round fetches home pages, sections and sitemaps again.
    """

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("NEWSSPIDER_REDIS_URL")
        if not url:
            return
        round_name = settings.get("NEWSSPIDER_REDIS_ROUND")  # required: the crawl command checks it
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("SCHEDULER_QUEUE_KEY", f"newsspider:%(spider)s:{round_name}:requests", "addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"newsspider:%(spider)s:{round_name}:dupefilter", "addon")
