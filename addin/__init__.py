"""The Excel add-in's Python side (import name `orderdesk_addin`): what the ribbon calls."""
