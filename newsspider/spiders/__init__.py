"""The project's spiders: crawling only, extraction lives in newsspider.extraction."""
