"""Tests of the security hardening (one file per theme; docs/security.md maps them)."""
