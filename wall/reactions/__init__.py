"""Anonymous encouragement on published stories: "This helped me" and "Me too"."""
