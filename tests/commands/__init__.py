"""Tests of newsspider.commands."""
