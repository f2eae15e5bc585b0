"""Renderings of what the core computes, for people and for other tools: check's results (plain
text, JSON, SARIF, GitHub annotations, JUnit) and plans (Graphviz DOT, Mermaid, a Markdown
change-request report, CSV tables).

Face-neutral: these modules build text from core values and import nothing but the core, so
that the command line, the editor and tests render the same way. Each format escapes what it
takes from a plan itself: any legal name must leave the output well-formed.
"""
