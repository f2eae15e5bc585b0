"""Renderings of what the core computes (findings, comparisons, impact, plans) for people and
for tools: plain text, JSON, SARIF, GitHub annotations, JUnit. Imports only the core."""
