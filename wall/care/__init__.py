"""Care for the people who post: crisis levels, people to talk to, identifying details, privacy."""
