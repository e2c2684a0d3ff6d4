"""A deterministic demo network for netzwerker, written in the platforms' real formats.

``python -m demo.generate OUTDIR`` writes ``OUTDIR/import/`` (what ``netzwerker
import`` reads) and ``OUTDIR/truth.json`` (what the reciprocity report must say).
Standard library only: it runs before, and independently of, every plugin.
"""
