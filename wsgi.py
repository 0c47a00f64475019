from wall import create_app

app = create_app()
