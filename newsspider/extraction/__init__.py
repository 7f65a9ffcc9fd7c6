"""Turning news pages into Article items: structured data, pruning, main content, media and links."""
