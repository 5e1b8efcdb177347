"""The live room of a workshop: the projector board, raised hands and help given, the room quiz."""
