"""uprtc: the UPR technical cooperation repository and matchmaking service."""
