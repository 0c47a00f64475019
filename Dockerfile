# One image for web, worker and beat; the command decides which.
FROM python:3.11-slim

# Set to PyTorch's CPU wheel index at build time to keep the image small (PyPI's default torch
# for Linux is a CUDA build of several GB).
ARG PIP_EXTRA_INDEX_URL=""
ENV PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL} \
    PYTHONUNBUFFERED=1 \
    WALL_INSTANCE_PATH=/var/lib/wall \
    WALL_MODEL_DIR=/models \
    TORCH_HOME=/models/torch \
    HF_HOME=/models/hf-cache

WORKDIR /app
COPY pyproject.toml README.md ./
COPY wall ./wall
COPY workers ./workers
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --system --home /var/lib/wall wall && mkdir -p /var/lib/wall /models \
    && chown wall /var/lib/wall /models
USER wall
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
