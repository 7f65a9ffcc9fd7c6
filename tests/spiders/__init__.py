"""Tests of newsspider.spiders."""
