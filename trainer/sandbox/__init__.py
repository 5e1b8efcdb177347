"""The practice copy of the one-stop system: sandboxes, dossiers, lifecycle, deadlines, codes, post, bundles."""
