"""Tests of newsspider.sites."""
