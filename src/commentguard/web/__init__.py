"""The framework-neutral web layer (placeholder; filled in by the form, thread and moderation parts)."""
