"""Tests of newsspider.state."""
