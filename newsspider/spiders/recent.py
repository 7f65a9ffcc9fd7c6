"""A bounded memory of the links a spider followed lately: the menu, section and footer links every page
repeats are not turned into requests again, only for the dupefilter to drop them."""

from __future__ import annotations

from collections import OrderedDict

RECENT_LINKS = 2048  # about the links of a site's page templates, at a few hundred kilobytes


class RecentLinks:
    """The last RECENT_LINKS URLs followed, with the shallowest depth each was followed from."""

    def __init__(self, size: int = RECENT_LINKS) -> None:
        self.size = size
        self.depths: OrderedDict[str, int] = OrderedDict()

    def followed(self, url: str, depth: int) -> bool:
        """Whether the URL was followed lately from as shallow a page (a request for it is redundant); else
        remember it. A deeper request may have been dropped by DEPTH_LIMIT where this one is allowed."""
        known = self.depths.get(url)
        if known is not None and known <= depth:
            self.depths.move_to_end(url)
            return True
        self.depths[url] = depth
        self.depths.move_to_end(url)
        if len(self.depths) > self.size:
            self.depths.popitem(last=False)
        return False
