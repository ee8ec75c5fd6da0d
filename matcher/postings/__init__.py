"""Postings: HR's openings and the public job board."""
