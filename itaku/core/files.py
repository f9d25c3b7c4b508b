"""Files stored by a service must not outlive the transaction that failed to record them."""

from contextlib import contextmanager


@contextmanager
def remove_files_on_error(*fieldfiles_of):
    """Run the block; if it raises, delete the files that ``fieldfiles_of()`` returns, then re-raise.

    Storage is not transactional: a file saved before a database error would otherwise stay on
    disk with no record pointing to it.
    """
    try:
        yield
    except BaseException:
        for get in fieldfiles_of:
            fieldfile = get()
            if fieldfile and fieldfile._committed:  # stored by this block, not merely uploaded
                fieldfile.storage.delete(fieldfile.name)
        raise
