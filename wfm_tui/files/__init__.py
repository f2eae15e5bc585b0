"""The files layer: plan files, bundled catalogs and templates. Imports the core, never Textual."""
