"""Uploads into the vault that never touch the disk in clear.

Django keeps an upload larger than a few megabytes in a temporary file, in clear. The vault's pages and
endpoints replace the upload handlers with :class:`SealingUploadHandler`: each chunk received is sealed at
once (:class:`~itaku.privacy.vault.Sealer`) under a key of its own, made for this upload and kept in
memory only, into a temporary file of ciphertext. The service then re-seals the stream under the
dataset's data key into the storage (:func:`itaku.privacy.services.dataset_file_add`), so the upload
handler needs neither the dataset nor the user, which are known only once the request is authenticated.
"""

import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from . import vault

HEAD_BYTES = 8192


class SealedUpload(UploadedFile):
    """An uploaded file held as ciphertext under an ephemeral key. ``chunks()`` yields its plaintext
    (decrypted record by record, tags checked); ``head`` is its first bytes, to check its kind."""

    def __init__(self, file, *, name, content_type, charset, key, size, sha256, head, too_large):
        super().__init__(file, name=name, content_type=content_type, size=size, charset=charset)
        self.key, self.sha256, self.head, self.too_large = key, sha256, head, too_large

    def chunks(self, chunk_size=None):
        self.file.seek(0)
        yield from vault.open_stream(self.file, self.key)

    def read(self, *args):  # never hand out the ciphertext as if it were the content
        raise OSError("a sealed upload is read through chunks()")

    def close(self):
        self.key = b""
        return self.file.close()


class SealingUploadHandler(FileUploadHandler):
    """Seals each file of the request as it arrives (see the module). A file past
    ``settings.ITAKU_MAX_UPLOAD_BYTES`` is read to its end but not kept; the service refuses it."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.key = vault.new_data_key()
        self.sealer = vault.Sealer(self.key)
        self.out = tempfile.TemporaryFile(prefix="itaku-sealed-")
        self.head = b""
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if self.too_large:
            return None
        if start + len(raw_data) > settings.ITAKU_MAX_UPLOAD_BYTES:
            self.too_large = True
            self.out.truncate(0)
            return None
        if len(self.head) < HEAD_BYTES:
            self.head += raw_data[:HEAD_BYTES - len(self.head)]
        self.out.write(self.sealer.update(raw_data))
        return None

    def file_complete(self, file_size):
        if not self.too_large:
            self.out.write(self.sealer.finish())
        self.out.seek(0)
        return SealedUpload(self.out, name=self.file_name, content_type=self.content_type,
                            charset=self.charset, key=self.key, size=file_size,
                            sha256=self.sealer.plain_sha256, head=self.head, too_large=self.too_large)


def seal_uploads(request) -> None:
    """Make the files of ``request`` (a Django request, before its body is read) arrive sealed."""
    request.upload_handlers = [SealingUploadHandler(request)]
