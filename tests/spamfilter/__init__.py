"""Tests of the learning spam filter's pure core: features, scoring, the shipped seed."""
