"""Tests of newsspider.extraction."""
