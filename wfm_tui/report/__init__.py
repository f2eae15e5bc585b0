"""Renderings of plans for people and other tools: diagrams (Graphviz DOT, Mermaid), a Markdown
change-request report and CSV tables.

Face-neutral: these modules build text from core values and import nothing but the core, so
that the command line, the editor and tests render the same way. Each format escapes what it
takes from a plan itself: any legal name must leave the output well-formed.
"""
