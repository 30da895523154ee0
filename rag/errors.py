"""Errors the user can act on; the CLI and the page show their message as one sentence."""


class RagError(Exception):
    """Base of every error whose message is meant for the user."""


class StoreMissingError(RagError):
    """The store folder holds no collection yet."""


class EmptyStoreError(RagError):
    """The store exists but holds no articles."""


class ModelMismatchError(RagError):
    """The store was built by another embedding model or index format."""


class InputError(RagError):
    """A path, file or question that cannot be used as given."""


class BackendError(RagError):
    """A configured language model or Chroma server cannot be reached or used."""


class ReadOnlyStoreError(RagError):
    """The store may be searched but not written: a read-only mount or a folder without write permission."""


class StoreCorruptedError(RagError):
    """The store's files are damaged in a way that cannot be rebuilt from the rest."""


class DiskFullError(RagError):
    """A write stopped because the disk is full; what was stored before it is intact."""
