"""The EU text as the member states' delegates read it: draft, EU versions and their comparison."""
