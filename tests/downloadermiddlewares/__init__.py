"""Tests of newsspider.downloadermiddlewares."""
