"""The output folder: the manifest of what actegen wrote, the staging folder swapped in
atomically, and the lock that lets one render at a time write there."""
