"""Writers of the field's formats: one module per format (GDELT 2.0, …)."""
