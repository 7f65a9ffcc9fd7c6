"""Tests of newsspider.pipelines."""
