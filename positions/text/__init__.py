"""Pure functions on text: diffing, merging, anchors, brackets, numbering, hashing, rendering (nothing else of ours)."""
