"""Excel / CSV in and out: templates to fill, all-or-nothing imports with a preview, and exports."""
