"""Real-browser tests: sanitized HTML must never run script in Chromium."""
