from django.apps import AppConfig


class EmbeddingsConfig(AppConfig):
    name = "uprtc.embeddings"
    verbose_name = "Embeddings"
