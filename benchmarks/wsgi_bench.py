"""The production app plus one "hello" route: the framework floor the wall is measured against.

Only benchmarks/wall.py serves this module; production serves wsgi.py, which has no such route.
"""

from wall import create_app

app = create_app()


@app.get("/bench/hello")
def hello():
    return "hello"
