"""Tests of newsspider.discovery."""
